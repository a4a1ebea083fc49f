"""Rules of the volunteer clinic: when shifts clash, who may book a shift, who comes next off the
waitlist, which dates a weekly pattern gives, and how many hours a shift counts.

Plain Python: the volunteering module reads the records, these functions decide.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from lpn_crm.domain.errors import DomainError

ACTIVE = "Active"
# Booking states that hold (or wait for) a seat; the others are history.
CONFIRMED = "Confirmed"
WAITLISTED = "Waitlisted"
LIVE_BOOKING_STATES = (CONFIRMED, WAITLISTED)
# Shift states a volunteer may book.
BOOKABLE_SHIFT_STATES = ("Open", "Full")


class ShiftError(DomainError):
	"""A shift or a booking breaks a rule of the clinic."""


@dataclass(frozen=True)
class Credentials:
	"""What the clinic knows of a volunteer that decides whether they may book a shift."""

	status: str
	licence_expiry: date | None = None
	training_expiry: date | None = None


@dataclass(frozen=True)
class ShiftNeeds:
	"""What a shift asks of everyone who books it."""

	shift_date: date
	requires_licence: bool = False
	requires_training: bool = False


def overlaps(start_a: datetime, end_a: datetime, start_b: datetime, end_b: datetime) -> bool:
	"""Whether two time spans share a moment; one ending as the other starts does not overlap."""
	return start_a < end_b and start_b < end_a


def shift_span(shift_date: date, start: time, end: time) -> tuple[datetime, datetime]:
	"""The start and end of a shift as datetimes; the end must come after the start on the same day."""
	if end <= start:
		raise ShiftError("The end time {0} must be after the start time {1}", end, start)
	return datetime.combine(shift_date, start), datetime.combine(shift_date, end)


def check_eligibility(volunteer: Credentials, needs: ShiftNeeds) -> None:
	"""Raise ShiftError saying why `volunteer` may not book a shift with `needs`.

	Only Active volunteers book; a shift that requires a professional licence or safeguarding training
	takes only volunteers whose licence / training is still valid on the shift's date (valid through its
	expiry date).
	"""
	if volunteer.status != ACTIVE:
		raise ShiftError("Only active volunteers can book shifts; your status is {0}", volunteer.status)
	if needs.requires_licence and not valid_on(volunteer.licence_expiry, needs.shift_date):
		raise ShiftError("This shift needs a professional licence valid on {0}", needs.shift_date)
	if needs.requires_training and not valid_on(volunteer.training_expiry, needs.shift_date):
		raise ShiftError("This shift needs safeguarding training valid on {0}", needs.shift_date)


def is_eligible(volunteer: Credentials, needs: ShiftNeeds) -> bool:
	"""Whether `volunteer` may book a shift with `needs` (check_eligibility says why not)."""
	try:
		check_eligibility(volunteer, needs)
	except ShiftError:
		return False
	return True


def valid_on(expiry: date | None, day: date) -> bool:
	"""Whether a credential expiring on `expiry` (None: never had one) is valid on `day`."""
	return expiry is not None and day <= expiry


def waitlist_order(bookings: Iterable[Mapping]) -> list[Mapping]:
	"""Waitlisted bookings in the order they came: by `booked_at`, then by name for equal times."""
	return sorted(bookings, key=lambda b: (b["booked_at"], b["name"]))


def first_eligible(waitlist: Sequence[Mapping], may_take_seat: Callable[[Mapping], bool]) -> Mapping | None:
	"""The first booking of the (ordered) waitlist whose volunteer may take the seat now, or None."""
	return next((booking for booking in waitlist if may_take_seat(booking)), None)


def seat_status(confirmed: int, capacity: int) -> str:
	"""What a new booking of a shift with `confirmed` of `capacity` seats taken becomes."""
	return CONFIRMED if confirmed < capacity else WAITLISTED


def open_or_full(confirmed: int, capacity: int) -> str:
	"""The state of a bookable shift once `confirmed` seats of `capacity` are taken."""
	return "Full" if confirmed >= capacity else "Open"


def check_capacity(capacity: int, confirmed: int) -> None:
	"""A shift's capacity is at least one seat and never below the bookings it has confirmed."""
	if capacity < 1:
		raise ShiftError("A shift needs at least one seat")
	if capacity < confirmed:
		raise ShiftError(
			"The capacity {0} is below the {1} bookings already confirmed; cancel bookings first",
			capacity,
			confirmed,
		)


def weekly_dates(first: date, weeks: int, taken: Iterable[date] = ()) -> list[date]:
	"""The dates of a weekly pattern: `first` and every 7 days after, `weeks` dates in all, without the
	dates in `taken` (those that already have this shift)."""
	if weeks < 1 or weeks > 104:
		raise ShiftError("Repeat a shift for 1 to 104 weeks, not {0}", weeks)
	skip = set(taken)
	dates = (first + timedelta(weeks=n) for n in range(weeks))
	return [day for day in dates if day not in skip]


def hours(start: time, end: time) -> Decimal:
	"""The hours a shift from `start` to `end` counts, to two decimals."""
	minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
	if minutes <= 0:
		raise ShiftError("The end time {0} must be after the start time {1}", end, start)
	return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def uncovered(required: Mapping[str, int], present: Iterable[str]) -> dict[str, int]:
	"""What of `required` (language or skill -> how many people) the people `present` (one entry per
	person who has it) do not cover yet: name -> how many more are needed."""
	have = Counter(present)
	return {name: need - have[name] for name, need in required.items() if have[name] < need}


def inside_cutoff(now: datetime, starts_at: datetime, cutoff_hours: int) -> bool:
	"""Whether a cancellation at `now` comes within `cutoff_hours` of the shift's start."""
	return now >= starts_at - timedelta(hours=cutoff_hours)


REMINDER_HOURS = (48, 24)


def due_reminder(now: datetime, starts_at: datetime, sent: Iterable[int]) -> int | None:
	"""Which reminder (48 or 24 hours before) a confirmed booking of a shift starting at `starts_at` is
	due at `now`, given the reminders already `sent`; None when none is. A late run sends only the nearest
	one, never both at once; nothing goes out once the shift has started."""
	left = starts_at - now
	if left <= timedelta(0):
		return None
	sent = set(sent)
	due = [h for h in REMINDER_HOURS if left <= timedelta(hours=h)]
	nearest = min(due, default=None)
	return nearest if nearest is not None and nearest not in sent else None
