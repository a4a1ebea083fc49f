"""/campaigns/<slug>: a live campaign's story, progress and latest gifts, its approved supporter pages, the
donate button (the /donate flow for this campaign, with an appeal link's attribution passed on) and, for a
logged-in visitor, their own supporter page or the form to make one."""

import frappe
from frappe import _

from lpn_crm.fundraising import campaigns, supporters

no_cache = 1

APPEAL_PARAMETERS = {"appeal": "appeal", "r": "appeal_donor", "t": "appeal_token"}


def get_context(context):
	context.no_cache = 1
	row = campaigns.live_campaign_by_slug(frappe.form_dict.get("slug"))
	if not row:
		raise frappe.DoesNotExistError(_("There is no live campaign at this address"))
	campaign = campaigns.public_view(row)
	context.campaign = campaign
	context.title = campaign.title
	context.recent_gifts = campaigns.recent_gifts(campaign.name)
	context.supporter_pages = campaigns.approved_supporter_pages(campaign.name)
	context.own_pages = supporters.own_pages(campaign.name)
	context.logged_in = frappe.session.user != "Guest"
	context.donate_url = donate_url(campaign.name, frappe.form_dict)
	context.metatags = {
		"title": campaign.title,
		"description": campaign.summary,
		"image": campaign.image,
		"url": frappe.utils.get_url(campaign.url),
	}
	return context


def donate_url(campaign: str, form: dict, supporter_page: str | None = None) -> str:
	"""/donate for this campaign, carrying what the visitor came through (checked when they give)."""
	from urllib.parse import urlencode

	query = {"campaign": campaign}
	for parameter, field in APPEAL_PARAMETERS.items():
		value = form.get(parameter)
		if value and isinstance(value, str):
			query[field] = value
	if supporter_page:
		query["supporter_page"] = supporter_page
	return "/donate?" + urlencode(query)
