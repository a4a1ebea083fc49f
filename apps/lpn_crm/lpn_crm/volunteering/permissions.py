"""Row-level access for volunteers who log in: their own volunteer record and bookings, and the shifts
that are open for booking (or that they booked). Clinic coordinators see everything.

One SQL condition serves both the list query (permission_query_conditions) and the single-document
check (has_permission), so the two can never disagree (lpn_crm.row_access). Guests hold no role on these
doctypes at all.
"""

import frappe

from lpn_crm import row_access
from lpn_crm.access import CLINIC_COORDINATOR, SYSTEM_MANAGER

UNSCOPED_ROLES = {CLINIC_COORDINATOR, SYSTEM_MANAGER}
VOLUNTEER_SCOPED = ("LPN Volunteer", "LPN Shift Booking", "LPN Clinic Shift")


def own_volunteers(user: str) -> str:
	return f"(select `name` from `tabLPN Volunteer` where `user` = {frappe.db.escape(user)})"


def volunteer_condition(doctype: str, user: str | None = None) -> str:
	"""SQL restricting `doctype` to the rows `user` may see; "" for coordinators."""
	user = user or frappe.session.user
	if row_access.is_unscoped(user, UNSCOPED_ROLES):
		return ""
	mine = own_volunteers(user)
	if doctype == "LPN Volunteer":
		return f"`tabLPN Volunteer`.`user` = {frappe.db.escape(user)}"
	if doctype == "LPN Shift Booking":
		return f"`tabLPN Shift Booking`.`volunteer` in {mine}"
	if doctype == "LPN Clinic Shift":
		return (
			"(`tabLPN Clinic Shift`.`status` in ('Open', 'Full') or `tabLPN Clinic Shift`.`name` in "
			f"(select `shift` from `tabLPN Shift Booking` where `volunteer` in {mine}))"
		)
	raise ValueError(f"{doctype} has no volunteer condition")


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return row_access.query_conditions(volunteer_condition, user, doctype)


def has_permission(doc, ptype: str | None = None, user: str | None = None, **kwargs) -> bool | None:
	return row_access.has_permission(volunteer_condition, doc, user)


def shift_visible(shift: str, user: str | None = None) -> bool:
	"""Whether `user` may read `shift` (an open one, or one they booked), asked in one query."""
	return row_access.row_visible(volunteer_condition, "LPN Clinic Shift", shift, user)
