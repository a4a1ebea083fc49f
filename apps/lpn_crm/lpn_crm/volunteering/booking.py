"""Booking and cancelling clinic shifts: the one place that gives a seat away or takes it back.

Every path that changes who holds a seat (booking, cancelling, the waitlist moving up, a coordinator
raising the capacity) first locks the shift's row (`select ... for update`) and then counts with
locking reads, so two requests at the same moment are served one after the other and no seat is ever
given twice. Locks are always taken in the same order, the shift before any volunteer, so two of these
paths never wait for each other in a circle.

Under MariaDB's REPEATABLE READ a plain SELECT may read a snapshot older than the lock; that is why the
reads below that decide anything are locking reads (`for update`, or `frappe.get_doc(..., for_update=True)`).
"""

from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import get_datetime, get_time, now_datetime

from lpn_crm.domain import volunteering as rules
from lpn_crm.i18n import error_message
from lpn_crm.volunteering import notify

# A volunteer may check in this long before the shift starts.
CHECK_IN_EARLY_MINUTES = 30


class BookingError(frappe.ValidationError):
	"""A booking or a cancellation that the clinic's rules refuse; nothing was written."""


class ShiftNotBookableError(BookingError):
	pass


class AlreadyBookedError(BookingError):
	pass


class OverlapError(BookingError):
	pass


class NotEligibleError(BookingError):
	pass


class ReasonRequiredError(BookingError):
	pass


# What booking, cancelling and the waitlist read of a shift and of a volunteer: one locking read of the
# row each (no child tables, nothing else), so the time every other booking of the shift waits is short.
SHIFT_FIELDS = (
	"name",
	"clinic",
	"status",
	"capacity",
	"shift_date",
	"start_time",
	"end_time",
	"starts_at",
	"ends_at",
	"coordinator",
	"requires_licence",
	"requires_training",
)
VOLUNTEER_FIELDS = ("name", "status", "licence_expiry", "safeguarding_expiry")
# live_counts(..., of_volunteer=...): how many of the live bookings are that volunteer's
OWN = "own"


def lock_row(doctype: str, name: str, fields: tuple[str, ...]) -> frappe._dict | None:
	"""`fields` of one row, locked until the transaction ends. Plain SQL from the constant field lists
	above: frappe.db.get_value would parse and sanitise each field name on every call."""
	columns = ", ".join(f"`{field}`" for field in fields)
	rows = frappe.db.sql(
		f"select {columns} from `tab{doctype}` where name = %s for update", name, as_dict=True
	)
	if not rows:
		return None
	rows[0].doctype = doctype
	return rows[0]


def lock_shift(name: str) -> frappe._dict:
	"""The shift's booking fields, read and locked until the transaction ends."""
	shift = lock_row("LPN Clinic Shift", name, SHIFT_FIELDS)
	if not shift:
		frappe.throw(_("Shift {0} does not exist").format(name), frappe.DoesNotExistError)
	return shift


def lock_volunteer(name: str) -> frappe._dict:
	"""The volunteer's credentials, read and locked (always after their shift's lock)."""
	return lock_row("LPN Volunteer", name, VOLUNTEER_FIELDS)


def live_counts(shift_name: str, of_volunteer: str | None = None) -> dict[str, int]:
	"""Confirmed and Waitlisted bookings of a shift, counted with a locking read (hold the shift's lock);
	with `of_volunteer`, counts[OWN] is how many of them are that volunteer's."""
	rows = frappe.db.sql(
		"""select status, count(*), sum(volunteer = %s) from `tabLPN Shift Booking`
		where shift = %s and status in %s group by status for update""",
		(of_volunteer or "", shift_name, rules.LIVE_BOOKING_STATES),
	)
	counts = dict.fromkeys((*rules.LIVE_BOOKING_STATES, OWN), 0)
	for status, count, own in rows:
		counts[status] = int(count)
		counts[OWN] += int(own or 0)
	return counts


def credentials(volunteer) -> rules.Credentials:
	return rules.Credentials(
		status=volunteer.status,
		licence_expiry=volunteer.licence_expiry and get_datetime(volunteer.licence_expiry).date(),
		training_expiry=volunteer.safeguarding_expiry and get_datetime(volunteer.safeguarding_expiry).date(),
	)


