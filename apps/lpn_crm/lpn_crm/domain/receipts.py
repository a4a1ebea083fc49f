"""Donation receipt numbers: PREFIX-YYYY-NNNNNN, numbered per fiscal year."""

import re

from lpn_crm.domain.errors import DomainError

_PREFIX = r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*"
# Six digits, or more without a leading zero once a year passes 999,999 receipts, so that every
# number has exactly one spelling and parse/format round-trip.
_NUMBER = re.compile(rf"^(?P<prefix>{_PREFIX})-(?P<year>\d{{4}})-(?P<sequence>\d{{6}}|[1-9]\d{{6,}})$")


class ReceiptNumberError(DomainError):
	"""A receipt number, or a part of one, that is malformed."""


def _check_int(value: object, what: str, low: int, high: int | None = None) -> int:
	if isinstance(value, bool) or not isinstance(value, int):
		raise ReceiptNumberError("The receipt {0} must be a whole number, not {1}", what, repr(value))
	if value < low or (high is not None and value > high):
		upper = f" to {high}" if high is not None else " or more"
		raise ReceiptNumberError("The receipt {0} must be {1}{2}, not {3}", what, low, upper, value)
	return value


def format_receipt_number(fiscal_year: int, sequence: int, prefix: str = "LPN-RC") -> str:
	"""The receipt number for a fiscal year and sequence: (2026, 123) -> "LPN-RC-2026-000123"."""
	_check_int(fiscal_year, "year", 1000, 9999)
	_check_int(sequence, "sequence", 1)
	if not isinstance(prefix, str) or not re.fullmatch(_PREFIX, prefix):
		raise ReceiptNumberError(
			"A receipt prefix is letters and digits, optionally joined by hyphens, not {0}", repr(prefix)
		)
	return f"{prefix}-{fiscal_year}-{sequence:06d}"


def parse_receipt_number(number: str) -> tuple[str, int, int]:
	"""Split a receipt number into (prefix, fiscal year, sequence); ReceiptNumberError if malformed."""
	match = _NUMBER.match(number.strip()) if isinstance(number, str) else None
	if not match or int(match["sequence"]) == 0:
		raise ReceiptNumberError("{0} is not a receipt number like LPN-RC-2026-000123", repr(number))
	return match["prefix"], int(match["year"]), int(match["sequence"])
