"""Keys for spotting duplicate donors: normalised email, E.164 phone and a folded name.

A match is a hint for a person to review, never a reason to merge records automatically.
"""

import re
import unicodedata
from dataclasses import dataclass

import phonenumbers

from lpn_crm.domain.errors import DomainError


class InvalidCountryCode(DomainError):
	"""A default country calling code that is not one to three digits, or that no country has."""


# ---- email ----------------------------------------------------------------------------------------


def normalize_email(raw: str | None) -> str | None:
	"""The email stripped and lower-cased, or None when empty or not shaped like an address.

	An address needs one "@", something before it, and a domain with a dot that neither starts nor
	ends it. Lower-casing the local part is not strictly correct, but no real provider tells
	Somchai@ from somchai@, and donors type both.
	"""
	if not raw or not isinstance(raw, str):
		return None
	email = raw.strip().lower()
	if email.count("@") != 1 or any(char.isspace() for char in email):
		return None
	local, domain = email.split("@")
	if not local or "." not in domain or domain.startswith(".") or domain.endswith(".") or ".." in domain:
		return None
	return email


# ---- phone ----------------------------------------------------------------------------------------

# "+66 (0)81…" repeats the trunk 0 for national callers; it is not part of the international number.
_TRUNK_IN_PARENTHESES = re.compile(r"\(\s*0\s*\)")
_PHONE_SEPARATORS = re.compile(r"[\s\-.()\u2010-\u2015]")
# Thai (๐-๙) and Myanmar (၀-၉) digits: Burmese donors often type numbers in their own script.
# libphonenumber reads neither, so they become ASCII first.
_LOCAL_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙၀၁၂၃၄၅၆၇၈၉", "01234567890123456789")
_MIN_DIGITS = 8
_MAX_E164_DIGITS = 15


def _region_for(default_country_code: str) -> str:
	"""The region libphonenumber reads national numbers in ("66" -> "TH", "+856" -> "LA")."""
	country = default_country_code.strip().lstrip("+")
	region = None
	if country.isascii() and country.isdigit() and 1 <= len(country) <= 3:
		region = phonenumbers.region_code_for_country_code(int(country))
	if not region or region == phonenumbers.UNKNOWN_REGION:
		raise InvalidCountryCode("{0} is not a country calling code such as 66", default_country_code)
	return region


def _parse(number: str, region: str | None) -> phonenumbers.PhoneNumber | None:
	try:
		return phonenumbers.parse(number, region)
	except phonenumbers.NumberParseException:
		return None


def normalize_phone(raw: str | None, default_country_code: str = "66") -> str | None:
	"""The phone number in E.164 form ("081-234-5678" -> "+66812345678"), or None when unusable.

	Parsed with libphonenumber's metadata (the `phonenumbers` package): "+95 9 123 456 789", "0066 81
	234 5678", national numbers with or without the trunk 0 (read in the default country's rules), and
	numbers that already start with a country code, with or without their "+". A number must have a
	length that its country allows; one its metadata knows as valid wins over one merely possible.
	Spaces, dashes, dots and parentheses are ignored; letters, extensions, fewer than 8 digits or more
	than 15 give None. An unknown default country code raises InvalidCountryCode.
	"""
	if not raw or not isinstance(raw, str):
		return None
	region = _region_for(default_country_code)
	text = unicodedata.normalize("NFKC", raw).translate(_LOCAL_DIGITS)
	text = _PHONE_SEPARATORS.sub("", _TRUNK_IN_PARENTHESES.sub("", text))
	international = text.startswith("+")
	digits = text[1:] if international else text
	# Stricter than libphonenumber, which reads letters as keypad digits and "ext 12" as an extension.
	if not (digits.isascii() and digits.isdigit()) or len(digits) < _MIN_DIGITS:
		return None
	if international or digits.startswith("00"):
		candidates = [_parse("+" + (digits if international else digits[2:]), None)]
	else:
		candidates = [_parse(digits, region)]
		if not digits.startswith("0") and len(digits) >= 10:
			# Long enough to be a full international number that lost its "+" (spreadsheets drop it).
			candidates.append(_parse("+" + digits, None))
	numbers = [number for number in candidates if number is not None]
	best = next((n for n in numbers if phonenumbers.is_valid_number(n)), None) or next(
		(n for n in numbers if phonenumbers.is_possible_number(n)), None
	)
	if best is None:
		return None
	e164 = phonenumbers.format_number(best, phonenumbers.PhoneNumberFormat.E164)
	return e164 if len(e164) - 1 <= _MAX_E164_DIGITS else None


# ---- names ----------------------------------------------------------------------------------------

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"))
_KEPT_PUNCTUATION_JOINERS = "'’ʼ-‐‑"  # O'Brien, Wen-je: joined, not split


