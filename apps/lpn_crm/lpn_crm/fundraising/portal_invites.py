"""Inviting a donor to the donor portal: a website user with the donor role, linked, welcomed by Frappe."""

import frappe
from frappe import _

from lpn_crm.access import DONOR as DONOR_ROLE

DONOR = "LPN Donor"


def invite_to_portal(donor: str) -> str:
	"""Give the donor a portal login and send Frappe's welcome email (set your password); returns the user.

	A user that already has the donor's email is linked and welcomed rather than made twice; a donor linked
	to a login already, or without an email, is refused with a message saying so.
	"""
	doc = frappe.get_doc(DONOR, donor)
	if doc.user:
		frappe.throw(_("{0} already has a portal login: {1}").format(doc.donor_name, doc.user))
	if not doc.email:
		frappe.throw(_("Enter {0}'s email first: the invitation is sent there").format(doc.donor_name))
	existing = frappe.db.get_value("User", {"email": doc.email}, ["name", "user_type"], as_dict=True)
	if existing and existing.user_type != "Website User":
		frappe.throw(
			_("{0} is a staff login: a donor's portal login must be a website user").format(doc.email)
		)
	if existing:
		user = frappe.get_doc("User", existing.name)
		user.flags.ignore_permissions = True
		user.add_roles(DONOR_ROLE)
		user.send_welcome_mail_to_user()
	else:
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": doc.email,
				"first_name": doc.donor_name[:140],
				"user_type": "Website User",
				"language": doc.preferred_language or "en",
				"send_welcome_email": 1,
				"roles": [{"role": DONOR_ROLE}],
			}
		)
		user.flags.ignore_permissions = True
		user.insert()
	doc.db_set("user", user.name)
	doc.add_comment("Info", _("Invited to the donor portal as {0}").format(user.name))
	return user.name
