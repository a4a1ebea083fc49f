"""Fundraising settings with their defaults, read in one place."""

import frappe
from frappe.utils import cint

SETTINGS = "LPN Fundraising Settings"


def get_settings() -> frappe._dict:
	settings = frappe.get_cached_doc(SETTINGS)
	return frappe._dict(
		fiscal_year_start_month=cint(settings.fiscal_year_start_month) or 1,
		receipt_prefix=settings.receipt_prefix or "LPN-RC",
		default_lapse_after=cint(settings.default_lapse_after) or 3,
		lapse_grace_days=cint(settings.lapse_grace_days) if settings.lapse_grace_days is not None else 7,
		staff_alert_email=settings.staff_alert_email,
		organisation_name=settings.organisation_name or "Labour Protection Network Foundation",
		organisation_tax_id=settings.organisation_tax_id or "",
		organisation_address=settings.organisation_address or "",
		registration_number=settings.registration_number or "",
		logo=settings.logo or "",
		signatory_name=settings.signatory_name or "",
		signatory_title=settings.signatory_title or "",
		signature=settings.signature or "",
		bank_name=settings.bank_name or "",
		bank_account_name=settings.bank_account_name or "",
		bank_account_number=settings.bank_account_number or "",
		promptpay_id=settings.promptpay_id or "",
		contact_email=settings.get("contact_email") or "",
		contact_phone=settings.get("contact_phone") or "",
	)


def staff_alert_recipients() -> list[str]:
	"""Where staff alerts go: the settings' address, else every enabled Fundraising Manager."""
	from lpn_crm.access import FUNDRAISING_MANAGER

	address = get_settings().staff_alert_email
	if address:
		return [address]
	users = frappe.get_all(
		"Has Role", filters={"role": FUNDRAISING_MANAGER, "parenttype": "User"}, pluck="parent"
	)
	return frappe.get_all(
		"User",
		filters={"name": ("in", users or [""]), "enabled": 1, "user_type": "System User"},
		pluck="email",
	)
