from decimal import Decimal

import pytest

from lpn_crm.domain.amount_words import baht_text, burmese_baht_text, english_amount_words
from lpn_crm.domain.money import MoneyError

# ---- baht_text (as Excel's BAHTTEXT) --------------------------------------------------------------


@pytest.mark.parametrize(
	("amount", "words"),
	[
		(0, "ศูนย์บาทถ้วน"),
		(1, "หนึ่งบาทถ้วน"),
		(2, "สองบาทถ้วน"),
		(10, "สิบบาทถ้วน"),
		(11, "สิบเอ็ดบาทถ้วน"),
		(20, "ยี่สิบบาทถ้วน"),
		(21, "ยี่สิบเอ็ดบาทถ้วน"),
		(25, "ยี่สิบห้าบาทถ้วน"),
		(31, "สามสิบเอ็ดบาทถ้วน"),
		(100, "หนึ่งร้อยบาทถ้วน"),
		(101, "หนึ่งร้อยเอ็ดบาทถ้วน"),
		(110, "หนึ่งร้อยสิบบาทถ้วน"),
		(111, "หนึ่งร้อยสิบเอ็ดบาทถ้วน"),
		(120, "หนึ่งร้อยยี่สิบบาทถ้วน"),
		(1001, "หนึ่งพันเอ็ดบาทถ้วน"),
		(1500, "หนึ่งพันห้าร้อยบาทถ้วน"),
		(10000, "หนึ่งหมื่นบาทถ้วน"),
		(100000, "หนึ่งแสนบาทถ้วน"),
		(999999, "เก้าแสนเก้าหมื่นเก้าพันเก้าร้อยเก้าสิบเก้าบาทถ้วน"),
	],
)
def test_baht_text_whole_baht(amount, words):
	assert baht_text(amount) == words


@pytest.mark.parametrize(
	("amount", "words"),
	[
		(1_000_000, "หนึ่งล้านบาทถ้วน"),
		(1_000_001, "หนึ่งล้านหนึ่งบาทถ้วน"),
		(1_000_011, "หนึ่งล้านสิบเอ็ดบาทถ้วน"),
		(1_000_101, "หนึ่งล้านหนึ่งร้อยเอ็ดบาทถ้วน"),
		(1_100_000, "หนึ่งล้านหนึ่งแสนบาทถ้วน"),
		(10_000_000, "สิบล้านบาทถ้วน"),
		(11_000_000, "สิบเอ็ดล้านบาทถ้วน"),
		(21_000_000, "ยี่สิบเอ็ดล้านบาทถ้วน"),
		(101_000_000, "หนึ่งร้อยเอ็ดล้านบาทถ้วน"),
		(1_000_000_000_000, "หนึ่งล้านล้านบาทถ้วน"),
		(2_000_001_000_000, "สองล้านหนึ่งล้านบาทถ้วน"),
	],
)
def test_baht_text_millions(amount, words):
	assert baht_text(amount) == words


@pytest.mark.parametrize(
	("amount", "words"),
	[
		("1234.50", "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"),
		("0.25", "ยี่สิบห้าสตางค์"),
		("0.01", "หนึ่งสตางค์"),
		("0.11", "สิบเอ็ดสตางค์"),
		("0.21", "ยี่สิบเอ็ดสตางค์"),
		("1.50", "หนึ่งบาทห้าสิบสตางค์"),
		("100.01", "หนึ่งร้อยบาทหนึ่งสตางค์"),
		("21.21", "ยี่สิบเอ็ดบาทยี่สิบเอ็ดสตางค์"),
	],
)
def test_baht_text_with_satang(amount, words):
	assert baht_text(amount) == words


def test_baht_text_rounds_to_satang_half_up_first():
	assert baht_text("1.005") == "หนึ่งบาทหนึ่งสตางค์"
	assert baht_text("1.004") == "หนึ่งบาทถ้วน"
	assert baht_text("0.995") == "หนึ่งบาทถ้วน"


def test_baht_text_reads_floats_and_decimals():
	assert baht_text(1234.5) == "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"
	assert baht_text(Decimal("1500.00")) == "หนึ่งพันห้าร้อยบาทถ้วน"


def test_baht_text_negative_amounts_get_the_minus_prefix():
	assert baht_text(-1) == "ลบหนึ่งบาทถ้วน"
	assert baht_text("-0.25") == "ลบยี่สิบห้าสตางค์"


def test_baht_text_negative_that_rounds_to_zero_is_plain_zero():
	assert baht_text("-0.001") == "ศูนย์บาทถ้วน"


