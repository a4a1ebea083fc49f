import pytest

from lpn_crm.domain.thai_id import (
	InvalidThaiID,
	is_valid_thai_id,
	normalize_thai_id,
	thai_id_check_digit,
	validate_thai_id,
)


def with_check_digit(first12: str) -> str:
	return first12 + str(thai_id_check_digit(first12))


# Worked by hand: 1-1017-00230-70-?
# 1*13 + 1*12 + 0*11 + 1*10 + 7*9 + 0*8 + 0*7 + 2*6 + 3*5 + 0*4 + 7*3 + 0*2 = 146; 146 % 11 = 3;
# (11 - 3) % 10 = 8.
HAND_CHECKED = "1101700230708"


def test_check_digit_worked_by_hand():
	assert thai_id_check_digit("110170023070") == 8
	assert validate_thai_id(HAND_CHECKED) == HAND_CHECKED


def test_check_digit_when_remainder_is_zero_or_one():
	# 1*13 + 1*9 = 22, remainder 0: (11 - 0) % 10 = 1
	assert thai_id_check_digit("100010000000") == 1
	# 1*13 + 1*10 = 23, remainder 1: (11 - 1) % 10 = 0
	assert thai_id_check_digit("100100000000") == 0


@pytest.mark.parametrize("first12", ["123456789012", "310060012345", "510123456789", "899999999999"])
def test_computed_ids_validate(first12):
	thai_id = with_check_digit(first12)
	assert validate_thai_id(thai_id) == thai_id
	assert is_valid_thai_id(thai_id)


@pytest.mark.parametrize("bad", ["12345678901", "1234567890123", "abc", "", "1234567890a"])
def test_check_digit_needs_twelve_digits(bad):
	with pytest.raises(InvalidThaiID):
		thai_id_check_digit(bad)


def test_normalize_strips_spaces_dashes_and_dots():
	assert normalize_thai_id("1-1017-00230-70-8") == HAND_CHECKED
	assert normalize_thai_id(" 1 1017 00230 70 8 ") == HAND_CHECKED
	assert normalize_thai_id("1.1017.00230.70.8") == HAND_CHECKED
	assert normalize_thai_id("1–1017–00230–70–8") == HAND_CHECKED  # en dashes from a word processor


def test_normalize_reads_thai_digits():
	assert normalize_thai_id("๑-๑๐๑๗-๐๐๒๓๐-๗๐-๘") == HAND_CHECKED


def test_validate_accepts_the_written_forms():
	assert validate_thai_id("1-1017-00230-70-8") == HAND_CHECKED
	assert validate_thai_id("๑ ๑๐๑๗ ๐๐๒๓๐ ๗๐ ๘") == HAND_CHECKED


@pytest.mark.parametrize("raw", ["110170023070", "11017002307080", "1-1017-00230-70"])
def test_wrong_length_is_reported(raw):
	with pytest.raises(InvalidThaiID, match="has 13 digits"):
		validate_thai_id(raw)


def test_wrong_length_says_how_many_digits_were_given():
	with pytest.raises(InvalidThaiID, match=r"has 12$"):
		validate_thai_id("110170023070")


@pytest.mark.parametrize("raw", ["11017002307O8", "A101700230708", "1101700230708x", "1/1017/00230/70/8"])
def test_non_digits_are_reported(raw):
	with pytest.raises(InvalidThaiID, match="contains only digits"):
		validate_thai_id(raw)


def test_burmese_digits_are_not_thai_id_digits():
	# str.isdigit() is True for these; a Thai ID is never written in them.
	with pytest.raises(InvalidThaiID, match="contains only digits"):
		validate_thai_id("၁၁၀၁၇၀၀၂၃၀၇၀၈")


def test_leading_zero_is_reported():
	zero_first = with_check_digit("010170023070")
	with pytest.raises(InvalidThaiID, match="cannot start with 0"):
		validate_thai_id(zero_first)


def test_wrong_check_digit_is_reported_without_the_expected_digit():
	with pytest.raises(InvalidThaiID, match=r"check digit .* does not match: mistyped") as caught:
		validate_thai_id("1101700230709")
	assert "8" not in str(caught.value).replace("1101700230709", "")


def test_adjacent_transposition_is_caught():
	# 10 <-> 01 at positions 1-2 and 23 <-> 32 inside the number.
	assert not is_valid_thai_id("1011700230708")
	assert not is_valid_thai_id("1101700320708")


def test_single_digit_typos_are_caught_except_in_the_third_digit():
	# The third digit's weight is 11, which vanishes mod 11: a known blind spot of the scheme.
	missed = set()
	for position in range(13):
		for digit in "0123456789":
			typo = HAND_CHECKED[:position] + digit + HAND_CHECKED[position + 1 :]
			if typo != HAND_CHECKED and is_valid_thai_id(typo):
				missed.add(position)
	assert missed == {2}


@pytest.mark.parametrize("raw", [None, "", "   ", "--"])
def test_missing_id_is_required(raw):
	with pytest.raises(InvalidThaiID, match="required"):
		validate_thai_id(raw)
	assert not is_valid_thai_id(raw)


def test_is_valid_is_false_for_each_problem():
	assert not is_valid_thai_id("123")
	assert not is_valid_thai_id("abcdefghijklm")
	assert not is_valid_thai_id(with_check_digit("012345678901"))
	assert not is_valid_thai_id("1101700230709")
	assert is_valid_thai_id(HAND_CHECKED)


def test_invalid_thai_id_is_a_value_error():
	assert issubclass(InvalidThaiID, ValueError)


def test_juristic_taxpayer_ids_may_start_with_zero():
	first12 = "010555812345"
	company = first12 + str(thai_id_check_digit(first12))
	with pytest.raises(InvalidThaiID, match="cannot start with 0"):
		validate_thai_id(company)
	assert validate_thai_id(company, allow_leading_zero=True) == company
	with pytest.raises(InvalidThaiID, match="check digit"):
		validate_thai_id(company[:-1] + str((int(company[-1]) + 1) % 10), allow_leading_zero=True)
