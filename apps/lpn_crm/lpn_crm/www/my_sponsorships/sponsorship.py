"""/my-sponsorships/<name>: one of the sponsor's sponsorships: the child (first name, age, grade, origin,
progress this school year), approved updates and photos, letters to the child, and the payments.
Reads go through lpn_crm.sponsorship.portal; a sponsorship not theirs is "Not permitted" (and recorded)."""

import frappe
from frappe import _

from lpn_crm.sponsorship import portal

no_cache = 1


def get_context(context):
	name = frappe.form_dict.get("name")
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = f"/login?redirect-to=/my-sponsorships/{name or ''}"
		raise frappe.Redirect
	context.no_breadcrumbs = True
	context.update(portal.sponsorship_page(name, frappe.session.user))
	child = context.child or {}
	context.title = (
		_("Sponsoring {0}").format(child["first_name"]) if child.get("first_name") else _("My sponsorship")
	)
	context.letter_limit = portal.LETTER_LIMIT
	# the language the switch chose stays for the next page (a logged-in sponsor has no switch cookie)
	context.lang_query = portal.lang_query()
	return context
