"""Campaigns as the public sees them (/campaigns, /campaigns/<slug>, the /donate banner) and as staff launch
them (an emergency appeal Live in one step from a template).

Every public read is a handful of indexed queries on the campaign's stored totals (kept by
fundraising.rollups), never an aggregate over its donations: a page costs the same at 10,000 gifts as at
1,000,000.
"""

from contextlib import contextmanager

import frappe
from frappe import _
from frappe.utils import add_days, cint, flt, strip_html, today

from lpn_crm.domain import campaigns as rules
from lpn_crm.fundraising.donors import has_consent
from lpn_crm.fundraising.exceptions import CampaignError
from lpn_crm.i18n import error_message

CAMPAIGN = "LPN Campaign"
SUPPORTER_PAGE = "LPN Supporter Page"
LIVE, DRAFT, CLOSED = "Live", "Draft", "Closed"
EMERGENCY = "Emergency Appeal"
APPROVED = "Approved"
# The consent a donor gives to be named with their gift on a public page.
NAMED = "Named on Campaign Pages"
RECENT_GIFTS = 8
OG_DESCRIPTION_LENGTH = 200

PUBLIC_FIELDS = [
	"name",
	"slug",
	"title",
	"title_th",
	"title_my",
	"story",
	"story_th",
	"story_my",
	"story_image",
	"campaign_type",
	"status",
	"goal",
	"raised",
	"percent_of_goal",
	"donor_count",
	"donation_count",
	"end_date",
	"fund",
	"suggested_amounts",
]


@contextmanager
def raise_rule():
	"""A broken campaign rule (domain CampaignError) as a translated CampaignError for the desk or the API."""
	try:
		yield
	except rules.CampaignError as error:
		frappe.throw(error_message(error), CampaignError)


def unique_slug(doctype: str, slug: str, name: str | None, **scope) -> None:
	"""Refuse a slug another record of `doctype` (within `scope`, e.g. the same campaign) already has."""
	other = frappe.db.get_value(doctype, {"slug": slug, "name": ("!=", name or ""), **scope}, "name")
	if other:
		frappe.throw(_("The web address {0} is already taken; choose another").format(slug), CampaignError)


def language() -> str:
	return (frappe.local.lang or "en").split("-")[0]


def public_view(row: dict, lang: str | None = None) -> frappe._dict:
	"""A campaign's public face in the visitor's language (English where a translation is missing)."""
	lang = lang or language()
	story = rules.in_language(row, "story", lang)
	return frappe._dict(
		name=row["name"],
		slug=row["slug"],
		url=f"/campaigns/{row['slug']}",
		title=rules.in_language(row, "title", lang),
		story=story,
		summary=summary_of(story),
		image=row.get("story_image"),
		campaign_type=row.get("campaign_type"),
		status=row.get("status"),
		goal=flt(row.get("goal")),
		raised=flt(row.get("raised")),
		percent=flt(row.get("percent_of_goal")),
		bar_percent=min(flt(row.get("percent_of_goal")), 100),
		donor_count=cint(row.get("donor_count")),
		donation_count=cint(row.get("donation_count")),
		end_date=row.get("end_date"),
		suggested_amounts=rules.parse_amounts(row.get("suggested_amounts")),
	)


def summary_of(html: str | None) -> str:
	"""Plain text of a story, cut at a word, for Open Graph and the campaign list."""
	text = " ".join(strip_html(html or "").split())
	if len(text) <= OG_DESCRIPTION_LENGTH:
		return text
	return text[:OG_DESCRIPTION_LENGTH].rsplit(" ", 1)[0] + "…"


def live_campaigns() -> list[frappe._dict]:
	"""Live campaigns, emergency appeals first, then the newest; one query on the campaigns alone."""
	rows = frappe.get_all(
		CAMPAIGN, filters={"status": LIVE}, fields=PUBLIC_FIELDS, order_by="creation desc", limit=100
	)
	views = [public_view(row) for row in rows]
	return sorted(views, key=lambda view: view.campaign_type != EMERGENCY)


def live_campaign_by_slug(slug: str | None) -> dict | None:
	if not slug or not isinstance(slug, str):
		return None
	return frappe.db.get_value(CAMPAIGN, {"slug": slug, "status": LIVE}, PUBLIC_FIELDS, as_dict=True)


def live_campaign(name: str | None) -> frappe._dict | None:
	"""A Live campaign's public view by its name, for /donate?campaign=; None for anything else."""
	if not name or not isinstance(name, str):
		return None
	row = frappe.db.get_value(CAMPAIGN, {"name": name, "status": LIVE}, PUBLIC_FIELDS, as_dict=True)
	return public_view(row) if row else None


