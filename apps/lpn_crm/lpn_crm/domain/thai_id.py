"""Thai national ID numbers (เลขประจำตัวประชาชน): 13 digits, the last a mod-11 check digit."""

import re

from lpn_crm.domain.errors import DomainError

# People write 1-2345-67890-12-1, 1 2345 67890 12 1 or with dots; some type Thai digits.
_SEPARATORS = re.compile(r"[\s\-.\u2010-\u2015]")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


class InvalidThaiID(DomainError):
	"""A Thai ID number that cannot be right."""


def normalize_thai_id(raw: str) -> str:
	"""Strip spaces, dashes and dots, and turn Thai digits into ASCII digits."""
	return _SEPARATORS.sub("", raw).translate(_THAI_DIGITS)


def _is_ascii_digits(text: str) -> bool:
	# str.isdigit() would also accept Burmese, superscript and other digits.
	return text.isascii() and text.isdigit()


def thai_id_check_digit(first12: str) -> int:
	"""The check digit for the first 12 digits: (11 - sum(digit_i × (13 - i)) mod 11) mod 10."""
	if len(first12) != 12 or not _is_ascii_digits(first12):
		raise InvalidThaiID("{0} is not 12 digits", repr(first12))
	total = sum(int(digit) * (13 - i) for i, digit in enumerate(first12))
	return (11 - total % 11) % 10


def validate_thai_id(raw: str, *, allow_leading_zero: bool = False) -> str:
	"""Return the 13 digits of a valid Thai ID number, or raise InvalidThaiID saying what is wrong.

	A person's national ID never starts with 0; a juristic person's taxpayer ID (0105…) and the numbers
	given to migrant workers (00…) do, so taxpayer IDs pass `allow_leading_zero=True`. The check digit
	is the same for all of them.
	"""
	digits = normalize_thai_id(raw) if isinstance(raw, str) else ""
	if not digits:
		raise InvalidThaiID("A Thai ID number is required")
	if not _is_ascii_digits(digits):
		raise InvalidThaiID("A Thai ID number contains only digits: {0} has other characters", repr(raw))
	if len(digits) != 13:
		raise InvalidThaiID("A Thai ID number has 13 digits: {0} has {1}", repr(raw), len(digits))
	if digits[0] == "0" and not allow_leading_zero:
		raise InvalidThaiID("A Thai ID number cannot start with 0")
	if thai_id_check_digit(digits[:12]) != int(digits[12]):
		raise InvalidThaiID("The check digit of {0} does not match: mistyped?", repr(raw))
	return digits


def is_valid_thai_id(raw: str) -> bool:
	"""True when validate_thai_id would accept the value."""
	try:
		validate_thai_id(raw)
	except InvalidThaiID:
		return False
	return True