def needs(shift) -> rules.ShiftNeeds:
	return rules.ShiftNeeds(
		shift_date=get_datetime(shift.shift_date).date(),
		requires_licence=bool(shift.requires_licence),
		requires_training=bool(shift.requires_training),
	)


def overlapping_confirmed(volunteer: str, shift) -> str | None:
	"""A confirmed booking of `volunteer` on another shift that overlaps `shift` (locking read)."""
	rows = frappe.db.sql(
		"""select b.name from `tabLPN Shift Booking` b
		join `tabLPN Clinic Shift` s on s.name = b.shift
		where b.volunteer = %s and b.status = 'Confirmed' and b.shift != %s
			and s.starts_at < %s and s.ends_at > %s
		limit 1 for update""",
		(volunteer, shift.name, shift.ends_at, shift.starts_at),
	)
	return rows[0][0] if rows else None


def check_bookable(shift) -> None:
	if shift.status not in rules.BOOKABLE_SHIFT_STATES:
		frappe.throw(
			_("This shift cannot be booked: it is {0}").format(_(shift.status)), ShiftNotBookableError
		)
	if get_datetime(shift.starts_at) <= now_datetime():
		frappe.throw(_("This shift has already started and can no longer be booked"), ShiftNotBookableError)


def check_eligible(volunteer, shift) -> None:
	try:
		rules.check_eligibility(credentials(volunteer), needs(shift))
	except rules.ShiftError as error:
		frappe.throw(error_message(error), NotEligibleError)


def book(shift_name: str, volunteer_name: str):
	"""Book `volunteer_name` on `shift_name`: Confirmed while seats are left, else Waitlisted.

	Refuses (BookingError, nothing written) a shift that is not open, has started, is already booked by
	this volunteer, or overlaps a shift they hold, and a volunteer the shift may not take.

	Every other booking of the shift waits while this one holds the shift's lock, so what need not be
	inside it comes first: the booking's links are checked and its fetched fields (the shift's clinic and
	date, the volunteer's name) filled as insert would, and insert is then told not to do it again.
	"""
	booking = frappe.get_doc(
		{"doctype": "LPN Shift Booking", "shift": shift_name, "volunteer": volunteer_name}
	)
	check_links(booking)
	shift = lock_shift(shift_name)
	volunteer = lock_volunteer(volunteer_name)
	check_bookable(shift)
	check_eligible(volunteer, shift)
	counts = live_counts(shift.name, of_volunteer=volunteer.name)
	if counts[OWN]:
		frappe.throw(_("You have already booked this shift"), AlreadyBookedError)
	if clash := overlapping_confirmed(volunteer.name, shift):
		frappe.throw(
			_("This shift overlaps a shift you have already booked ({0})").format(clash), OverlapError
		)
	# the moment the seat is decided, under the lock: the waitlist's order is the order bookings got it
	booking.booked_at = now_datetime()
	booking.status = rules.seat_status(counts[rules.CONFIRMED], shift.capacity)
	booking.flags.from_booking_service = True
	booking.insert(ignore_permissions=True)
	counts[booking.status] += 1
	store_counts(shift, counts)
	return booking


def check_links(booking) -> None:
	"""What Document.insert's link check does (links exist, fetched fields filled), done now; insert then
	skips it (`ignore_links`)."""
	invalid, _cancelled = booking.get_invalid_links()
	if invalid:
		frappe.throw(
			_("Could not find {0}").format(", ".join(message for _field, _value, message in invalid)),
			frappe.LinkValidationError,
		)
	booking.flags.ignore_links = True


