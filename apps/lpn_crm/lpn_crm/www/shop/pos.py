"""/shop/pos: the point of sale for a stall or the shop, on a phone or tablet. Staff only."""

import frappe
from frappe import _

from lpn_crm.access import FUNDRAISING_STAFF, check_roles
from lpn_crm.social_enterprise import pos

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/shop/pos"
		raise frappe.Redirect
	check_roles(FUNDRAISING_STAFF)
	context.no_breadcrumbs = True
	context.title = _("Point of sale")
	context.products = pos.products()
	context.channels = pos.CHANNELS
	return context