def test_baht_text_rejects_non_amounts():
	with pytest.raises(MoneyError):
		baht_text(None)
	with pytest.raises(MoneyError):
		baht_text("หนึ่งร้อย")


# ---- english_amount_words -------------------------------------------------------------------------


@pytest.mark.parametrize(
	("amount", "currency", "words"),
	[
		("1234.50", "THB", "One thousand two hundred thirty-four baht and fifty satang"),
		(100, "USD", "One hundred US dollars"),
		(1, "THB", "One baht"),
		(2, "THB", "Two baht"),
		(1, "USD", "One US dollar"),
		("1.01", "EUR", "One euro and one cent"),
		("2.02", "EUR", "Two euros and two cents"),
		("0.50", "THB", "Fifty satang"),
		("0.01", "USD", "One cent"),
		(0, "THB", "Zero baht"),
		(0, "USD", "Zero US dollars"),
	],
)
def test_english_amount_words(amount, currency, words):
	assert english_amount_words(amount, currency) == words


def test_english_defaults_to_baht():
	assert english_amount_words(1500) == "One thousand five hundred baht"


@pytest.mark.parametrize(
	("amount", "words"),
	[
		(11, "Eleven baht"),
		(19, "Nineteen baht"),
		(20, "Twenty baht"),
		(21, "Twenty-one baht"),
		(99, "Ninety-nine baht"),
		(101, "One hundred one baht"),
		(110, "One hundred ten baht"),
		(1_000, "One thousand baht"),
		(1_001, "One thousand one baht"),
		(10_000, "Ten thousand baht"),
		(100_000, "One hundred thousand baht"),
		(1_000_000, "One million baht"),
		(1_000_001, "One million one baht"),
		(2_500_000, "Two million five hundred thousand baht"),
		(1_000_000_000, "One billion baht"),
		(1_000_000_000_000, "One trillion baht"),
	],
)
def test_english_numbers(amount, words):
	assert english_amount_words(amount) == words


def test_english_up_to_the_trillions():
	words = english_amount_words(999_999_999_999_999)
	assert words.startswith("Nine hundred ninety-nine trillion nine hundred ninety-nine billion")
	assert words.endswith("nine hundred ninety-nine baht")


def test_english_refuses_quadrillions():
	with pytest.raises(MoneyError, match="too large"):
		english_amount_words(1_000_000_000_000_000)


def test_english_other_currencies_use_the_code_and_cents():
	assert english_amount_words(5, "MMK") == "Five MMK"
	assert english_amount_words("5.05", "gbp") == "Five GBP and five cents"


def test_english_zero_decimal_currencies_have_no_minor_part():
	assert english_amount_words(100, "JPY") == "One hundred JPY"
	assert english_amount_words("100.5", "JPY") == "One hundred one JPY"


def test_english_three_decimal_currencies_count_thousandths():
	assert english_amount_words("1.5", "KWD") == "One KWD and five hundred cents"


def test_english_rounds_half_up_to_the_minor_unit():
	assert english_amount_words("1.005", "USD") == "One US dollar and one cent"


def test_english_negative_amounts():
	assert english_amount_words("-2.50", "USD") == "Minus two US dollars and fifty cents"


def test_english_currency_code_is_case_insensitive():
	assert english_amount_words(3, "thb") == english_amount_words(3, "THB")


def test_english_rejects_bad_currency():
	with pytest.raises(MoneyError, match="currency code"):
		english_amount_words(1, "BAHT")


@pytest.mark.parametrize(
	("amount", "words"),
	[
		("1234.50", "တစ်ထောင့်နှစ်ရာ့သုံးဆယ့်လေး ဘတ် ငါးဆယ် စတန်"),
		("1000", "တစ်ထောင် ဘတ်"),
		("1500", "တစ်ထောင့်ငါးရာ ဘတ်"),
		("21", "နှစ်ဆယ့်တစ် ဘတ်"),
		("1010", "တစ်ထောင့်တစ်ဆယ် ဘတ်"),
		("250000", "နှစ်သိန်းငါးသောင်း ဘတ်"),
		("0.25", "နှစ်ဆယ့်ငါး စတန်"),
		("0", "သုည ဘတ်"),
		("-5", "အနုတ် ငါး ဘတ်"),
	],
)
def test_burmese_baht_text(amount, words):
	"""Before: Burmese receipts and letters had no amount in words (English words stood in)."""
	assert burmese_baht_text(amount) == words
