"""LPN Sponsorship Settings as the money side reads them (holds, arrears reminders, school terms), with the
defaults a site gets before anyone saves the settings (a Single stores no default)."""

import frappe
from frappe.utils import cint

SETTINGS = "LPN Sponsorship Settings"
DEFAULTS = {
	"terms_per_year": 2,
	"school_year_first_month": 5,
	"hold_days": 7,
	"arrears_grace_days": 7,
	"send_arrears_reminders": 1,
}


def setting(field: str) -> int:
	"""A whole-number setting, its default while unset (or when the field is not on the site yet)."""
	rows = frappe.db.sql(
		"select value from `tabSingles` where doctype = %s and field = %s", (SETTINGS, field)
	)
	if not rows or rows[0][0] in (None, ""):
		return DEFAULTS[field]
	return cint(rows[0][0])


def terms_per_year() -> int:
	return setting("terms_per_year") or DEFAULTS["terms_per_year"]


def child_education_fund() -> str | None:
	return frappe.db.get_single_value(SETTINGS, "child_education_fund")
