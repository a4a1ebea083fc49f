from datetime import date
from decimal import Decimal

import pytest

from lpn_crm.domain.recurring import (
	FREQUENCY_MONTHS,
	ScheduleError,
	add_periods,
	arrears,
	expected_dates,
	missed_periods,
	status_for,
)


def test_frequencies():
	assert FREQUENCY_MONTHS == {"Monthly": 1, "Quarterly": 3, "Yearly": 12}


# ---- add_periods ----------------------------------------------------------------------------------


def test_add_one_period_of_each_frequency():
	start = date(2026, 1, 15)
	assert add_periods(start, "Monthly") == date(2026, 2, 15)
	assert add_periods(start, "Quarterly") == date(2026, 4, 15)
	assert add_periods(start, "Yearly") == date(2027, 1, 15)


def test_add_periods_clamps_to_the_end_of_a_short_month():
	assert add_periods(date(2026, 1, 31), "Monthly") == date(2026, 2, 28)
	assert add_periods(date(2028, 1, 31), "Monthly") == date(2028, 2, 29)
	assert add_periods(date(2026, 3, 31), "Monthly") == date(2026, 4, 30)


def test_add_periods_keeps_the_anchor_day_after_a_short_month():
	start = date(2026, 1, 31)
	assert add_periods(start, "Monthly", 2) == date(2026, 3, 31)
	assert add_periods(start, "Monthly", 3) == date(2026, 4, 30)
	assert add_periods(start, "Monthly", 4) == date(2026, 5, 31)


def test_add_periods_crosses_years():
	assert add_periods(date(2026, 11, 30), "Quarterly") == date(2027, 2, 28)
	assert add_periods(date(2026, 12, 1), "Monthly") == date(2027, 1, 1)
	assert add_periods(date(2026, 1, 1), "Monthly", 25) == date(2028, 2, 1)


def test_add_periods_leap_day_yearly():
	assert add_periods(date(2024, 2, 29), "Yearly") == date(2025, 2, 28)
	assert add_periods(date(2024, 2, 29), "Yearly", 4) == date(2028, 2, 29)


def test_add_zero_and_negative_periods():
	assert add_periods(date(2026, 5, 31), "Monthly", 0) == date(2026, 5, 31)
	assert add_periods(date(2026, 3, 31), "Monthly", -1) == date(2026, 2, 28)


@pytest.mark.parametrize("frequency", ["monthly", "Weekly", "", None])
def test_add_periods_rejects_unknown_frequencies(frequency):
	with pytest.raises(ScheduleError, match="is not a frequency"):
		add_periods(date(2026, 1, 1), frequency)


@pytest.mark.parametrize("n", [1.0, "1", True, None])
def test_add_periods_needs_a_whole_number(n):
	with pytest.raises(ScheduleError, match="whole number"):
		add_periods(date(2026, 1, 1), "Monthly", n)


# ---- expected_dates -------------------------------------------------------------------------------


def test_expected_dates_include_start_and_until():
	assert expected_dates(date(2026, 1, 10), "Monthly", date(2026, 4, 10)) == [
		date(2026, 1, 10),
		date(2026, 2, 10),
		date(2026, 3, 10),
		date(2026, 4, 10),
	]


def test_expected_dates_stop_before_until():
	assert expected_dates(date(2026, 1, 10), "Monthly", date(2026, 3, 9)) == [
		date(2026, 1, 10),
		date(2026, 2, 10),
	]


def test_expected_dates_from_the_31st_follow_the_anchor():
	assert expected_dates(date(2026, 1, 31), "Monthly", date(2026, 5, 31)) == [
		date(2026, 1, 31),
		date(2026, 2, 28),
		date(2026, 3, 31),
		date(2026, 4, 30),
		date(2026, 5, 31),
	]


def test_expected_dates_quarterly_and_yearly():
	assert expected_dates(date(2026, 1, 1), "Quarterly", date(2026, 12, 31)) == [
		date(2026, 1, 1),
		date(2026, 4, 1),
		date(2026, 7, 1),
		date(2026, 10, 1),
	]
	assert expected_dates(date(2026, 6, 1), "Yearly", date(2028, 6, 1)) == [
		date(2026, 6, 1),
		date(2027, 6, 1),
		date(2028, 6, 1),
	]


def test_expected_dates_empty_when_until_is_before_start():
	assert expected_dates(date(2026, 5, 1), "Monthly", date(2026, 4, 30)) == []


def test_expected_dates_single_when_until_is_start():
	assert expected_dates(date(2026, 5, 1), "Monthly", date(2026, 5, 1)) == [date(2026, 5, 1)]


# ---- missed_periods -------------------------------------------------------------------------------


