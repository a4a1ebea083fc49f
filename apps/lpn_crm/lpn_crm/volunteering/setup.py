"""What the volunteer clinic needs on every site: the onboarding workflow and the settings' defaults.
Run after install and after every migrate; running twice changes nothing."""

import frappe

from lpn_crm.access import CLINIC_COORDINATOR
from lpn_crm.setup.workflows import ensure_workflow

DEFAULT_CUTOFF_HOURS = 24
WORKFLOW = "LPN Volunteer Onboarding"
STATES = ("Applied", "Screened", "Trained", "Active", "Inactive")
# (from, action, to): a coordinator moves an applicant along, and a volunteer out of (and back into) service.
TRANSITIONS = (
	("Applied", "Screen", "Screened"),
	("Screened", "Train", "Trained"),
	("Trained", "Activate", "Active"),
	("Active", "Deactivate", "Inactive"),
	("Inactive", "Reactivate", "Active"),
	("Applied", "Decline", "Inactive"),
	("Screened", "Decline", "Inactive"),
)


def after_install() -> None:
	ensure_onboarding_workflow()
	ensure_settings()


def after_migrate() -> None:
	after_install()


def ensure_onboarding_workflow() -> None:
	ensure_workflow(WORKFLOW, "LPN Volunteer", STATES, TRANSITIONS, CLINIC_COORDINATOR)


def ensure_settings() -> None:
	if stored_setting("cancel_cutoff_hours") is None:
		settings = frappe.get_single("LPN Volunteering Settings")
		settings.cancel_cutoff_hours = DEFAULT_CUTOFF_HOURS
		settings.save(ignore_permissions=True)


def stored_setting(field: str) -> str | None:
	"""A value of LPN Volunteering Settings as stored, None when nobody has saved it (get_single_value
	would give an unsaved Int as 0, hiding the default)."""
	rows = frappe.db.sql(
		"select value from `tabSingles` where doctype = 'LPN Volunteering Settings' and field = %s", field
	)
	value = rows[0][0] if rows else None
	return None if value in (None, "") else value
