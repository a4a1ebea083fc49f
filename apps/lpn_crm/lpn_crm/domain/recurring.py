"""Recurring gift schedules: due dates, missed payments, lapsing and arrears."""

import calendar
from datetime import date, timedelta
from decimal import Decimal

from lpn_crm.domain.errors import DomainError
from lpn_crm.domain.money import to_decimal

FREQUENCY_MONTHS = {"Monthly": 1, "Quarterly": 3, "Yearly": 12}

PENDING = "Pending"
ACTIVE = "Active"
PAUSED = "Paused"
LAPSED = "Lapsed"
CANCELLED = "Cancelled"
STATUSES = (PENDING, ACTIVE, PAUSED, LAPSED, CANCELLED)


class ScheduleError(DomainError):
	"""A schedule setting or count that cannot be used."""


def _months(frequency: str) -> int:
	try:
		return FREQUENCY_MONTHS[frequency]
	except (KeyError, TypeError):
		known = ", ".join(FREQUENCY_MONTHS)
		raise ScheduleError("{0} is not a frequency: use one of {1}", repr(frequency), known) from None


def _non_negative(value: object, what: str) -> int:
	if isinstance(value, bool) or not isinstance(value, int) or value < 0:
		raise ScheduleError("{0} must be a whole number of zero or more, not {1}", what, repr(value))
	return value


def add_periods(d: date, frequency: str, n: int = 1) -> date:
	"""The date n periods after d, keeping d's day of month and clamping it to the month's end.

	31 January + 1 month is 28 (or 29) February, + 2 months is 31 March: every step is counted from
	the anchor d, never from a previously clamped date.
	"""
	if isinstance(n, bool) or not isinstance(n, int):
		raise ScheduleError("The number of periods must be a whole number, not {0}", repr(n))
	year, month0 = divmod(d.year * 12 + d.month - 1 + _months(frequency) * n, 12)
	day = min(d.day, calendar.monthrange(year, month0 + 1)[1])
	return date(year, month0 + 1, day)


def expected_dates(start: date, frequency: str, until: date) -> list[date]:
	"""Every due date from start (included) up to and including until."""
	dates = []
	n = 0
	while (due := add_periods(start, frequency, n)) <= until:
		dates.append(due)
		n += 1
	return dates


def missed_periods(next_expected: date, today: date, frequency: str, grace_days: int = 7) -> int:
	"""How many due dates, from next_expected on, are more than grace_days behind today.

	next_expected is the first payment not yet received, so each of these is a missed payment.
	"""
	grace = timedelta(days=_non_negative(grace_days, "Grace days"))
	return len(expected_dates(next_expected, frequency, today - grace - timedelta(days=1)))


def status_for(current_status: str, missed: int, lapse_after: int) -> str:
	"""The recurring gift's status after counting missed payments.

	Paused and Cancelled are decided by people, and Pending (no first payment confirmed yet) by the
	payment flow: all three stay. Active lapses once missed reaches lapse_after; Lapsed becomes Active
	again when nothing is missed any more.
	"""
	if current_status not in STATUSES:
		raise ScheduleError("{0} is not a status: use one of {1}", repr(current_status), ", ".join(STATUSES))
	_non_negative(missed, "Missed payments")
	if _non_negative(lapse_after, "Lapse after") < 1:
		raise ScheduleError("Lapse after must be at least one missed payment")
	if current_status == ACTIVE and missed >= lapse_after:
		return LAPSED
	if current_status == LAPSED and missed == 0:
		return ACTIVE
	return current_status


def arrears(expected_count: int, received_count: int, amount: object) -> Decimal:
	"""What is owed: (expected - received) payments of amount, never below zero."""
	expected = _non_negative(expected_count, "Expected payments")
	received = _non_negative(received_count, "Received payments")
	return max(0, expected - received) * to_decimal(amount)
