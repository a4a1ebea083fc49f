from dataclasses import FrozenInstanceError

import pytest

from lpn_crm.domain.matching import (
	DonorKeys,
	InvalidCountryCode,
	donor_keys,
	fold_name,
	likely_duplicate,
	normalize_email,
	normalize_phone,
)

# ---- normalize_email ------------------------------------------------------------------------------


def test_email_is_stripped_and_lower_cased():
	assert normalize_email("  Somchai.J@Example.CO.TH ") == "somchai.j@example.co.th"


@pytest.mark.parametrize(
	"raw",
	[
		None,
		"",
		"   ",
		"somchai",
		"somchai@",
		"@example.com",
		"somchai@localhost",
		"a@b@example.com",
		"somchai@.example.com",
		"somchai@example.com.",
		"somchai@example..com",
		"som chai@example.com",
	],
)
def test_unusable_emails_are_none(raw):
	assert normalize_email(raw) is None


def test_plus_addresses_are_kept_as_written():
	assert normalize_email("donor+lpn@gmail.com") == "donor+lpn@gmail.com"


# ---- normalize_phone ------------------------------------------------------------------------------


@pytest.mark.parametrize(
	("raw", "e164"),
	[
		("081-234-5678", "+66812345678"),
		("02 123 4567", "+6621234567"),
		("+95 9 123 456 789", "+959123456789"),
		("0066812345678", "+66812345678"),
		("66812345678", "+66812345678"),
		("6621234567", "+6621234567"),
		("(02) 123-4567", "+6621234567"),
		("081.234.5678", "+66812345678"),
		("+66 81 234 5678", "+66812345678"),
		("+66 (0)81 234 5678", "+66812345678"),
		("+1 (415) 555-0100", "+14155550100"),
	],
)
def test_phone_to_e164(raw, e164):
	assert normalize_phone(raw) == e164


def test_all_spellings_of_one_number_meet():
	spellings = [
		"081-234-5678",
		"0812345678",
		"+66812345678",
		"66 81 234 5678",
		"0066-81-234-5678",
		"+66(0)812345678",
	]
	assert {normalize_phone(s) for s in spellings} == {"+66812345678"}


def test_fifteen_digits_is_the_e164_limit():
	assert normalize_phone("+66 1234567890123") == "+661234567890123"


def test_phone_in_thai_digits():
	assert normalize_phone("๐๘๑-๒๓๔-๕๖๗๘") == "+66812345678"


def test_phone_in_myanmar_digits_with_myanmar_default():
	assert normalize_phone("၀၉ ၁၂၃ ၄၅၆ ၇၈၉", default_country_code="95") == "+959123456789"


def test_phone_in_fullwidth_digits():
	assert normalize_phone("０８１２３４５６７８") == "+66812345678"


def test_trunk_zero_uses_the_default_country():
	assert normalize_phone("09 123 456 789", default_country_code="95") == "+959123456789"
	assert normalize_phone("020 5555 1234", default_country_code="+856") == "+8562055551234"


def test_national_number_without_trunk_zero():
	assert normalize_phone("812345678") == "+66812345678"


def test_international_number_that_lost_its_plus():
	# Spreadsheets drop the leading "+"; 12 digits cannot be a Thai national number.
	assert normalize_phone("959123456789") == "+959123456789"


# Numbers the hand-written table of national lengths got wrong; libphonenumber's metadata reads them right.
@pytest.mark.parametrize(
	("raw", "country", "e164"),
	[
		# Myanmar mobile of ten national digits without its trunk 0 (the table made it Sri Lankan, +94).
		("9 4000 12345", "95", "+959400012345"),
		# Lao mobile without its trunk 0 (the table made it Egyptian, +20).
		("20 5555 1234", "856", "+8562055551234"),
		# The trunk 0 written after the country code belongs to national dialling only.
		("+66 0 81 234 5678", "66", "+66812345678"),
		("660812345678", "66", "+66812345678"),
		("+856 020 5555 1234", "66", "+8562055551234"),
		# Italy keeps its leading 0 in international form.
		("06 1234 5678", "39", "+390612345678"),
	],
)
def test_numbers_the_length_table_got_wrong(raw, country, e164):
	"""Each failed on the hand-written table that libphonenumber replaced."""
	assert normalize_phone(raw, default_country_code=country) == e164


@pytest.mark.parametrize(
	("raw", "country", "e164"),
	[
		("+855 96 123 4567", "66", "+855961234567"),  # Cambodian mobile, 9 national digits
		("855 96 123 4567", "66", "+855961234567"),
		("96 123 4567", "855", "+855961234567"),
		("012 345 678", "855", "+85512345678"),  # Cambodian mobile, 8 national digits
		("+95 9 7312 3456", "66", "+95973123456"),  # Myanmar mobiles of 8 to 10 digits after the 9
		("+95 9 25 123 4567", "66", "+959251234567"),
		("+959 123 4567", "66", "+9591234567"),
		("021 212 345", "856", "+85621212345"),  # Vientiane landline
	],
)
def test_mekong_numbers_of_varying_lengths(raw, country, e164):
	assert normalize_phone(raw, default_country_code=country) == e164


