"""Where LPN's staff land in the desk and what it shows them.

Every user holding one of the app's desk roles starts on the LPN workspace (User.default_workspace, which
Frappe's login and router follow) and gets the "LPN Staff" module profile, which hides the workspaces of
Frappe's own modules they cannot use (Build, Users, Tools, Integrations, Website...). A choice made on the
user's form is kept: only empty fields are filled. System Managers see everything, as Frappe gives them.
"""

import json

import frappe

from lpn_crm.access import STAFF_ROLES, SYSTEM_MANAGER

WORKSPACE = "LPN"
MODULE_PROFILE = "LPN Staff"
# Frappe's modules whose workspaces and lists are for administrators, not for fundraising or clinic staff.
# Kept: Desk (dashboards, number cards, ToDo), Contacts, Email and the app's own modules.
BLOCKED_MODULES = (
	"Core",
	"Website",
	"Workflow",
	"Custom",
	"Geo",
	"Integrations",
	"Printing",
	"Social",
	"Automation",
)


def ensure_module_profile() -> None:
	"""The module profile of LPN's staff, made or put back to the modules the app blocks."""
	blocked = [module for module in BLOCKED_MODULES if frappe.db.exists("Module Def", module)]
	if frappe.db.exists("Module Profile", MODULE_PROFILE):
		profile = frappe.get_doc("Module Profile", MODULE_PROFILE)
		if sorted(row.module for row in profile.block_modules) == sorted(blocked):
			return
		profile.block_modules = []
	else:
		profile = frappe.new_doc("Module Profile")
		profile.module_profile_name = MODULE_PROFILE
	for module in blocked:
		profile.append("block_modules", {"module": module})
	profile.flags.ignore_permissions = True
	profile.save()


# The donation list's columns, in the order a fundraiser reads a gift (Frappe shows four on a laptop screen
# unless List View Settings say otherwise, which left out the amount). Made once: staff may change it.
DONATION_LIST = {
	"total_fields": "7",
	"fields": ["status_field", "amount", "donation_date", "fund", "payment_method"],
}


def ensure_list_settings() -> None:
	"""List View Settings of the donation list, when the site has none."""
	if frappe.db.exists("List View Settings", "LPN Donation"):
		return
	settings = frappe.new_doc("List View Settings")
	settings.name = "LPN Donation"
	settings.total_fields = DONATION_LIST["total_fields"]
	settings.fields = json.dumps([{"fieldname": field} for field in DONATION_LIST["fields"]])
	settings.insert(ignore_permissions=True)


def is_lpn_staff(roles: list[str]) -> bool:
	"""A desk user of the app: one of its staff roles, and not a System Manager (who keeps Frappe's desk)."""
	return bool(set(roles) & set(STAFF_ROLES)) and SYSTEM_MANAGER not in roles


def set_staff_home(user, method=None) -> None:
	"""User doc event (before_validate): LPN staff start on the LPN workspace with the staff module profile.

	Before validate, so that Frappe's own User.validate copies the profile's blocked modules onto the user.
	"""
	if user.name in ("Administrator", "Guest") or user.user_type == "Website User":
		return
	if not is_lpn_staff([row.role for row in user.get("roles", [])]):
		return
	if not user.default_workspace and frappe.db.exists("Workspace", WORKSPACE):
		user.default_workspace = WORKSPACE
	if not user.module_profile and frappe.db.exists("Module Profile", MODULE_PROFILE):
		user.module_profile = MODULE_PROFILE


def apply_to_existing_staff() -> None:
	"""After install or migrate: staff users made before the app set their home get it now."""
	users = frappe.get_all(
		"Has Role",
		filters={"role": ("in", STAFF_ROLES), "parenttype": "User"},
		pluck="parent",
		distinct=True,
	)
	for name in users:
		if name in ("Administrator", "Guest"):
			continue
		values = frappe.db.get_value("User", name, ["default_workspace", "module_profile"], as_dict=True)
		if values and not (values.default_workspace and values.module_profile):
			user = frappe.get_doc("User", name)
			before = (user.default_workspace, user.module_profile)
			set_staff_home(user)
			if (user.default_workspace, user.module_profile) != before:
				user.flags.ignore_permissions = True
				user.save()