def _fold_text(text: str) -> str:
	text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH).casefold()
	# Only the combining marks of the Latin-script block: Thai and Burmese vowel and tone marks are
	# combining marks too, and are part of the name.
	decomposed = unicodedata.normalize("NFD", text)
	return unicodedata.normalize("NFC", "".join(c for c in decomposed if not "\u0300" <= c <= "\u036f"))


def _drop_punctuation(text: str) -> str:
	out = []
	for char in text:
		if char in _KEPT_PUNCTUATION_JOINERS:
			continue
		out.append(" " if unicodedata.category(char)[0] in "PS" else char)
	return "".join(out)


def _folded_set(words: str) -> frozenset[str]:
	return frozenset(_fold_text(word) for word in words.split())


# Titles dropped when they stand as their own word at the start of a name. The Latin Burmese
# honorifics U, Daw, Ko and Maung only ever as whole words: they are also ordinary name parts.
_TITLE_WORDS = _folded_set("mr mrs ms miss dr khun u daw ko maung นาย นาง นางสาว คุณ ดร ดช ดญ ဦး ဒေါ် ေဒၚ ကို မ")
# Titles that Thai and Burmese writers attach to the name without a space (นายสมชาย, ဦးအောင်).
# ကို and မ are left out: many names begin with those syllables (ကိုကို, မောင်, မင်း).
_TITLE_PREFIXES = tuple(sorted(_folded_set("นางสาว นาย นาง คุณ ดช ดญ ဦး ဒေါ် ေဒၚ"), key=len, reverse=True))
# "ด.ช." and "ด.ญ." become two words once their dots are gone.
_SPLIT_TITLES = (("ด", "ช"), ("ด", "ญ"))


def _starts_syllable(text: str) -> bool:
	# After a stripped prefix the rest must be able to begin a word: a Thai consonant or leading
	# vowel, a Burmese consonant or independent vowel, or anything outside those scripts. This keeps
	# คุณากร (a name, not คุณ + ากร) whole.
	first = text[:1]
	if not first:
		return False
	if "\u0e00" <= first <= "\u0e7f":
		return "\u0e01" <= first <= "\u0e2e" or "\u0e40" <= first <= "\u0e44"
	if "\u1000" <= first <= "\u109f":
		return "\u1000" <= first <= "\u102a" or first == "\u1031"
	return True


def _drop_titles(words: list[str]) -> list[str]:
	rest = list(words)
	while rest:
		if rest[0] in _TITLE_WORDS:
			del rest[0]
		elif tuple(rest[:2]) in _SPLIT_TITLES:
			del rest[:2]
		else:
			for prefix in _TITLE_PREFIXES:
				remainder = rest[0][len(prefix) :]
				if rest[0].startswith(prefix) and _starts_syllable(remainder):
					rest[0] = remainder
					break
			break
	# A name that is nothing but title-like words ("Ko Ko") is still a name.
	return rest or list(words)


def fold_name(raw: str | None) -> str:
	"""A key under which writing variants of the same person's name are equal.

	Unicode NFKC, zero-width characters removed, case-folded, Latin diacritics stripped, punctuation
	removed, leading titles dropped (Mr, Dr, Khun, นาย, นางสาว, ด.ช., U, Daw, ဦး, ဒေါ်…, also when a
	Thai or Burmese title is written onto the name), words sorted: "Jaidee Somchai" and
	"Mr. somchai  JAIDEE" both give "jaidee somchai". Empty input gives "".
	"""
	if not raw or not isinstance(raw, str):
		return ""
	words = _drop_punctuation(_fold_text(raw)).split()
	return " ".join(sorted(_drop_titles(words)))


# ---- donor keys -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DonorKeys:
	"""The normalised keys of one donor; None where the donor has no usable value."""

	email: str | None
	phone: str | None
	name: str | None
	search_name: str | None


def donor_keys(email: str | None, phone: str | None, name: str | None, search_name: str | None) -> DonorKeys:
	"""The matching keys of a donor: email, E.164 phone (Thai default), folded name and search name."""
	return DonorKeys(
		email=normalize_email(email),
		phone=normalize_phone(phone),
		name=fold_name(name) or None,
		search_name=fold_name(search_name) or None,
	)


def likely_duplicate(a: DonorKeys, b: DonorKeys) -> list[str]:
	"""Why two donors look like the same person: any of "email", "phone", "name", in that order.

	"name" when either donor's name or search name key equals either of the other's.
	"""
	reasons = []
	if a.email and a.email == b.email:
		reasons.append("email")
	if a.phone and a.phone == b.phone:
		reasons.append("phone")
	names_a = {a.name, a.search_name} - {None, ""}
	names_b = {b.name, b.search_name} - {None, ""}
	if names_a & names_b:
		reasons.append("name")
	return reasons
