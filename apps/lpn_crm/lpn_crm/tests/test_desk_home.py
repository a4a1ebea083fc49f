import json

import frappe
from frappe.desk.desktop import get_workspace_sidebar_items
from frappe.tests.utils import FrappeTestCase

from lpn_crm.access import CLINIC_COORDINATOR, FUNDRAISING_USER, SYSTEM_MANAGER
from lpn_crm.setup.desk import MODULE_PROFILE, WORKSPACE, ensure_module_profile


def make_user(email: str, *roles: str):
	if frappe.db.exists("User", email):
		frappe.delete_doc("User", email, force=True, ignore_permissions=True)
	user = frappe.get_doc({"doctype": "User", "email": email, "first_name": "Desk", "send_welcome_email": 0})
	user.append_roles(*roles)
	user.insert(ignore_permissions=True)
	return user


class TestStaffDesk(FrappeTestCase):
	def setUp(self):
		ensure_module_profile()

	def sidebar_of(self, user: str) -> set[str]:
		frappe.set_user(user)
		try:
			return {page["name"] for page in get_workspace_sidebar_items()["pages"]}
		finally:
			frappe.set_user("Administrator")

	def test_a_fundraiser_lands_on_lpn_and_sees_no_admin_workspaces(self):
		user = make_user("desk.fundraiser@example.com", FUNDRAISING_USER)
		self.assertEqual(user.default_workspace, WORKSPACE)
		self.assertEqual(user.module_profile, MODULE_PROFILE)
		pages = self.sidebar_of(user.name)
		self.assertIn(WORKSPACE, pages)
		self.assertFalse(pages & {"Build", "Tools", "Integrations", "Website", "Users"}, pages)

	def test_every_lpn_desk_role_gets_the_home(self):
		user = make_user("desk.clinic@example.com", CLINIC_COORDINATOR)
		self.assertEqual(user.default_workspace, WORKSPACE)

	def test_a_choice_made_on_the_user_is_kept(self):
		user = make_user("desk.kept@example.com", FUNDRAISING_USER)
		user.default_workspace = "Tools"
		user.save(ignore_permissions=True)
		self.assertEqual(frappe.db.get_value("User", user.name, "default_workspace"), "Tools")

	def test_system_managers_and_website_users_are_left_alone(self):
		admin = make_user("desk.admin@example.com", FUNDRAISING_USER, SYSTEM_MANAGER)
		self.assertFalse(admin.default_workspace)
		self.assertFalse(admin.module_profile)
		self.assertIn("Build", self.sidebar_of(admin.name))

	def test_the_workspace_promises_only_what_is_there(self):
		content = frappe.get_doc("Workspace", WORKSPACE).content
		self.assertNotIn("social-enterprise sales", content)


class TestStaffForms(FrappeTestCase):
	def test_a_fundraising_user_may_read_stripe_settings_but_not_change_them(self):
		from lpn_crm.tests.factories import make_user as make_role_user

		user = make_role_user("desk.stripe@example.com", FUNDRAISING_USER)
		frappe.set_user(user.name)
		try:
			settings = frappe.get_doc("LPN Stripe Settings")
			self.assertTrue(settings.has_permission("read"))
			self.assertFalse(settings.has_permission("write"))
			with self.assertRaises(frappe.PermissionError):
				settings.save()
		finally:
			frappe.set_user("Administrator")

	def test_a_saved_donor_form_keeps_the_stored_totals_and_logs_no_change_to_them(self):
		from lpn_crm.tests.factories import make_donation, make_donor

		donor = make_donor()
		self.assertEqual(donor.lifetime_total, 0)
		stale = frappe.get_doc("LPN Donor", donor.name)
		make_donation(donor=donor.name, amount=700)
		stale.lifetime_total = None  # what a form opened before the gift (or after its first save) sends
		stale.phone = "0812345678"
		stale.save(ignore_permissions=True)
		self.assertEqual(frappe.db.get_value("LPN Donor", donor.name, "lifetime_total"), 700)
		version = frappe.get_last_doc("Version", filters={"ref_doctype": "LPN Donor", "docname": donor.name})
		self.assertNotIn("lifetime_total", version.data)

	def test_the_donor_form_connects_gifts_receipts_and_consents(self):
		from lpn_crm.fundraising.doctype.lpn_donor.lpn_donor_dashboard import get_data

		items = {item for group in get_data()["transactions"] for item in group["items"]}
		self.assertEqual(get_data()["fieldname"], "donor")
		self.assertTrue({"LPN Donation", "LPN Recurring Donation", "LPN Receipt", "LPN Consent Log"} <= items)
		for doctype in items:
			self.assertEqual(frappe.get_meta(doctype).get_field("donor").options, "LPN Donor")

	def test_preferred_language_reads_as_a_language_not_a_code(self):
		field = frappe.get_meta("LPN Donor").get_field("preferred_language")
		self.assertEqual((field.fieldtype, field.options), ("Link", "Language"))
		self.assertEqual(frappe.db.get_value("Language", "th", "language_name"), "ไทย")

	def test_the_donation_list_shows_the_amount_on_a_laptop_screen(self):
		from lpn_crm.setup.desk import ensure_list_settings

		ensure_list_settings()
		settings = frappe.get_doc("List View Settings", "LPN Donation")
		self.assertEqual(int(settings.total_fields), 7)
		self.assertEqual(
			[row["fieldname"] for row in json.loads(settings.fields)][:2], ["status_field", "amount"]
		)

	def test_the_donation_list_shows_amount_date_fund_and_status_once_each(self):
		columns = [field.fieldname for field in frappe.get_meta("LPN Donation").fields if field.in_list_view]
		self.assertTrue({"amount", "donation_date", "fund", "status"} <= set(columns))
		self.assertNotIn("donor_name", columns)  # the title already names the donor
