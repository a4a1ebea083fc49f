"""Totals that gifts add to a donor's or a campaign's running figures, summed before they are written."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class GiftTotals:
	total: Decimal
	count: int
	largest: Decimal
	first_date: date
	last_date: date
	current_year: Decimal
	last_year: Decimal


def gift_totals(
	gifts: Iterable[tuple[str, Decimal, date]], year_start: date, last_year_start: date
) -> dict[str, GiftTotals]:
	"""{key: the totals of its gifts} for (key, amount, date) gifts; current and last year as the bounds say.

	>>> totals = gift_totals(
	...     [("a", Decimal("5"), date(2026, 3, 1)), ("a", Decimal("7"), date(2025, 6, 1))],
	...     date(2026, 1, 1),
	...     date(2025, 1, 1),
	... )
	>>> totals["a"].total, totals["a"].count, totals["a"].current_year, totals["a"].last_year
	(Decimal('12'), 2, Decimal('5'), Decimal('7'))
	"""
	if last_year_start >= year_start:
		raise ValueError(f"last year must start before this year: {last_year_start} >= {year_start}")
	grouped: dict[str, list[tuple[Decimal, date]]] = {}
	for key, amount, on in gifts:
		grouped.setdefault(key, []).append((amount, on))
	zero = Decimal(0)
	return {
		key: GiftTotals(
			total=sum((amount for amount, _ in rows), zero),
			count=len(rows),
			largest=max(amount for amount, _ in rows),
			first_date=min(on for _, on in rows),
			last_date=max(on for _, on in rows),
			current_year=sum((amount for amount, on in rows if on >= year_start), zero),
			last_year=sum((amount for amount, on in rows if last_year_start <= on < year_start), zero),
		)
		for key, rows in grouped.items()
	}
