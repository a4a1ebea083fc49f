"""Supporter pages (peer-to-peer): a logged-in supporter's own page under a live campaign, public once a
coordinator approves it; gifts through it carry `supporter_page` (a soft credit to the supporter, the gift
stays the donor's), and its totals are kept with the campaign's (fundraising.rollups)."""

import frappe
from frappe import _
from frappe.utils import cint, flt, now_datetime

from lpn_crm.domain import campaigns as rules
from lpn_crm.fundraising.campaigns import LIVE, SUPPORTER_PAGE, raise_rule
from lpn_crm.fundraising.exceptions import CampaignError

PENDING, APPROVED, REJECTED = "Pending Approval", "Approved", "Rejected"
PAGE_FIELDS = [
	"name",
	"campaign",
	"slug",
	"supporter_name",
	"supporter_user",
	"photo",
	"story",
	"goal",
	"status",
	"raised",
	"percent_of_goal",
	"donor_count",
	"donation_count",
]


def create_page(
	campaign_slug: str, supporter_name: str, slug: str, story: str = "", goal: float | None = None
) -> frappe._dict:
	"""The session user's new page under a live campaign, waiting for a coordinator's approval."""
	check_supporter_permission()
	campaign = frappe.db.get_value(
		"LPN Campaign", {"slug": (campaign_slug or "").strip()}, ["name", "status"], as_dict=True
	)
	if not campaign:
		frappe.throw(_("There is no campaign at this address"), frappe.DoesNotExistError)
	page = frappe.get_doc(
		{
			"doctype": SUPPORTER_PAGE,
			"campaign": campaign.name,
			"supporter_user": frappe.session.user,
			"supporter_name": (supporter_name or "").strip(),
			"slug": (slug or "").strip().lower(),
			"story": (story or "").strip(),
			"goal": flt(goal) if goal not in (None, "") else None,
		}
	)
	page.insert(ignore_permissions=True)
	return frappe._dict(name=page.name, status=page.status, url=f"/campaigns/{campaign_slug}/{page.slug}")


def check_supporter_permission() -> None:
	"""Any logged-in user may raise money with their own page; a guest is asked to log in."""
	if frappe.session.user == "Guest":
		raise frappe.PermissionError(_("Log in to make your own supporter page"))


def check_page(page) -> None:
	"""The controller's rules: a slug free under its campaign, a goal above 0 if any, and a new page only
	under a live campaign."""
	with raise_rule():
		page.slug = rules.check_slug(page.slug or rules.slugify(page.supporter_name))
		rules.check_goal(page.goal, required=False)
	status = frappe.db.get_value("LPN Campaign", page.campaign, "status")
	if page.is_new() and status != LIVE:
		frappe.throw(_("Supporter pages can only be made under a live campaign"), CampaignError)
	other = frappe.db.get_value(
		SUPPORTER_PAGE, {"campaign": page.campaign, "slug": page.slug, "name": ("!=", page.name or "")}
	)
	if other:
		frappe.throw(
			_("The web address {0} is already taken; choose another").format(page.slug), CampaignError
		)
	page.percent_of_goal = rules.percent_of_goal(page.raised or 0, page.goal)


def set_status(name: str, status: str) -> None:
	"""A coordinator approves (the page goes public) or rejects a page."""
	page = frappe.get_doc(SUPPORTER_PAGE, name)
	page.status = status
	if status == APPROVED:
		page.approved_by = frappe.session.user
		page.approved_on = now_datetime()
	page.save(ignore_permissions=True)


def page_for(campaign: dict, page_slug: str | None) -> frappe._dict | None:
	"""The page at /campaigns/<campaign>/<page_slug>: for everyone once approved; for its supporter (and
	staff) also before, so they can see it and its total."""
	if not page_slug or not isinstance(page_slug, str):
		return None
	row = frappe.db.get_value(
		SUPPORTER_PAGE, {"campaign": campaign["name"], "slug": page_slug}, PAGE_FIELDS, as_dict=True
	)
	if not row:
		return None
	if row.status != APPROVED and not can_preview(row):
		return None
	row.percent = flt(row.percent_of_goal)
	row.bar_percent = min(row.percent, 100)
	row.is_own = row.supporter_user == frappe.session.user
	return row


def can_preview(row) -> bool:
	user = frappe.session.user
	return user != "Guest" and (
		row.supporter_user == user or frappe.has_permission(SUPPORTER_PAGE, "write", row.name, user=user)
	)


def own_pages(campaign: str) -> list[dict]:
	"""The session user's pages under a campaign, with their totals."""
	if frappe.session.user == "Guest":
		return []
	return frappe.get_all(
		SUPPORTER_PAGE,
		filters={"campaign": campaign, "supporter_user": frappe.session.user},
		fields=["name", "slug", "supporter_name", "status", "raised", "goal", "donor_count"],
		order_by="creation desc",
	)


def attributable_page(name: str | None, campaign: str | None) -> str | None:
	"""The supporter page a gift may be credited to: approved and under the gift's campaign; else None
	(the gift is still taken, simply not credited)."""
	if not name or not campaign or not isinstance(name, str):
		return None
	found = frappe.db.get_value(SUPPORTER_PAGE, {"name": name, "campaign": campaign, "status": APPROVED})
	return found or None


def is_page_supporter(name: str) -> bool:
	return cint(frappe.db.exists(SUPPORTER_PAGE, {"name": name, "supporter_user": frappe.session.user})) > 0