def test_nothing_missed_before_the_due_date():
	assert missed_periods(date(2026, 5, 1), date(2026, 4, 20), "Monthly") == 0


def test_nothing_missed_within_the_grace_days():
	assert missed_periods(date(2026, 5, 1), date(2026, 5, 1), "Monthly") == 0
	assert missed_periods(date(2026, 5, 1), date(2026, 5, 8), "Monthly") == 0  # exactly 7 days late


def test_missed_once_past_the_grace_days():
	assert missed_periods(date(2026, 5, 1), date(2026, 5, 9), "Monthly") == 1


def test_missed_counts_every_due_date_past_grace():
	assert missed_periods(date(2026, 1, 1), date(2026, 4, 8), "Monthly") == 3  # Jan, Feb, Mar; Apr in grace
	assert missed_periods(date(2026, 1, 1), date(2026, 4, 9), "Monthly") == 4


def test_missed_with_no_grace():
	assert missed_periods(date(2026, 5, 1), date(2026, 5, 1), "Monthly", grace_days=0) == 0
	assert missed_periods(date(2026, 5, 1), date(2026, 5, 2), "Monthly", grace_days=0) == 1


def test_missed_quarterly_and_yearly():
	assert missed_periods(date(2026, 1, 15), date(2026, 12, 31), "Quarterly") == 4
	assert missed_periods(date(2025, 3, 1), date(2026, 3, 7), "Yearly") == 1
	assert missed_periods(date(2025, 3, 1), date(2026, 3, 9), "Yearly") == 2


@pytest.mark.parametrize("grace_days", [-1, 1.5, None, True])
def test_missed_rejects_bad_grace_days(grace_days):
	with pytest.raises(ScheduleError, match="Grace days"):
		missed_periods(date(2026, 5, 1), date(2026, 6, 1), "Monthly", grace_days=grace_days)


def test_missed_rejects_unknown_frequency():
	with pytest.raises(ScheduleError):
		missed_periods(date(2026, 5, 1), date(2026, 6, 1), "Fortnightly")


# ---- status_for -----------------------------------------------------------------------------------


def test_active_stays_active_below_the_lapse_threshold():
	assert status_for("Active", 0, 3) == "Active"
	assert status_for("Active", 2, 3) == "Active"


def test_active_lapses_at_the_threshold():
	assert status_for("Active", 3, 3) == "Lapsed"
	assert status_for("Active", 5, 3) == "Lapsed"
	assert status_for("Active", 1, 1) == "Lapsed"


def test_lapsed_returns_to_active_only_when_nothing_is_missed():
	assert status_for("Lapsed", 0, 3) == "Active"
	assert status_for("Lapsed", 1, 3) == "Lapsed"
	assert status_for("Lapsed", 4, 3) == "Lapsed"


@pytest.mark.parametrize("status", ["Paused", "Cancelled", "Pending"])
def test_paused_cancelled_and_pending_are_left_alone(status):
	assert status_for(status, 0, 3) == status
	assert status_for(status, 10, 3) == status


@pytest.mark.parametrize("status", ["active", "Completed", "", None])
def test_status_for_rejects_unknown_statuses(status):
	with pytest.raises(ScheduleError, match="is not a status"):
		status_for(status, 0, 3)


def test_status_for_rejects_bad_counts():
	with pytest.raises(ScheduleError, match="Missed payments"):
		status_for("Active", -1, 3)
	with pytest.raises(ScheduleError, match="at least one"):
		status_for("Active", 0, 0)
	with pytest.raises(ScheduleError, match="Lapse after"):
		status_for("Active", 0, -2)


# ---- arrears --------------------------------------------------------------------------------------


def test_arrears_is_unpaid_payments_times_amount():
	assert arrears(5, 3, "500") == Decimal("1000")
	assert arrears(12, 0, Decimal("250.50")) == Decimal("3006.00")


def test_arrears_never_negative_when_paid_ahead():
	assert arrears(2, 3, "500") == Decimal("0")
	assert arrears(3, 3, "500") == Decimal("0")


def test_arrears_returns_a_decimal_without_float_noise():
	result = arrears(3, 0, 0.1)
	assert isinstance(result, Decimal)
	assert result == Decimal("0.3")


def test_arrears_rejects_bad_counts_and_amounts():
	with pytest.raises(ScheduleError, match="Expected payments"):
		arrears(-1, 0, "500")
	with pytest.raises(ScheduleError, match="Received payments"):
		arrears(1, 1.0, "500")
	with pytest.raises(ValueError, match="is not an amount"):
		arrears(2, 1, None)


def test_schedule_error_is_a_value_error():
	assert issubclass(ScheduleError, ValueError)
