"""/campaigns: LPN's live campaigns, emergency appeals first, each with its progress."""

from frappe import _

from lpn_crm.fundraising.campaigns import live_campaigns

no_cache = 1


def get_context(context):
	context.no_cache = 1
	context.title = _("Campaigns")
	context.campaigns = live_campaigns()
	context.metatags = {
		"title": _("LPN campaigns"),
		"description": _(
			"Give to a campaign of the Labour Protection Network for migrant workers and their children."
		),
	}
	return context
