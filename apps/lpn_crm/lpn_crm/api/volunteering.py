"""The volunteer clinic's endpoints: booking and cancelling shifts (the portal page and a future phone
app use them), check-in, the coordinator's actions, and the volunteers' iCal feed.

Refusals go through frappe.throw, so the reason reaches the caller in `_server_messages` (a bare raise of
frappe.PermissionError answers only its class name, and the phone would show a generic failure)."""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from lpn_crm.access import CLINIC_COORDINATOR, SYSTEM_MANAGER, has_any_role, staff_only
from lpn_crm.volunteering import booking as service
from lpn_crm.volunteering import calendar, permissions, shifts

COORDINATORS = (CLINIC_COORDINATOR, SYSTEM_MANAGER)


def my_volunteer() -> str:
	"""The session user's volunteer record; a PermissionError for anyone without one."""
	rows = frappe.session.user != "Guest" and frappe.db.sql(
		"select name from `tabLPN Volunteer` where user = %s limit 1", frappe.session.user
	)
	name = rows[0][0] if rows else None
	if not name:
		frappe.throw(_("Only volunteers of the clinic can do this"), frappe.PermissionError)
	return name


def check_shift_permission(shift: str) -> None:
	"""The session user may read `shift`: the very condition has_permission applies
	(lpn_crm.volunteering.permissions), asked in one query without loading the shift's document."""
	if permissions.shift_visible(shift):
		return
	if not frappe.db.exists("LPN Clinic Shift", shift):
		frappe.throw(_("Shift {0} does not exist").format(shift), frappe.DoesNotExistError)
	# a draft shift, or a cancelled one the volunteer never booked: not theirs to know about
	frappe.throw(_("This shift is not open for booking"), frappe.PermissionError)


def check_booking_permission(booking: str) -> None:
	"""The booking's own volunteer, or a coordinator."""
	volunteer = frappe.db.get_value("LPN Shift Booking", booking, "volunteer")
	if not volunteer:
		frappe.throw(_("Booking {0} does not exist").format(booking), frappe.DoesNotExistError)
	if has_any_role(COORDINATORS):
		return
	if volunteer != my_volunteer():
		frappe.throw(_("This is not your booking"), frappe.PermissionError)


@frappe.whitelist(methods=["POST"])
def book_shift(shift: str) -> dict:
	"""Book the session volunteer on `shift`: {"booking": name, "status": "Confirmed" | "Waitlisted"}."""
	volunteer = my_volunteer()
	check_shift_permission(shift)
	booking = service.book(shift, volunteer)
	return {"booking": booking.name, "status": booking.status}


@frappe.whitelist(methods=["POST"])
def cancel_booking(booking: str, reason: str | None = None) -> dict:
	"""Cancel a booking (the volunteer's own, or any for a coordinator): {"booking", "status", "promoted"}."""
	check_booking_permission(booking)
	cancelled, promoted = service.cancel(booking, reason)
	return {"booking": cancelled.name, "status": cancelled.status, "promoted": promoted and promoted.name}


@frappe.whitelist(methods=["POST"])
def check_in(booking: str) -> dict:
	"""The volunteer checks in during their shift; the booking becomes Attended with the shift's hours."""
	check_booking_permission(booking)
	doc = service.check_in(booking)
	return {"booking": doc.name, "status": doc.status, "hours": doc.hours}


@frappe.whitelist(methods=["POST"])
@staff_only(*COORDINATORS)
def mark_attendance(booking: str, status: str) -> dict:
	"""The coordinator records a confirmed booking as Attended or No-show."""
	doc = service.record_attendance(booking, status)
	return {"booking": doc.name, "status": doc.status, "hours": doc.hours}


@frappe.whitelist(methods=["POST"])
@staff_only(*COORDINATORS)
def repeat_shift(shift: str, weeks: int) -> dict:
	"""Copies of `shift` on the same weekday for `weeks` weeks (the shift's own week first), skipping
	dates that already have this shift: {"created": [names], "skipped": [dates]}."""
	return shifts.repeat_weekly(shift, int(weeks))


@frappe.whitelist(methods=["POST"])
def reset_calendar_link() -> dict:
	"""A new secret calendar address for the session volunteer; the old one stops working at once."""
	volunteer = my_volunteer()
	if not frappe.has_permission("LPN Volunteer", "read", volunteer):
		frappe.throw(_("Only volunteers of the clinic can do this"), frappe.PermissionError)
	return {"url": calendar.feed_url(calendar.new_token(volunteer))}


@frappe.whitelist(allow_guest=True, methods=["GET"])
@rate_limit(limit=120, seconds=60)
def ical(token: str = "") -> None:
	"""The volunteer's shifts as an iCalendar feed, for phone calendars. A wrong or revoked token is a
	bare 404: the address is the only secret, and nothing says whether it ever existed."""
	calendar.respond(token)
