"""/donate (and /donate?campaign=NAME): the public gift form. Amounts and currencies come from settings."""

import frappe
from frappe import _

from lpn_crm.lpn_payments.settings import donate_page_options

no_cache = 1


def get_context(context):
	context.no_cache = 1
	context.title = _("Give to LPN")
	context.options = donate_page_options()
	context.campaign = _active_campaign(frappe.form_dict.get("campaign"))
	return context


def _active_campaign(name: str | None) -> dict | None:
	"""Only an active campaign's public fields; anything else falls back to a general gift."""
	if not name or not isinstance(name, str):
		return None
	row = frappe.db.get_value(
		"LPN Campaign", {"name": name, "status": "Active"}, ["name", "title", "description"], as_dict=True
	)
	return row or None
