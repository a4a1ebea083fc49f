"""/donate (and /donate?campaign=NAME): the public gift form. Amounts and currencies come from settings."""

import frappe
from frappe import _

from lpn_crm.fundraising.campaigns import emergency_banner, live_campaign
from lpn_crm.fundraising.offline_giving import offline_giving
from lpn_crm.lpn_payments.settings import donate_page_options

# What the visitor came through, passed on to the checkout, which keeps only what checks out.
ATTRIBUTION_FIELDS = ("supporter_page", "appeal", "appeal_donor", "appeal_token")

no_cache = 1


def get_context(context):
	context.no_cache = 1
	context.title = _("Give to LPN")
	context.options = donate_page_options()
	# LPN's bank account and PromptPay QR, shown while online giving is off
	context.offline = offline_giving()
	# Only a live campaign; anything else falls back to a general gift.
	context.campaign = live_campaign(frappe.form_dict.get("campaign"))
	context.emergency = emergency_banner()
	context.attribution = {
		field: value
		for field in ATTRIBUTION_FIELDS
		if isinstance(value := frappe.form_dict.get(field), str) and value
	}
	return context
