from decimal import Decimal

import pytest

from lpn_crm.domain.promptpay import PromptPayError, crc16, promptpay_payload, promptpay_target


def test_crc_matches_the_ccitt_false_check_value():
	assert crc16("123456789") == "29B1"


def test_a_mobile_number_becomes_its_international_form():
	assert promptpay_target("081-234-5678") == ("01", "0066812345678")


def test_a_tax_id_is_kept_whole():
	assert promptpay_target("0993000133271") == ("02", "0993000133271")


def test_a_reusable_payload_for_a_phone():
	payload = promptpay_payload("0812345678")
	assert payload.startswith("000201010211")
	assert "29370016A000000677010111011300668123456785802TH5303764" in payload
	assert payload[-8:-4] == "6304"
	assert payload[-4:] == crc16(payload[:-4])


def test_an_amount_makes_a_one_time_payload():
	payload = promptpay_payload("0993000133271", Decimal("500"))
	assert payload.startswith("000201010212")
	assert "5406500.00" in payload


@pytest.mark.parametrize("raw", ["", "12345", "08123456789x", "๐๘๑๒๓๔๕๖๗๘"])
def test_anything_else_is_refused(raw):
	with pytest.raises(PromptPayError):
		promptpay_target(raw)
