from decimal import Decimal

import pytest

from lpn_crm.domain.retention import lybunt, new_donors, rate_from_counts, retention_rate, sybunt


def test_retention_rate_is_the_share_of_last_years_donors_who_gave_again():
	assert retention_rate({"a", "b", "c", "d"}, {"a", "b", "x"}) == Decimal("50.00")


def test_retention_rate_ignores_new_donors():
	assert retention_rate({"a"}, {"a", "b", "c", "d"}) == Decimal("100.00")


def test_retention_rate_rounds_half_up_to_two_places():
	assert retention_rate({"a", "b", "c"}, {"a"}) == Decimal("33.33")
	assert retention_rate({"a", "b", "c"}, {"a", "b"}) == Decimal("66.67")
	assert retention_rate(set(range(8)), {0}) == Decimal("12.50")
	assert retention_rate(set(range(16)), {0}) == Decimal("6.25")
	# 1/32 = 3.125 -> 3.13 (half-up, not banker's 3.12)
	assert retention_rate(set(range(32)), {0}) == Decimal("3.13")


def test_retention_rate_extremes():
	assert retention_rate({"a", "b"}, set()) == Decimal("0.00")
	assert retention_rate({"a", "b"}, {"a", "b"}) == Decimal("100.00")


def test_retention_rate_is_none_without_previous_donors():
	assert retention_rate(set(), {"a"}) is None
	assert retention_rate(set(), set()) is None


def test_retention_rate_has_two_places():
	assert str(retention_rate({"a"}, {"a"})) == "100.00"


def test_retention_rate_accepts_frozensets_of_ids():
	assert retention_rate(frozenset({1, 2}), frozenset({2})) == Decimal("50.00")


def test_lybunt_gave_last_year_but_not_this_year():
	assert lybunt({"a", "b", "c"}, {"b", "d"}) == {"a", "c"}
	assert lybunt(set(), {"a"}) == set()
	assert lybunt({"a"}, {"a"}) == set()


def test_sybunt_gave_some_earlier_year_but_not_this_year():
	assert sybunt({"a", "b", "c", "old"}, {"b"}) == {"a", "c", "old"}
	assert sybunt(set(), {"a"}) == set()


def test_sybunt_includes_lybunt():
	last_year = {"a", "b"}
	earlier = {"old", "a"}
	this_year = {"b"}
	both = sybunt(last_year | earlier, this_year)
	assert lybunt(last_year, this_year) <= both
	assert both - lybunt(last_year, this_year) == {"old"}


def test_results_are_new_sets_not_the_inputs():
	last_year = {"a"}
	result = lybunt(last_year, set())
	result.add("z")
	assert last_year == {"a"}
	assert isinstance(sybunt(frozenset({"a"}), frozenset()), set)


def test_rate_from_counts_matches_the_set_definition():
	assert rate_from_counts(32, 1) == retention_rate(set(range(32)), {0}) == Decimal("3.13")
	assert rate_from_counts(3, 2) == Decimal("66.67")
	assert rate_from_counts(0, 0) is None


def test_rate_from_counts_refuses_impossible_counts():
	for previous, retained in ((2, 3), (-1, 0), (1, -1)):
		with pytest.raises(ValueError):
			rate_from_counts(previous, retained)


def test_new_donors_gave_this_year_for_the_first_time():
	assert new_donors({"a", "b"}, {"b", "c", "d"}) == {"c", "d"}
	assert new_donors(set(), {"a"}) == {"a"}
