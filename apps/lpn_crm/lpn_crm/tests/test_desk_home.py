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
