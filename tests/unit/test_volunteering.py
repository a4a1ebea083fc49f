from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest

from lpn_crm.domain.volunteering import (
	Credentials,
	ShiftError,
	ShiftNeeds,
	check_capacity,
	check_eligibility,
	due_reminder,
	first_eligible,
	hours,
	inside_cutoff,
	is_eligible,
	open_or_full,
	overlaps,
	seat_status,
	shift_span,
	uncovered,
	valid_on,
	waitlist_order,
	weekly_dates,
)

SAT = date(2026, 12, 5)


def at(hour: int, minute: int = 0, day: date = SAT) -> datetime:
	return datetime.combine(day, time(hour, minute))


# ---- overlap -------------------------------------------------------------------------------------


def test_spans_that_share_time_overlap():
	assert overlaps(at(9), at(13), at(12), at(15))
	assert overlaps(at(12), at(15), at(9), at(13))
	assert overlaps(at(9), at(13), at(10), at(11))


def test_back_to_back_spans_do_not_overlap():
	assert not overlaps(at(9), at(13), at(13), at(17))
	assert not overlaps(at(13), at(17), at(9), at(13))
	assert not overlaps(at(9), at(13), at(9, 0, SAT + timedelta(days=1)), at(13, 0, SAT + timedelta(days=1)))


def test_shift_span_and_end_before_start():
	assert shift_span(SAT, time(9), time(13)) == (at(9), at(13))
	with pytest.raises(ShiftError, match="must be after the start"):
		shift_span(SAT, time(13), time(9))
	with pytest.raises(ShiftError):
		shift_span(SAT, time(9), time(9))


# ---- eligibility -------------------------------------------------------------------------------------


def test_only_active_volunteers_book():
	for status in ("Applied", "Screened", "Trained", "Inactive"):
		with pytest.raises(ShiftError) as caught:
			check_eligibility(Credentials(status), ShiftNeeds(SAT))
		assert caught.value.values == (status,)
		assert not is_eligible(Credentials(status), ShiftNeeds(SAT))
	check_eligibility(Credentials("Active"), ShiftNeeds(SAT))
	assert is_eligible(Credentials("Active"), ShiftNeeds(SAT))


def test_licence_must_be_valid_on_the_shift_date():
	needs = ShiftNeeds(SAT, requires_licence=True)
	check_eligibility(Credentials("Active", licence_expiry=SAT), needs)
	for expiry in (SAT - timedelta(1), None):
		with pytest.raises(ShiftError, match="licence"):
			check_eligibility(Credentials("Active", licence_expiry=expiry), needs)
	# a shift that does not require it does not care
	assert is_eligible(Credentials("Active"), ShiftNeeds(SAT))


def test_training_must_be_valid_on_the_shift_date():
	needs = ShiftNeeds(SAT, requires_training=True)
	assert is_eligible(Credentials("Active", training_expiry=date(2027, 1, 1)), needs)
	with pytest.raises(ShiftError, match="safeguarding"):
		check_eligibility(Credentials("Active", training_expiry=date(2026, 1, 1)), needs)


def test_valid_on():
	assert valid_on(SAT, SAT)
	assert not valid_on(None, SAT)
	assert not valid_on(SAT - timedelta(1), SAT)


# ---- seats and waitlist ------------------------------------------------------------------------------


def test_seat_status_and_shift_state():
	assert seat_status(0, 10) == "Confirmed"
	assert seat_status(9, 10) == "Confirmed"
	assert seat_status(10, 10) == "Waitlisted"
	assert open_or_full(9, 10) == "Open"
	assert open_or_full(10, 10) == "Full"


def test_capacity_never_below_confirmed():
	check_capacity(5, 5)
	with pytest.raises(ShiftError, match="below the 6 bookings"):
		check_capacity(5, 6)
	with pytest.raises(ShiftError, match="at least one seat"):
		check_capacity(0, 0)


def test_waitlist_in_order_of_booking_then_name():
	rows = [
		{"name": "B3", "booked_at": at(10)},
		{"name": "B2", "booked_at": at(9)},
		{"name": "B1", "booked_at": at(10)},
	]
	assert [r["name"] for r in waitlist_order(rows)] == ["B2", "B1", "B3"]


def test_first_eligible_skips_those_who_cannot_take_the_seat():
	rows = [{"name": "B1"}, {"name": "B2"}, {"name": "B3"}]
	assert first_eligible(rows, lambda r: r["name"] != "B1")["name"] == "B2"
	assert first_eligible(rows, lambda r: False) is None
	assert first_eligible([], lambda r: True) is None


# ---- recurring shifts --------------------------------------------------------------------------------


def test_weekly_dates_for_twelve_saturdays():
	dates = weekly_dates(SAT, 12)
	assert len(dates) == 12
	assert dates[0] == SAT and dates[-1] == SAT + timedelta(weeks=11)
	assert {d.weekday() for d in dates} == {5}


def test_weekly_dates_skip_dates_that_have_the_shift():
	taken = {SAT, SAT + timedelta(weeks=2)}
	dates = weekly_dates(SAT, 4, taken)
	assert dates == [SAT + timedelta(weeks=1), SAT + timedelta(weeks=3)]


@pytest.mark.parametrize("weeks", [0, -1, 105])
def test_weekly_dates_refuse_nonsense(weeks):
	with pytest.raises(ShiftError):
		weekly_dates(SAT, weeks)


# ---- hours, coverage, cut-off, reminders -------------------------------------------------------------


def test_hours_of_a_shift():
	assert hours(time(9), time(13)) == Decimal("4.00")
	assert hours(time(9, 15), time(10, 35)) == Decimal("1.33")
	with pytest.raises(ShiftError):
		hours(time(13), time(9))


def test_uncovered_languages_and_skills():
	required = {"Burmese": 1, "Shan": 2, "Licensed social work": 1}
	assert uncovered(required, ["Burmese", "Shan"]) == {"Shan": 1, "Licensed social work": 1}
	assert uncovered(required, ["Burmese", "Shan", "Shan", "Licensed social work", "Thai"]) == {}
	assert uncovered({}, ["Burmese"]) == {}


def test_inside_cutoff():
	starts = at(9)
	assert inside_cutoff(starts - timedelta(hours=23), starts, 24)
	assert inside_cutoff(starts - timedelta(hours=24), starts, 24)
	assert not inside_cutoff(starts - timedelta(hours=25), starts, 24)
	assert not inside_cutoff(starts - timedelta(hours=1), starts, 0)


def test_due_reminder():
	starts = at(9)
	assert due_reminder(starts - timedelta(hours=49), starts, []) is None
	assert due_reminder(starts - timedelta(hours=47), starts, []) == 48
	assert due_reminder(starts - timedelta(hours=47), starts, [48]) is None
	assert due_reminder(starts - timedelta(hours=23), starts, [48]) == 24
	# a late first run sends the nearest reminder only
	assert due_reminder(starts - timedelta(hours=23), starts, []) == 24
	assert due_reminder(starts - timedelta(hours=23), starts, [24]) is None
	assert due_reminder(starts + timedelta(minutes=1), starts, []) is None
