from datetime import date
from decimal import Decimal

import pytest

from lpn_crm.domain.rollups import GiftTotals, gift_totals

THIS_YEAR, LAST_YEAR = date(2026, 1, 1), date(2025, 1, 1)


def totals(*gifts):
	return gift_totals(gifts, THIS_YEAR, LAST_YEAR)


def test_one_gift_is_its_own_totals():
	assert totals(("d1", Decimal("500.00"), date(2026, 3, 4))) == {
		"d1": GiftTotals(
			total=Decimal("500.00"),
			count=1,
			largest=Decimal("500.00"),
			first_date=date(2026, 3, 4),
			last_date=date(2026, 3, 4),
			current_year=Decimal("500.00"),
			last_year=Decimal(0),
		)
	}


def test_gifts_are_summed_per_key_and_split_by_year():
	result = totals(
		("d1", Decimal("100.25"), date(2026, 5, 1)),
		("d2", Decimal("40"), date(2024, 12, 31)),
		("d1", Decimal("300.50"), date(2025, 12, 31)),
		("d1", Decimal("0.25"), date(2026, 1, 1)),
	)
	assert result["d1"].total == Decimal("401.00")
	assert result["d1"].count == 3
	assert result["d1"].largest == Decimal("300.50")
	assert (result["d1"].first_date, result["d1"].last_date) == (date(2025, 12, 31), date(2026, 5, 1))
	assert (result["d1"].current_year, result["d1"].last_year) == (Decimal("100.50"), Decimal("300.50"))
	# Before last year: counted in the lifetime total only.
	assert (result["d2"].total, result["d2"].current_year, result["d2"].last_year) == (
		Decimal("40"),
		Decimal(0),
		Decimal(0),
	)


def test_totals_are_exact_to_the_satang_over_many_gifts():
	result = totals(*((f"d{i % 7}", Decimal("0.01"), date(2026, 2, 1)) for i in range(10_000)))
	assert sum(t.total for t in result.values()) == Decimal("100.00")
	assert sum(t.count for t in result.values()) == 10_000


def test_no_gifts_no_totals():
	assert totals() == {}


def test_year_bounds_the_wrong_way_round_are_refused():
	with pytest.raises(ValueError, match="last year must start before this year"):
		gift_totals([], LAST_YEAR, THIS_YEAR)
