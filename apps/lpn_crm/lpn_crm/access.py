"""Who may do what in lpn_crm: the app's roles, the staff role sets, and the one decorator that gates
staff endpoints. Every module reads roles from here; install code only creates them.

`frappe.only_for` lets everyone through while tests run (`frappe.flags.in_test`), so a gate built on it
cannot be tested; `staff_only` checks always, and every gate has a test that a lesser role is refused.
"""

import functools
from collections.abc import Callable, Iterable

import frappe
from frappe import _

FUNDRAISING_MANAGER = "LPN Fundraising Manager"
FUNDRAISING_USER = "LPN Fundraising User"
SPONSORSHIP_COORDINATOR = "LPN Sponsorship Coordinator"
CLINIC_COORDINATOR = "LPN Clinic Coordinator"
VOLUNTEER = "LPN Volunteer"
SPONSOR = "LPN Sponsor"
DONOR = "LPN Donor"
SYSTEM_MANAGER = "System Manager"

# role name -> desk access. Volunteers, sponsors and donors are website users: portal pages only.
ROLES: dict[str, bool] = {
	FUNDRAISING_MANAGER: True,
	FUNDRAISING_USER: True,
	SPONSORSHIP_COORDINATOR: True,
	CLINIC_COORDINATOR: True,
	VOLUNTEER: False,
	SPONSOR: False,
	DONOR: False,
}

STAFF_ROLES = tuple(role for role, desk in ROLES.items() if desk)

# Who works with donors and gifts in the desk, and who may do what cannot be undone (merge, e-Donation).
FUNDRAISING_STAFF = (FUNDRAISING_MANAGER, FUNDRAISING_USER, SYSTEM_MANAGER)
FUNDRAISING_MANAGERS = (FUNDRAISING_MANAGER, SYSTEM_MANAGER)


def has_any_role(roles: Iterable[str], user: str | None = None) -> bool:
	"""Whether `user` (the session user by default) holds one of `roles`; Administrator holds them all."""
	user = user or frappe.session.user
	return user == "Administrator" or not set(roles).isdisjoint(frappe.get_roles(user))


def check_roles(roles: Iterable[str]) -> None:
	"""Raise frappe.PermissionError unless the session user holds one of `roles`."""
	roles = tuple(roles)
	if not has_any_role(roles):
		raise frappe.PermissionError(
			_("This needs one of these roles: {0}").format(", ".join(_(role) for role in roles))
		)


def staff_only(*roles: str) -> Callable:
	"""Decorator: the endpoint runs only for a user with one of `roles`, tests included.

	Put it under `@frappe.whitelist()`; the wrapped function keeps its signature and annotations, which
	Frappe reads to check argument types.
	"""
	if not roles:
		raise ValueError("staff_only needs at least one role")

	def decorate(function: Callable) -> Callable:
		@functools.wraps(function)
		def gated(*args, **kwargs):
			check_roles(roles)
			return function(*args, **kwargs)

		gated.lpn_roles = roles
		return gated

	return decorate
