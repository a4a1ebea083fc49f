from datetime import date
from decimal import Decimal

import pytest

from lpn_crm.domain.sponsorship_money import (
	FULLY,
	NOT_SPONSORED,
	PARTLY,
	SponsorshipMoneyError,
	add_months,
	age_band,
	age_band_bounds,
	age_in_years,
	arrears_of,
	coverage_state,
	hold_lapsed,
	hold_until,
	matches_preferences,
	monthly_gap,
	monthly_need,
	months_between,
	months_due,
	months_paid,
	reminder_level,
	term_bounds,
	term_label,
	term_of,
	term_pledged,
)

# ---- need and coverage ------------------------------------------------------------------------------


def test_monthly_need_is_the_term_need_times_terms_over_twelve():
	assert monthly_need(6000, 2) == Decimal("1000.00")
	assert monthly_need("5000", 3) == Decimal("1250.00")
	assert monthly_need(1000, 2) == Decimal("166.67")
	assert monthly_need(None, 2) == Decimal("0.00")


@pytest.mark.parametrize("terms", [0, -1, 5, 7, True, "2", 2.0])
def test_terms_per_year_must_split_the_year_into_whole_months(terms):
	with pytest.raises(SponsorshipMoneyError):
		monthly_need(6000, terms)


def test_coverage_state_and_gap():
	assert coverage_state(1000, 0) == NOT_SPONSORED
	assert coverage_state(1000, None) == NOT_SPONSORED
	assert coverage_state(1000, 400) == PARTLY
	assert coverage_state(1000, 1000) == FULLY
	assert coverage_state(1000, 1500) == FULLY
	assert monthly_gap(1000, 400) == Decimal(600)
	assert monthly_gap(1000, 1500) == Decimal(0)
	assert monthly_gap("1000.50", "0") == Decimal("1000.50")


def test_term_pledged_is_a_terms_worth_of_monthly_cover():
	assert term_pledged(1000, 2) == Decimal("6000.00")
	assert term_pledged("333.33", 3) == Decimal("1333.32")


# ---- terms -----------------------------------------------------------------------------------------


def test_thai_school_terms_start_in_may():
	assert term_bounds(2026, 1, 2) == (date(2026, 5, 1), date(2026, 11, 1))
	assert term_bounds(2026, 2, 2) == (date(2026, 11, 1), date(2027, 5, 1))
	assert term_bounds(2026, 3, 3) == (date(2027, 1, 1), date(2027, 5, 1))
	assert term_bounds(2026, 1, 1, first_month=1) == (date(2026, 1, 1), date(2027, 1, 1))


def test_term_of_a_day_is_the_term_whose_bounds_hold_it():
	for day in (date(2026, 5, 1), date(2026, 10, 31), date(2026, 11, 1), date(2027, 4, 30), date(2027, 1, 9)):
		year, term = term_of(day, 2)
		start, after = term_bounds(year, term, 2)
		assert start <= day < after
	assert term_of(date(2027, 3, 1), 2) == (2026, 2)
	assert term_label(2026, 2) == "2026-T2"


@pytest.mark.parametrize("term", [0, 3, -1, True])
def test_a_term_outside_the_year_is_refused(term):
	with pytest.raises(SponsorshipMoneyError):
		term_bounds(2026, term, 2)


# ---- arrears ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
	("start", "end", "months"),
	[
		(date(2026, 1, 15), date(2026, 1, 15), 0),
		(date(2026, 1, 15), date(2026, 2, 14), 0),
		(date(2026, 1, 15), date(2026, 2, 15), 1),
		(date(2026, 1, 31), date(2026, 2, 28), 0),
		(date(2026, 1, 31), date(2026, 3, 1), 1),
		(date(2025, 12, 1), date(2026, 11, 30), 11),
		(date(2026, 3, 10), date(2026, 1, 20), -1),
	],
)
def test_months_between_counts_whole_months_like_mariadb(start, end, months):
	assert months_between(start, end) == months


def test_add_months_clamps_like_mariadb():
	assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
	assert add_months(date(2026, 1, 31), 2) == date(2026, 3, 31)
	assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_months_due_from_start_until_today_or_end():
	start = date(2026, 1, 10)
	assert months_due(start, None, date(2026, 1, 9)) == 0
	assert months_due(start, None, date(2026, 1, 10)) == 1
	assert months_due(start, None, date(2026, 4, 9)) == 3
	assert months_due(start, None, date(2026, 4, 10)) == 4
	assert months_due(start, date(2026, 2, 20), date(2026, 12, 1)) == 2


