import pytest

from lpn_crm.domain.receipts import ReceiptNumberError, format_receipt_number, parse_receipt_number


def test_format_pads_the_sequence_to_six_digits():
	assert format_receipt_number(2026, 123) == "LPN-RC-2026-000123"
	assert format_receipt_number(2026, 1) == "LPN-RC-2026-000001"
	assert format_receipt_number(2026, 999_999) == "LPN-RC-2026-999999"


def test_format_keeps_counting_past_six_digits():
	assert format_receipt_number(2026, 1_000_000) == "LPN-RC-2026-1000000"


def test_format_with_another_prefix():
	assert format_receipt_number(2027, 42, prefix="LPN-SE") == "LPN-SE-2027-000042"
	assert format_receipt_number(2027, 42, prefix="RC") == "RC-2027-000042"


@pytest.mark.parametrize("sequence", [0, -1, True, 1.0, "1", None])
def test_format_rejects_bad_sequences(sequence):
	with pytest.raises(ReceiptNumberError, match="sequence"):
		format_receipt_number(2026, sequence)


@pytest.mark.parametrize("year", [26, 999, 10000, "2026", None])
def test_format_rejects_years_that_are_not_four_digits(year):
	with pytest.raises(ReceiptNumberError, match="year"):
		format_receipt_number(year, 1)


@pytest.mark.parametrize("prefix", ["", "LPN RC", "LPN-", "-RC", "LPN--RC", "LPN_RC", "ใบเสร็จ", None])
def test_format_rejects_bad_prefixes(prefix):
	with pytest.raises(ReceiptNumberError, match="prefix"):
		format_receipt_number(2026, 1, prefix=prefix)


def test_parse():
	assert parse_receipt_number("LPN-RC-2026-000123") == ("LPN-RC", 2026, 123)
	assert parse_receipt_number("RC-2569-000001") == ("RC", 2569, 1)
	assert parse_receipt_number(" LPN-RC-2026-000123 ") == ("LPN-RC", 2026, 123)


def test_parse_long_sequences():
	assert parse_receipt_number("LPN-RC-2026-1000000") == ("LPN-RC", 2026, 1_000_000)


def test_format_and_parse_round_trip():
	for year, sequence, prefix in [(2026, 1, "LPN-RC"), (2030, 999_999, "X"), (2026, 12_345_678, "A-B-C")]:
		number = format_receipt_number(year, sequence, prefix)
		assert parse_receipt_number(number) == (prefix, year, sequence)


@pytest.mark.parametrize(
	"number",
	[
		"",
		"LPN-RC",
		"LPN-RC-2026",
		"LPN-RC-2026-123",  # not padded
		"LPN-RC-26-000123",  # two-digit year
		"LPN-RC-2026-000000",  # sequences start at 1
		"LPN-RC-2026-0001234",  # a second spelling of 1234
		"LPN-RC-2026-00012a",
		"LPN RC-2026-000123",
		"-2026-000123",
		"2026-000123",
		None,
		2026,
	],
)
def test_parse_rejects_malformed_numbers(number):
	with pytest.raises(ReceiptNumberError, match="is not a receipt number"):
		parse_receipt_number(number)


def test_receipt_number_error_is_a_value_error():
	assert issubclass(ReceiptNumberError, ValueError)
