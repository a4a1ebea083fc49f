"""An accepted applicant's website login: made (or found by email) when they become Active."""

from contextlib import contextmanager

import frappe

from lpn_crm.access import VOLUNTEER
from lpn_crm.volunteering import notify


def give_login(volunteer) -> str:
	"""Link `volunteer` to a website User with the LPN Volunteer role, making one in their language when
	none has their email; their welcome email (with the link to set a new login's password) follows.
	Returns the user's name."""
	user = volunteer.user or frappe.db.get_value("User", {"email": volunteer.email}, "name")
	set_password_link = None
	if not user:
		doc = new_login(volunteer)
		user = doc.name
		set_password_link = doc.reset_password()
	user_doc = frappe.get_doc("User", user)
	if VOLUNTEER not in frappe.get_roles(user):
		user_doc.flags.ignore_permissions = True
		user_doc.add_roles(VOLUNTEER)
	if volunteer.user != user:
		volunteer.db_set("user", user)
	notify.welcome(volunteer, set_password_link)
	return user


def new_login(volunteer):
	first, _, last = (volunteer.full_name or volunteer.email).partition(" ")
	doc = frappe.new_doc("User")
	doc.update(
		{
			"email": volunteer.email,
			"first_name": first,
			"last_name": last,
			"user_type": "Website User",
			"language": notify.volunteer_language(volunteer),
			# the clinic's welcome (in the volunteer's language, with the password link) replaces Frappe's
			"send_welcome_email": 0,
		}
	)
	with past_the_sign_up_guard():
		doc.insert(ignore_permissions=True)
	return doc


@contextmanager
def past_the_sign_up_guard():
	"""Frappe refuses a new User once more than 60 (`throttle_user_limit`) were made in the last hour: a
	guard against floods of self sign-ups, which only an import passes (`frappe.flags.in_import`, as
	Data Import sets it). A coordinator accepting volunteers is that kind of deliberate, staff-made entry,
	however many they accept at once, so the one User insert runs as an import. Sign-up, the application
	form and every other path keep the guard, and the site's config is untouched.

	An import also skips filling defaults and checking Select values: the User is made with
	`frappe.new_doc` (defaults filled there) and its Select values are the fixed ones above.
	"""
	was = frappe.flags.in_import
	frappe.flags.in_import = True
	try:
		yield
	finally:
		frappe.flags.in_import = was
