"""Install-time setup. Every step is idempotent: `after_migrate` runs it again on each migrate."""

import frappe

from lpn_crm.access import ROLES
from lpn_crm.fundraising.indexes import ensure_indexes
from lpn_crm.setup.email_templates import ensure_email_templates

WORKSPACE = "LPN"


def before_install() -> None:
	# Doctype permissions and the workspace name these roles: they must exist before the app's
	# doctypes and workspace are synced.
	ensure_roles()


def after_install() -> None:
	after_migrate()


def after_migrate() -> None:
	ensure_roles()
	ensure_email_templates()
	ensure_currencies()
	ensure_indexes()
	ensure_default_fund()
	ensure_staff_desk()


def ensure_currencies() -> None:
	"""THB is the base currency; USD and EUR are offered to donors abroad."""
	for currency in ("THB", "USD", "EUR"):
		if frappe.db.exists("Currency", currency):
			frappe.db.set_value("Currency", currency, "enabled", 1)


# Named as the demo data names it (fixtures/demo/02_fundraising.json), so loading the demo finds it there.
GENERAL_FUND = "General Fund"
STRIPE_SETTINGS = "LPN Stripe Settings"


def ensure_default_fund() -> None:
	"""A fresh site can take gifts: payments made outside the app need a default fund to go to.

	Until staff choose a default fund, the General Fund (made when missing) is it. A default staff chose is
	never changed, and a General Fund staff deleted is not made again while another fund is the default.
	"""
	if frappe.db.get_single_value(STRIPE_SETTINGS, "default_fund"):
		return
	if not frappe.db.exists("LPN Fund", GENERAL_FUND):
		frappe.get_doc(
			{"doctype": "LPN Fund", "fund_name": GENERAL_FUND, "fund_type": "General", "is_active": 1}
		).insert(ignore_permissions=True)
	frappe.db.set_single_value(STRIPE_SETTINGS, "default_fund", GENERAL_FUND)
	frappe.clear_document_cache(STRIPE_SETTINGS, STRIPE_SETTINGS)


def ensure_staff_desk() -> None:
	"""LPN's staff start on the LPN workspace, with what they cannot use hidden (lpn_crm.setup.desk)."""
	from lpn_crm.setup.desk import apply_to_existing_staff, ensure_list_settings, ensure_module_profile

	ensure_module_profile()
	ensure_list_settings()
	apply_to_existing_staff()


def before_uninstall() -> None:
	# Roles stay: users may hold them and Frappe keeps their history; only the desk entry goes.
	if frappe.db.exists("Workspace", WORKSPACE):
		frappe.delete_doc("Workspace", WORKSPACE, ignore_permissions=True, force=True)


def ensure_roles() -> None:
	"""Create the app's roles, or put their desk access back to what the app expects."""
	for role_name, desk_access in ROLES.items():
		if frappe.db.exists("Role", role_name):
			if frappe.db.get_value("Role", role_name, "desk_access") != int(desk_access):
				frappe.db.set_value("Role", role_name, "desk_access", int(desk_access))
			continue
		frappe.get_doc(
			{
				"doctype": "Role",
				"role_name": role_name,
				"desk_access": int(desk_access),
				"home_page": "" if desk_access else "/me",
			}
		).insert(ignore_permissions=True)