@pytest.mark.parametrize(
	("raw", "country"),
	[
		("+1 415 555 010", "66"),  # nine digits after +1
		("+856 20 5555 12345", "66"),  # a Lao mobile one digit too long
		("095 4000 12345", "95"),  # a Myanmar number one digit too long
	],
)
def test_numbers_of_a_length_their_country_never_has_are_none(raw, country):
	"""The table accepted any 8 to 15 digits after a "+"; each country's metadata knows its lengths."""
	assert normalize_phone(raw, default_country_code=country) is None


@pytest.mark.parametrize(
	"raw",
	[
		None,
		"",
		"   ",
		"1234567",  # seven digits
		"081-234",
		"+66 12345678901234",  # sixteen digits
		"0812345678 ext 12",
		"081-CALL-NOW",
		"tel:0812345678",
		"+0812345678",
		"+",
	],
)
def test_unusable_phones_are_none(raw):
	assert normalize_phone(raw) is None


@pytest.mark.parametrize("code", ["", "abc", "1234", "๖๖", "999"])
def test_bad_default_country_code_is_an_error(code):
	with pytest.raises(InvalidCountryCode):
		normalize_phone("0812345678", default_country_code=code)


# ---- fold_name ------------------------------------------------------------------------------------


def test_word_order_case_and_spacing_do_not_matter():
	assert fold_name("Jaidee Somchai") == fold_name("somchai  JAIDEE") == "jaidee somchai"


@pytest.mark.parametrize(
	"raw",
	[
		"Mr Somchai Jaidee",
		"Mr. Somchai Jaidee",
		"mr.somchai jaidee",
		"Dr Somchai Jaidee",
		"Khun Somchai Jaidee",
	],
)
def test_english_titles_are_dropped(raw):
	assert fold_name(raw) == "jaidee somchai"


@pytest.mark.parametrize("title", ["Mrs", "Ms", "Miss", "MRS."])
def test_english_titles_for_women_are_dropped(title):
	assert fold_name(f"{title} Somying Jaidee") == "jaidee somying"


@pytest.mark.parametrize(
	"raw",
	[
		"นายสมชาย ใจดี",
		"นาย สมชาย ใจดี",
		"คุณสมชาย ใจดี",
		"คุณ สมชาย ใจดี",
		"ด.ช.สมชาย ใจดี",
		"ด.ช. สมชาย ใจดี",
		"ดร.สมชาย ใจดี",
		"ใจดี สมชาย",
	],
)
def test_thai_titles_are_dropped_attached_or_apart(raw):
	assert fold_name(raw) == fold_name("สมชาย ใจดี")


def test_thai_women_titles():
	assert fold_name("นางสาวสมหญิง ใจดี") == fold_name("สมหญิง ใจดี")
	assert fold_name("นางสมหญิง ใจดี") == fold_name("สมหญิง ใจดี")
	assert fold_name("ด.ญ.สมหญิง ใจดี") == fold_name("สมหญิง ใจดี")


def test_longest_thai_title_wins_unless_it_would_split_a_syllable():
	# นางสาว + สมหญิง
	assert fold_name("นางสาวสมหญิง") == "สมหญิง"
	# นาง + สาวิตรี: "นางสาว" + "ิตรี" would leave a vowel sign starting the name.
	assert fold_name("นางสาวิตรี") == "สาวิตรี"


def test_names_that_begin_like_a_title_are_kept():
	# คุณากร is a name, not คุณ + ากร.
	assert fold_name("คุณากร ดี") == "คุณากร ดี"


def test_thai_title_is_only_dropped_at_the_start_of_the_name():
	assert "นาย" in fold_name("สมชาย นายอำเภอ")


def test_thai_vowel_and_tone_marks_are_kept():
	assert fold_name("สมใจ") != fold_name("สมไจ")
	assert fold_name("ปู่") != fold_name("ปู")


@pytest.mark.parametrize(
	("raw", "same_as"),
	[
		("U Aung Kyaw", "Aung Kyaw"),
		("Daw Aung San Suu Kyi", "Aung San Suu Kyi"),
		("Ko Zaw Min", "Zaw Min"),
		("Maung Thein", "Thein"),
		("ဦးအောင်ကျော်", "အောင်ကျော်"),
		("ဦး အောင်ကျော်", "အောင်ကျော်"),
		("ဒေါ်ခင်ခင်", "ခင်ခင်"),
		("ေဒၚခင်ခင်", "ခင်ခင်"),
		("ကို ဇော်မင်း", "ဇော်မင်း"),
		("မ ခင်ခင်", "ခင်ခင်"),
	],
)
def test_burmese_titles_are_dropped(raw, same_as):
	assert fold_name(raw) == fold_name(same_as)


