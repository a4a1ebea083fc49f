"""An accepted applicant's website login: made (or found by email) when they become Active."""

import frappe

from lpn_crm.access import VOLUNTEER
from lpn_crm.volunteering import notify


def give_login(volunteer) -> str:
	"""Link `volunteer` to a website User with the LPN Volunteer role, making one (Frappe emails them a
	link to set their password) when none has their email; returns the user's name."""
	user = volunteer.user or frappe.db.get_value("User", {"email": volunteer.email}, "name")
	if not user:
		first, _, last = (volunteer.full_name or volunteer.email).partition(" ")
		doc = frappe.get_doc(
			{
				"doctype": "User",
				"email": volunteer.email,
				"first_name": first,
				"last_name": last,
				"user_type": "Website User",
				"send_welcome_email": 1,
			}
		)
		doc.insert(ignore_permissions=True)
		user = doc.name
	user_doc = frappe.get_doc("User", user)
	if VOLUNTEER not in frappe.get_roles(user):
		user_doc.flags.ignore_permissions = True
		user_doc.add_roles(VOLUNTEER)
	if volunteer.user != user:
		volunteer.db_set("user", user)
	notify.welcome(volunteer)
	return user
