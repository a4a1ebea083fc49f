"""Campaign endpoints: supporter pages (a logged-in supporter makes one, a coordinator approves it), appeals
(counted and sent by fundraising managers; opens tracked), emergency appeals launched from a template, and
the workspace's campaign overview."""

import frappe
from frappe.rate_limiter import rate_limit
from frappe.utils.verified_command import verify_request

from lpn_crm.access import FUNDRAISING_MANAGERS, FUNDRAISING_STAFF, staff_only
from lpn_crm.fundraising import appeals, campaigns, supporters


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60 * 60)
def create_supporter_page(
	campaign: str, supporter_name: str, slug: str, story: str = "", goal: float | None = None
) -> dict:
	"""The logged-in user's own page under a live campaign (`campaign` is its slug), pending approval."""
	supporters.check_supporter_permission()
	return supporters.create_page(campaign, supporter_name, slug, story, goal)


@frappe.whitelist(methods=["POST"])
@staff_only(*FUNDRAISING_MANAGERS)
def approve_supporter_page(name: str) -> dict:
	supporters.set_status(name, supporters.APPROVED)
	return {"status": supporters.APPROVED}


@frappe.whitelist(methods=["POST"])
@staff_only(*FUNDRAISING_MANAGERS)
def reject_supporter_page(name: str) -> dict:
	supporters.set_status(name, supporters.REJECTED)
	return {"status": supporters.REJECTED}


@frappe.whitelist()
@staff_only(*FUNDRAISING_STAFF)
def appeal_segment_count(name: str) -> dict:
	"""How many donors match the appeal's criteria, and how many of them may be written to."""
	appeal = frappe.get_doc(appeals.APPEAL, name)
	appeal.check_permission("read")
	matching, consenting = appeals.count_matching(appeal)
	return {"matching": matching, "consenting": consenting}


@frappe.whitelist(methods=["POST"])
@staff_only(*FUNDRAISING_MANAGERS)
def send_appeal(name: str, resend: bool = False) -> dict:
	"""Queue the appeal's sending (once; afterwards only a re-send to those who have not given)."""
	return appeals.queue_appeal(name, resend=bool(frappe.utils.cint(resend)))


@frappe.whitelist(allow_guest=True, methods=["GET"])
@rate_limit(limit=600, seconds=60 * 60)
def appeal_opened(
	recipient_email: str | None = None,
	reference_doctype: str | None = None,
	reference_name: str | None = None,
) -> None:
	"""Frappe's email read tracker calls this with signed parameters; answers a one-pixel image."""
	try:
		if recipient_email and reference_doctype == appeals.APPEAL and reference_name and verify_request():
			appeals.mark_opened(recipient_email, reference_name)
	finally:
		frappe.response.update(frappe.utils.get_imaginary_pixel_response())


@frappe.whitelist(methods=["POST"])
@staff_only(*FUNDRAISING_MANAGERS)
def launch_emergency_appeal(template: str, title: str | None = None, goal: float | None = None) -> dict:
	"""A Live campaign from an LPN Campaign Template in one step; returns its name and public address."""
	frappe.has_permission("LPN Campaign", "create", throw=True)
	name = campaigns.launch_from_template(template, title, goal)
	return {"name": name, "url": f"/campaigns/{frappe.db.get_value('LPN Campaign', name, 'slug')}"}


@frappe.whitelist()
@staff_only(*FUNDRAISING_STAFF)
def campaign_overview() -> dict:
	"""The workspace's Campaigns section: live campaigns with progress, top appeals and supporter pages."""
	return campaigns.overview()
