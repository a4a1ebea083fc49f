"""Donor retention: the set definitions that the SQL reports are checked against."""

from collections.abc import Hashable, Set
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

Donor = TypeVar("Donor", bound=Hashable)


def retention_rate(previous_year_donors: Set[Donor], current_year_donors: Set[Donor]) -> Decimal | None:
	"""Percentage (0 to 100, 2 places, half-up) of last year's donors who gave again this year.

	None when there were no donors last year: a rate of nothing is undefined, not zero.
	"""
	return rate_from_counts(len(previous_year_donors), len(previous_year_donors & current_year_donors))


def rate_from_counts(previous_year_count: int, retained_count: int) -> Decimal | None:
	"""retention_rate() from counts, for SQL that counts donors instead of listing them.

	None when there were no donors last year; ValueError when more were retained than there were.
	"""
	if previous_year_count < 0 or retained_count < 0 or retained_count > previous_year_count:
		raise ValueError(f"cannot retain {retained_count} of {previous_year_count} donors")
	if not previous_year_count:
		return None
	rate = Decimal(retained_count * 100) / Decimal(previous_year_count)
	return rate.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def lybunt(last_year: Set[Donor], this_year: Set[Donor]) -> set[Donor]:
	"""Last Year But Unfortunately Not This: gave last year, not (yet) this year."""
	return set(last_year - this_year)


def sybunt(before_this_year: Set[Donor], this_year: Set[Donor]) -> set[Donor]:
	"""Some Year But Unfortunately Not This: gave in any earlier year, not (yet) this year.

	This includes the LYBUNT donors; subtract lybunt() for the narrower "lapsed longer" group.
	"""
	return set(before_this_year - this_year)


def new_donors(before_this_year: Set[Donor], this_year: Set[Donor]) -> set[Donor]:
	"""Donors whose first gift ever falls in this year."""
	return set(this_year - before_this_year)