def test_months_paid_counts_whole_months_and_forgives_a_rounding_satang():
	assert months_paid(0, 500) == 0
	assert months_paid(499, 500) == 0
	assert months_paid(1500, 500) == 3
	assert months_paid(6000, 500) == 12  # a yearly transfer
	assert months_paid("999.99995", 1000) == 1
	with pytest.raises(SponsorshipMoneyError):
		months_paid(100, 0)


def test_arrears_of_a_sponsorship_two_months_behind():
	state = arrears_of(date(2026, 1, 5), None, date(2026, 4, 20), 800, 1600, grace_days=7)
	assert (state.expected, state.paid, state.missed) == (4, 2, 2)
	assert state.amount == Decimal("1600.00")
	assert state.first_unpaid == date(2026, 3, 5)
	assert state.reminder_level == 2


def test_grace_days_delay_a_month_being_counted_as_missed():
	start = date(2026, 1, 5)
	assert arrears_of(start, None, date(2026, 3, 11), 800, 1600, grace_days=7).missed == 0
	assert arrears_of(start, None, date(2026, 3, 12), 800, 1600, grace_days=7).missed == 1


def test_paid_ahead_is_never_negative_arrears():
	state = arrears_of(date(2026, 1, 5), None, date(2026, 2, 20), 1000, 12000)
	assert (state.missed, state.amount, state.reminder_level) == (0, Decimal("0.00"), 0)
	assert state.first_unpaid == date(2027, 1, 5)


def test_reminder_level_stops_at_three():
	assert [reminder_level(m) for m in (0, 1, 2, 3, 4, 12, -1)] == [0, 1, 2, 3, 3, 3, 0]


@pytest.mark.parametrize("grace", [-1, True, 1.5])
def test_bad_grace_days_are_refused(grace):
	with pytest.raises(SponsorshipMoneyError):
		arrears_of(date(2026, 1, 1), None, date(2026, 2, 1), 100, 0, grace_days=grace)


# ---- holds and matching -----------------------------------------------------------------------------


def test_hold_until_and_lapse():
	until = hold_until(date(2026, 3, 1), 7)
	assert until == date(2026, 3, 8)
	assert not hold_lapsed(until, date(2026, 3, 8))
	assert hold_lapsed(until, date(2026, 3, 9))


@pytest.mark.parametrize("days", [0, -3, 61, True, "7", 7.0])
def test_a_hold_of_no_days_or_too_many_is_refused(days):
	with pytest.raises(SponsorshipMoneyError):
		hold_until(date(2026, 3, 1), days)


def test_age_in_years_and_bands():
	assert age_in_years(date(2016, 6, 15), date(2026, 6, 14)) == 9
	assert age_in_years(date(2016, 6, 15), date(2026, 6, 15)) == 10
	assert age_in_years(date(2016, 2, 29), date(2026, 2, 28)) == 9
	assert age_in_years(date(2016, 2, 29), date(2026, 3, 1)) == 10
	assert [age_band(a) for a in (3, 6, 7, 9, 10, 12, 13, 16, 19)] == [
		"4-6",
		"4-6",
		"7-9",
		"7-9",
		"10-12",
		"10-12",
		"13-15",
		"16-18",
		"16-18",
	]
	assert age_band_bounds("10-12") == (10, 12)
	with pytest.raises(SponsorshipMoneyError):
		age_band_bounds("teen")


def test_matches_preferences_empty_accepts_anyone():
	none = {"age_band_wanted": None, "origin_wanted": None, "level_wanted": None}
	assert matches_preferences(8, "Laos", "Primary", **none)
	assert matches_preferences(None, None, None, **none)
	assert matches_preferences(
		8, "Laos", "Primary", age_band_wanted="Any", origin_wanted="Any", level_wanted=""
	)
	wanted = {"age_band_wanted": "7-9", "origin_wanted": "Myanmar", "level_wanted": "Primary"}
	assert matches_preferences(8, "Myanmar", "Primary", **wanted)
	assert not matches_preferences(11, "Myanmar", "Primary", **wanted)
	assert not matches_preferences(8, "Laos", "Primary", **wanted)
	assert not matches_preferences(8, "Myanmar", "Secondary", **wanted)
	assert not matches_preferences(None, "Myanmar", "Primary", **wanted)