def emergency_banner() -> frappe._dict | None:
	"""The newest Live emergency appeal, for the banner on /donate."""
	row = frappe.db.get_value(
		CAMPAIGN,
		{"status": LIVE, "campaign_type": EMERGENCY},
		PUBLIC_FIELDS,
		as_dict=True,
		order_by="creation desc",
	)
	return public_view(row) if row else None


def recent_gifts(campaign: str, limit: int = RECENT_GIFTS) -> list[dict]:
	"""The latest gifts to a campaign as the public sees them: "a donor from <country>", or the donor's name
	when they consented to be named; the amount in baht. Reads through the campaign_recent index."""
	rows = frappe.db.sql(
		"""select d.donor, d.base_amount, d.donation_date, p.donor_name, p.country
		from `tabLPN Donation` d left join `tabLPN Donor` p on p.name = d.donor
		where d.campaign = %(campaign)s and d.docstatus = 1
		order by d.creation desc limit %(limit)s""",
		{"campaign": campaign, "limit": limit},
		as_dict=True,
	)
	consents = consents_of({row.donor for row in rows})
	return [
		{
			"who": row.donor_name
			if has_consent(frappe._dict(consents=consents.get(row.donor, [])), NAMED)
			else anonymous_label(row.country),
			"amount": flt(row.base_amount),
			"date": row.donation_date,
		}
		for row in rows
	]


def consents_of(donors: set[str]) -> dict[str, list]:
	if not donors:
		return {}
	rows = frappe.get_all(
		"LPN Donor Consent",
		filters={"parent": ("in", list(donors)), "parenttype": "LPN Donor"},
		fields=["parent", "purpose", "granted", "granted_on", "withdrawn_on"],
	)
	found: dict[str, list] = {}
	for row in rows:
		found.setdefault(row.parent, []).append(row)
	return found


def anonymous_label(country: str | None) -> str:
	return _("A donor from {0}").format(_(country)) if country else _("A donor")


def approved_supporter_pages(campaign: str, limit: int = 6) -> list[dict]:
	return frappe.get_all(
		SUPPORTER_PAGE,
		filters={"campaign": campaign, "status": APPROVED},
		fields=[
			"name",
			"slug",
			"supporter_name",
			"photo",
			"goal",
			"raised",
			"percent_of_goal",
			"donor_count",
		],
		order_by="raised desc",
		limit=limit,
	)


# ---- emergency appeals: Live in one step --------------------------------------------------------------


def launch_from_template(template: str, title: str | None = None, goal: float | None = None) -> str:
	"""A new Live campaign made from an LPN Campaign Template (story, suggested amounts, fund, goal), open
	from today for the template's days; returns its name."""
	source = frappe.get_doc("LPN Campaign Template", template)
	campaign = frappe.get_doc(
		{
			"doctype": CAMPAIGN,
			"title": (title or "").strip() or source.title,
			"title_th": source.title_th,
			"title_my": source.title_my,
			"campaign_type": source.campaign_type,
			"status": LIVE,
			"fund": source.fund,
			"goal": flt(goal) if goal else source.goal,
			"suggested_amounts": source.suggested_amounts,
			"story": source.story,
			"story_th": source.story_th,
			"story_my": source.story_my,
			"story_image": source.story_image,
			"start_date": today(),
			"end_date": add_days(today(), cint(source.days_open)) if cint(source.days_open) else None,
		}
	)
	campaign.slug = free_slug(rules.slugify(campaign.title) or rules.slugify(source.template_name))
	campaign.insert()
	return campaign.name


def free_slug(base: str) -> str:
	"""`base`, or `base-2`, `base-3`… : the first no campaign has."""
	base = base or "appeal"
	slug, number = base, 1
	while frappe.db.exists(CAMPAIGN, {"slug": slug}):
		number += 1
		slug = f"{base}-{number}"
	return slug


# ---- the workspace's Campaigns section ----------------------------------------------------------------


def overview() -> dict:
	"""Live campaigns with their progress, the top appeals and the top approved supporter pages."""
	fields = [
		"name",
		"title",
		"campaign_type",
		"goal",
		"raised",
		"percent_of_goal",
		"donor_count",
		"donation_count",
	]
	return {
		"campaigns": frappe.get_list(
			CAMPAIGN, filters={"status": LIVE}, fields=fields, order_by="raised desc"
		),
		"appeals": frappe.get_list(
			"LPN Appeal",
			filters={"status": "Sent"},
			fields=[
				"name",
				"title",
				"campaign",
				"recipient_count",
				"opened_count",
				"raised",
				"donation_count",
				"cost",
			],
			order_by="raised desc",
			limit=5,
		),
		"supporter_pages": frappe.get_list(
			SUPPORTER_PAGE,
			filters={"status": APPROVED},
			fields=["name", "supporter_name", "campaign", "raised", "goal", "percent_of_goal", "donor_count"],
			order_by="raised desc",
			limit=5,
		),
	}