def test_burmese_syllables_that_look_like_titles_stay_inside_names():
	# ကို and မ begin many names (ကိုကို, မောင်, မင်း), so they go only as separate words.
	assert fold_name("ကိုကို") == "ကိုကို"
	assert fold_name("မောင်မောင်") == "မောင်မောင်"
	assert fold_name("မင်းထက်") == "မင်းထက်"


def test_latin_burmese_titles_only_as_whole_words():
	assert fold_name("Uma Thurman") == "thurman uma"
	assert fold_name("Dawson Kyaw") == "dawson kyaw"
	assert fold_name("Kobe Aung") == "aung kobe"


def test_a_name_of_only_title_words_is_kept():
	assert fold_name("Ko Ko") == "ko ko"


def test_latin_diacritics_are_stripped():
	assert fold_name("José Núñez") == fold_name("Jose Nunez") == "jose nunez"
	assert fold_name("Nguyễn Văn An") == "an nguyen van"


def test_zero_width_characters_are_removed():
	assert fold_name("Som\u200bchai Jai\u200ddee\ufeff") == "jaidee somchai"
	assert fold_name("สม\u200bชาย") == fold_name("สมชาย")
	assert fold_name("အောင်\u200cကျော်") == fold_name("အောင်ကျော်")


def test_fullwidth_and_case_folding():
	assert fold_name("ＳＯＭＣＨＡＩ") == "somchai"
	assert fold_name("STRAßE") == fold_name("strasse")


def test_punctuation_is_removed():
	assert fold_name("O'Brien, Mary-Jane") == "maryjane obrien"
	assert fold_name("Jaidee,Somchai") == "jaidee somchai"


@pytest.mark.parametrize("raw", [None, "", "   ", "\u200b", "..."])
def test_empty_names_fold_to_empty(raw):
	assert fold_name(raw) == ""


def test_thai_sara_am_written_two_ways_meets():
	# ำ (U+0E33) and  ํ + า (U+0E4D U+0E32) look the same on screen.
	assert fold_name("น้ำใจ") == fold_name("น้\u0e4d\u0e32ใจ")


# ---- donor keys and likely duplicates -------------------------------------------------------------


def test_donor_keys_normalise_every_field():
	keys = donor_keys(" Somchai@Example.com ", "081-234-5678", "นายสมชาย ใจดี", "Mr Somchai Jaidee")
	assert keys == DonorKeys(
		email="somchai@example.com",
		phone="+66812345678",
		name=fold_name("สมชาย ใจดี"),
		search_name="jaidee somchai",
	)


def test_donor_keys_are_none_when_empty():
	assert donor_keys(None, "", "   ", None) == DonorKeys(email=None, phone=None, name=None, search_name=None)
	assert donor_keys("not-an-email", "12", "...", None) == DonorKeys(None, None, None, None)


def test_donor_keys_are_frozen():
	keys = donor_keys("a@b.co", None, None, None)
	with pytest.raises(FrozenInstanceError):
		keys.email = "x@y.co"


def test_same_email_is_a_duplicate():
	a = donor_keys("somchai@example.com", None, "Somchai", None)
	b = donor_keys("SOMCHAI@example.com ", "0899999999", "Someone Else", None)
	assert likely_duplicate(a, b) == ["email"]


def test_same_phone_is_a_duplicate():
	a = donor_keys(None, "081-234-5678", None, None)
	b = donor_keys(None, "+66 81 234 5678", None, None)
	assert likely_duplicate(a, b) == ["phone"]


def test_same_name_in_either_field_is_a_duplicate():
	thai = donor_keys(None, None, "นายสมชาย ใจดี", "Somchai Jaidee")
	romanised_only = donor_keys(None, None, "Jaidee Somchai", None)
	assert likely_duplicate(thai, romanised_only) == ["name"]
	assert likely_duplicate(romanised_only, thai) == ["name"]


def test_all_reasons_in_order():
	a = donor_keys("s@example.com", "0812345678", "Somchai Jaidee", None)
	b = donor_keys("S@Example.com", "+66812345678", "Mr. Somchai Jaidee", None)
	assert likely_duplicate(a, b) == ["email", "phone", "name"]


def test_different_people_are_not_duplicates():
	a = donor_keys("a@example.com", "0812345678", "Somchai Jaidee", "Somchai")
	b = donor_keys("b@example.com", "0898765432", "Somying Jaidee", "Somying")
	assert likely_duplicate(a, b) == []


def test_missing_keys_never_match_each_other():
	empty = donor_keys(None, None, None, None)
	assert likely_duplicate(empty, empty) == []
	assert likely_duplicate(DonorKeys("", "", "", ""), DonorKeys("", "", "", "")) == []
