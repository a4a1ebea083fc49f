"""What child sponsorship needs on every site: its two workflows and the settings' defaults.
Run after install and after every migrate; running twice changes nothing."""

import frappe

from lpn_crm.access import SPONSORSHIP_COORDINATOR
from lpn_crm.setup.workflows import ensure_workflow

SETTINGS = "LPN Sponsorship Settings"
DEFAULT_TERMS_PER_YEAR = 2
# Named as the demo data names it (fixtures/demo/02_fundraising.json), so loading the demo finds it there.
CHILD_EDUCATION_FUND = "Child Education"

SPONSORSHIP_WORKFLOW = "LPN Sponsorship Lifecycle"
SPONSORSHIP_STATES = ("Proposed", "Active", "Paused", "Ended")
# (from, action, to). Ending needs a reason (the sponsorship's validate says so).
SPONSORSHIP_TRANSITIONS = (
	("Proposed", "Activate", "Active"),
	("Active", "Pause", "Paused"),
	("Paused", "Resume", "Active"),
	("Proposed", "End", "Ended"),
	("Active", "End", "Ended"),
	("Paused", "End", "Ended"),
)

UPDATE_WORKFLOW = "LPN Sponsor Update Review"
UPDATE_STATES = ("Draft", "Reviewed", "Sent")
UPDATE_TRANSITIONS = (
	("Draft", "Approve", "Reviewed"),
	("Reviewed", "Send", "Sent"),
	("Reviewed", "Return to Draft", "Draft"),
)


def after_install() -> None:
	coordinator = SPONSORSHIP_COORDINATOR
	ensure_workflow(
		SPONSORSHIP_WORKFLOW, "LPN Sponsorship", SPONSORSHIP_STATES, SPONSORSHIP_TRANSITIONS, coordinator
	)
	ensure_workflow(UPDATE_WORKFLOW, "LPN Sponsor Update", UPDATE_STATES, UPDATE_TRANSITIONS, coordinator)
	ensure_settings()


def after_migrate() -> None:
	after_install()


def ensure_settings() -> None:
	"""Terms per year default to 2; the child-education fund is the first fund of that type, made when none."""
	stored = dict(
		frappe.db.sql(
			"select field, value from `tabSingles` where doctype = %s and field in "
			"('terms_per_year', 'child_education_fund')",
			SETTINGS,
		)
	)
	values = {}
	if stored.get("terms_per_year") in (None, ""):
		values["terms_per_year"] = DEFAULT_TERMS_PER_YEAR
	if not stored.get("child_education_fund"):
		values["child_education_fund"] = child_education_fund()
	if values:
		frappe.db.set_single_value(SETTINGS, values)
		frappe.clear_document_cache(SETTINGS, SETTINGS)


def child_education_fund() -> str:
	fund = frappe.db.get_value("LPN Fund", {"fund_type": "Child Education", "is_active": 1}, "name")
	if fund:
		return fund
	if not frappe.db.exists("LPN Fund", CHILD_EDUCATION_FUND):
		frappe.get_doc(
			{
				"doctype": "LPN Fund",
				"fund_name": CHILD_EDUCATION_FUND,
				"fund_type": "Child Education",
				"is_restricted": 1,
				"is_active": 1,
			}
		).insert(ignore_permissions=True)
	return CHILD_EDUCATION_FUND
