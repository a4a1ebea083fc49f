"""/my-sponsorships: a logged-in sponsor's own current sponsorships, each child as the whitelist shows them.
Every read goes through lpn_crm.sponsorship.portal (the permission condition and the field whitelist)."""

import frappe
from frappe import _

from lpn_crm.sponsorship import portal

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/my-sponsorships"
		raise frappe.Redirect
	context.no_breadcrumbs = True
	context.title = _("My sponsorships")
	context.sponsorships = portal.overview(frappe.session.user)
	# the language the switch chose stays for the next page (a logged-in sponsor has no switch cookie)
	context.lang_query = portal.lang_query()
	return context
