"""/campaigns/<slug>/<supporter>: a supporter's own page under a live campaign: their photo and words, their
goal and progress, and the donate button that credits their page. Public once approved; before that only
its supporter (and staff) see it, with a note that it waits for approval."""

import frappe
from frappe import _

from lpn_crm.fundraising import campaigns, supporters
from lpn_crm.www.campaigns.campaign import donate_url

no_cache = 1


def get_context(context):
	context.no_cache = 1
	row = campaigns.live_campaign_by_slug(frappe.form_dict.get("slug"))
	page = supporters.page_for(row, frappe.form_dict.get("supporter")) if row else None
	if not page:
		raise frappe.DoesNotExistError(_("There is no supporter page at this address"))
	campaign = campaigns.public_view(row)
	context.campaign = campaign
	context.page = page
	context.title = _("{0} for {1}").format(page.supporter_name, campaign.title)
	context.donate_url = donate_url(campaign.name, {}, supporter_page=page.name)
	context.metatags = {
		"title": context.title,
		"description": campaigns.summary_of(page.story) or campaign.summary,
		"image": page.photo or campaign.image,
		"url": frappe.utils.get_url(f"{campaign.url}/{page.slug}"),
	}
	return context