def cancel(booking_name: str, reason: str | None = None):
	"""Cancel a Confirmed or Waitlisted booking; a freed seat goes at once to the first eligible volunteer
	on the waitlist, who is emailed. Cancelling a confirmed seat inside the cut-off before the shift needs a
	reason and alerts the coordinator. Returns (the cancelled booking, the promoted booking or None)."""
	shift_name = frappe.db.get_value("LPN Shift Booking", booking_name, "shift")
	if not shift_name:
		frappe.throw(_("Booking {0} does not exist").format(booking_name), frappe.DoesNotExistError)
	shift = lock_shift(shift_name)
	booking = frappe.get_doc("LPN Shift Booking", booking_name, for_update=True)
	if booking.status not in rules.LIVE_BOOKING_STATES:
		frappe.throw(_("This booking is {0} and cannot be cancelled").format(_(booking.status)), BookingError)
	starts_at = get_datetime(shift.starts_at)
	now = now_datetime()
	if starts_at <= now:
		frappe.throw(_("This shift has already started; ask the coordinator to record it"), BookingError)
	reason = (reason or "").strip()
	late = booking.status == rules.CONFIRMED and rules.inside_cutoff(now, starts_at, cutoff_hours())
	if late and not reason:
		frappe.throw(
			_("Cancelling less than {0} hours before the shift needs a reason").format(cutoff_hours()),
			ReasonRequiredError,
		)
	was_confirmed = booking.status == rules.CONFIRMED
	booking.status = "Cancelled"
	booking.cancelled_at = now
	booking.cancel_reason = reason or None
	booking.flags.from_booking_service = True
	booking.save(ignore_permissions=True)
	if was_confirmed:
		promoted = fill_from_waitlist(shift)
	else:
		promoted = []
		store_counts(shift, live_counts(shift.name))
	if late:
		notify.late_cancellation(shift, booking)
	return booking, (promoted[0] if promoted else None)


def withdraw_volunteer(volunteer_name: str) -> list:
	"""A volunteer set Inactive gives up their bookings of shifts not yet begun. Each is cancelled as the
	volunteer's own cancellation is (`cancel`): a freed seat goes to the waitlist at once, and one freed
	inside the cut-off alerts the shift's coordinator. Past shifts keep their bookings for attendance.
	Returns the bookings promoted in their place.

	Called from the volunteer's save, which already holds their row: the shifts are locked after it here,
	the other way round from booking. Only the same volunteer booking a shift they hold at the very moment
	they are set Inactive could meet it, and MariaDB then refuses one of the two (a deadlock error)."""
	reason = _("The volunteer is no longer active")
	promoted = []
	for name in frappe.db.sql_list(
		"""select b.name from `tabLPN Shift Booking` b join `tabLPN Clinic Shift` s on s.name = b.shift
		where b.volunteer = %s and b.status in %s and s.starts_at > %s order by s.starts_at, b.name""",
		(volunteer_name, rules.LIVE_BOOKING_STATES, now_datetime()),
	):
		_cancelled, seat_taker = cancel(name, reason)
		if seat_taker:
			promoted.append(seat_taker)
	return promoted


def fill_from_waitlist(shift) -> list:
	"""Give the free seats of a locked `shift` to the waitlist in order, skipping volunteers who may not
	take the seat now (no longer active, credentials lapsed, an overlapping confirmed shift). Each promoted
	volunteer is emailed. Returns the promoted bookings."""
	counts = live_counts(shift.name)
	waitlist = rules.waitlist_order(
		frappe.db.sql(
			"""select name, volunteer, booked_at from `tabLPN Shift Booking`
			where shift = %s and status = 'Waitlisted' for update""",
			shift.name,
			as_dict=True,
		)
	)
	promoted = []
	while counts[rules.CONFIRMED] < shift.capacity and waitlist:
		row = rules.first_eligible(waitlist, lambda r: may_take_seat(r.volunteer, shift))
		if row is None:
			break
		waitlist = waitlist[waitlist.index(row) + 1 :]
		booking = frappe.get_doc("LPN Shift Booking", row.name, for_update=True)
		booking.status = rules.CONFIRMED
		booking.promoted_at = now_datetime()
		booking.flags.from_booking_service = True
		booking.save(ignore_permissions=True)
		counts[rules.CONFIRMED] += 1
		counts[rules.WAITLISTED] -= 1
		promoted.append(booking)
		notify.promoted(shift, booking)
	store_counts(shift, counts)
	return promoted


def may_take_seat(volunteer_name: str, shift) -> bool:
	volunteer = lock_volunteer(volunteer_name)
	return rules.is_eligible(credentials(volunteer), needs(shift)) and not overlapping_confirmed(
		volunteer_name, shift
	)


