import csv
import io
from dataclasses import FrozenInstanceError
from datetime import date
from decimal import Decimal

import pytest

from lpn_crm.domain.e_donation import (
	EDONATION_COLUMNS,
	EDonationError,
	EDonationRow,
	edonation_row,
	eligibility,
	to_csv,
)
from lpn_crm.domain.money import MoneyError
from lpn_crm.domain.thai_id import InvalidThaiID, thai_id_check_digit

VALID_ID = "1101700230708"
# The same person as a clerk might type it.
VALID_ID_WRITTEN = "1-1017-00230-70-8"
OTHER_ID = "310060012345" + str(thai_id_check_digit("310060012345"))
DAY = date(2026, 11, 26)


def test_columns():
	assert EDONATION_COLUMNS == ("donor_tax_id", "donor_name", "amount", "donation_date")


# ---- edonation_row --------------------------------------------------------------------------------


def test_row_is_formatted_for_the_revenue_department():
	assert edonation_row(VALID_ID_WRITTEN, "  สมชาย ใจดี ", 1500, DAY) == (
		VALID_ID,
		"สมชาย ใจดี",
		"1500.00",
		"26/11/2569",
	)


def test_row_date_is_zero_padded_buddhist_era():
	assert edonation_row(VALID_ID, "A", 1, date(2027, 1, 5))[3] == "05/01/2570"


@pytest.mark.parametrize(
	("amount", "text"),
	[
		("1500", "1500.00"),
		(Decimal("0.5"), "0.50"),
		(99.9, "99.90"),
		("1234567.89", "1234567.89"),
		("10.000", "10.00"),
	],
)
def test_row_amount_has_exactly_two_places_and_no_separators(amount, text):
	assert edonation_row(VALID_ID, "A", amount, DAY)[2] == text


def test_row_refuses_to_round_fractions_of_a_satang():
	with pytest.raises(MoneyError, match="more decimal places"):
		edonation_row(VALID_ID, "A", "10.005", DAY)


@pytest.mark.parametrize("amount", [0, "-5", "0.00"])
def test_row_needs_a_positive_amount(amount):
	with pytest.raises(MoneyError, match="greater than zero"):
		edonation_row(VALID_ID, "A", amount, DAY)


def test_row_needs_a_valid_thai_id():
	with pytest.raises(InvalidThaiID, match="check digit"):
		edonation_row("1101700230709", "A", 100, DAY)
	with pytest.raises(InvalidThaiID):
		edonation_row("", "A", 100, DAY)


@pytest.mark.parametrize("name", ["", "   ", "\t\n", None])
def test_row_needs_a_name(name):
	with pytest.raises(EDonationError, match="name is required"):
		edonation_row(VALID_ID, name, 100, DAY)


def test_row_collapses_line_breaks_in_the_name():
	assert edonation_row(VALID_ID, "Somchai\r\n  Jaidee", 100, DAY)[1] == "Somchai Jaidee"


def test_row_keeps_burmese_names():
	assert edonation_row(VALID_ID, "ဦး အောင်ကျော်", 100, DAY)[1] == "ဦး အောင်ကျော်"


def test_row_class_is_frozen_and_orders_fields_like_the_columns():
	row = EDonationRow.build(VALID_ID, "A", 100, DAY)
	assert row.as_tuple() == (VALID_ID, "A", "100.00", "26/11/2569")
	assert row.donor_tax_id == VALID_ID
	with pytest.raises(FrozenInstanceError):
		row.amount = "1.00"


def test_edonation_error_is_a_value_error():
	assert issubclass(EDonationError, ValueError)


# ---- eligibility ----------------------------------------------------------------------------------


def test_eligible_cash_gift_with_consent_and_id():
	assert eligibility(VALID_ID, True, "500", False) == (True, "")
	assert eligibility(VALID_ID_WRITTEN, 1, 500, 0) == (True, "")


def test_in_kind_gifts_are_not_reported():
	eligible, reason = eligibility(VALID_ID, True, "500", True)
	assert not eligible
	assert "In-kind" in reason


@pytest.mark.parametrize("amount", [0, "-1", None, "abc"])
def test_gifts_without_a_positive_amount_are_not_reported(amount):
	eligible, reason = eligibility(VALID_ID, True, amount, False)
	assert not eligible
	assert "more than zero" in reason


@pytest.mark.parametrize("consent", [False, 0, None])
def test_gifts_without_consent_are_not_reported(consent):
	eligible, reason = eligibility(VALID_ID, consent, "500", False)
	assert not eligible
	assert "not agreed" in reason


@pytest.mark.parametrize("tax_id", [None, "", "   "])
def test_gifts_without_an_id_are_not_reported(tax_id):
	assert eligibility(tax_id, True, "500", False) == (False, "The donor has no Thai ID number.")


def test_gifts_with_an_invalid_id_are_not_reported_and_say_why():
	eligible, reason = eligibility("1101700230709", True, "500", False)
	assert not eligible
	assert reason.startswith("The donor's Thai ID number is not valid:")
	assert "check digit" in reason
	assert reason.endswith("?")
	eligible, reason = eligibility("12345", True, "500", False)
	assert "13 digits" in reason
	assert reason.endswith(".")


def test_reasons_are_single_sentences():
	for args in [(VALID_ID, True, "500", True), (VALID_ID, False, "500", False), (None, True, "500", False)]:
		eligible, reason = eligibility(*args)
		assert not eligible
		assert reason[0].isupper()
		assert reason.endswith(".")


# ---- to_csv ---------------------------------------------------------------------------------------


def test_csv_has_a_header_and_crlf_line_ends():
	text = to_csv([edonation_row(VALID_ID, "สมชาย ใจดี", 1500, DAY)])
	assert (
		text
		== "donor_tax_id,donor_name,amount,donation_date\r\n1101700230708,สมชาย ใจดี,1500.00,26/11/2569\r\n"
	)


def test_csv_of_no_rows_is_just_the_header():
	assert to_csv([]) == "donor_tax_id,donor_name,amount,donation_date\r\n"


def test_csv_quotes_names_with_commas_and_reads_back():
	rows = [
		edonation_row(VALID_ID, "Jaidee, Somchai", "100.5", DAY),
		edonation_row(OTHER_ID, 'Ma "Mimi" Lay', 20, date(2026, 1, 2)),
	]
	text = to_csv(rows)
	assert '"Jaidee, Somchai"' in text
	parsed = list(csv.reader(io.StringIO(text, newline="")))
	assert parsed[0] == list(EDONATION_COLUMNS)
	assert [tuple(r) for r in parsed[1:]] == rows


def test_csv_is_utf8_encodable_thai_text():
	text = to_csv([edonation_row(VALID_ID, "นางสาวสมหญิง", 1, DAY)])
	assert "นางสาวสมหญิง".encode() in text.encode("utf-8")


def test_csv_accepts_row_objects():
	row = EDonationRow.build(VALID_ID, "A", 100, DAY)
	assert to_csv([row]) == to_csv([row.as_tuple()])


def test_csv_rejects_rows_of_the_wrong_width():
	with pytest.raises(EDonationError, match="4 fields, not 3"):
		to_csv([(VALID_ID, "A", "100.00")])