def store_counts(shift, counts: dict[str, int]) -> None:
	values = {"confirmed_count": counts[rules.CONFIRMED], "waitlist_count": counts[rules.WAITLISTED]}
	if shift.status in rules.BOOKABLE_SHIFT_STATES:
		values["status"] = rules.open_or_full(counts[rules.CONFIRMED], shift.capacity)
	# one plain update inside the lock: the shift's Document (db_set) would be read again first, and
	# set_value would build and sanitise its query each time
	assignments = ", ".join(f"`{field}` = %({field})s" for field in values)
	frappe.db.sql(
		f"update `tabLPN Clinic Shift` set {assignments} where name = %(name)s",
		{**values, "name": shift.name},
	)
	frappe.clear_document_cache("LPN Clinic Shift", shift.name)
	shift.update(values)


def cutoff_hours() -> int:
	from lpn_crm.volunteering.setup import DEFAULT_CUTOFF_HOURS, stored_setting

	value = stored_setting("cancel_cutoff_hours")
	return DEFAULT_CUTOFF_HOURS if value is None else int(value)


def cancel_all_of_shift(shift) -> None:
	"""The clinic cancelled `shift`: every live booking is cancelled and its volunteer emailed."""
	frappe.db.sql("select name from `tabLPN Clinic Shift` where name = %s for update", shift.name)
	close_bookings(
		shift, rules.LIVE_BOOKING_STATES, _("The clinic cancelled the shift"), notify.shift_cancelled
	)
	shift.db_set({"confirmed_count": 0, "waitlist_count": 0}, update_modified=False)


def close_waitlist(shift) -> int:
	"""The waitlisted bookings of a shift that has ended, which never had a seat, closed as Cancelled."""
	closed = close_bookings(
		shift, (rules.WAITLISTED,), _("The shift ended with no seat free for the waitlist")
	)
	if closed:
		shift.db_set("waitlist_count", 0, update_modified=False)
	return closed


def close_bookings(shift, states: tuple[str, ...], reason: str, tell=None) -> int:
	"""Cancel the bookings in `states` of a locked `shift` with `reason`, each told by `tell` if given;
	no seat is handed on (the shift is not taking anyone). Returns how many were cancelled."""
	names = frappe.db.sql_list(
		"""select name from `tabLPN Shift Booking` where shift = %s and status in %s for update""",
		(shift.name, states),
	)
	for name in names:
		booking = frappe.get_doc("LPN Shift Booking", name, for_update=True)
		booking.status = "Cancelled"
		booking.cancelled_at = now_datetime()
		booking.cancel_reason = reason
		booking.flags.from_booking_service = True
		booking.save(ignore_permissions=True)
		if tell:
			tell(shift, booking)
	return len(names)


def record_attendance(booking_name: str, status: str, checked_in: bool = False):
	"""Mark a confirmed (or already marked) booking Attended or No-show once the shift has begun; an
	attended booking counts the shift's hours."""
	if status not in ("Attended", "No-show"):
		frappe.throw(_("Attendance is Attended or No-show, not {0}").format(status), BookingError)
	booking = frappe.get_doc("LPN Shift Booking", booking_name, for_update=True)
	if booking.status not in (rules.CONFIRMED, "Attended", "No-show"):
		frappe.throw(_("Only a confirmed booking can be marked {0}").format(_(status)), BookingError)
	shift = frappe.get_doc("LPN Clinic Shift", booking.shift)
	if get_datetime(shift.starts_at) - timedelta(minutes=CHECK_IN_EARLY_MINUTES) > now_datetime():
		frappe.throw(_("Attendance can be recorded once the shift has begun"), BookingError)
	booking.status = status
	booking.hours = (
		float(rules.hours(get_time(shift.start_time), get_time(shift.end_time)))
		if status == "Attended"
		else 0
	)
	if checked_in:
		booking.checked_in_at = now_datetime()
	booking.flags.from_booking_service = True
	booking.save(ignore_permissions=True)
	return booking


def check_in(booking_name: str):
	"""The volunteer checks in on the portal while the shift runs (from 30 minutes before its start)."""
	booking = frappe.get_doc("LPN Shift Booking", booking_name)
	shift = frappe.get_doc("LPN Clinic Shift", booking.shift)
	now = now_datetime()
	opens = get_datetime(shift.starts_at) - timedelta(minutes=CHECK_IN_EARLY_MINUTES)
	if not opens <= now <= get_datetime(shift.ends_at):
		frappe.throw(_("You can check in only during your shift"), BookingError)
	if booking.status != rules.CONFIRMED:
		frappe.throw(_("Only a confirmed booking can check in"), BookingError)
	return record_attendance(booking_name, "Attended", checked_in=True)
