import frappe
from frappe.tests.utils import FrappeTestCase

from lpn_crm.access import ROLES, STAFF_ROLES
from lpn_crm.setup import install


class TestInstall(FrappeTestCase):
	def test_app_is_installed_on_the_site(self):
		self.assertIn("lpn_crm", frappe.get_installed_apps())

	def test_roles_exist_with_the_right_desk_access(self):
		for role, desk_access in ROLES.items():
			self.assertEqual(frappe.db.get_value("Role", role, "desk_access"), int(desk_access), role)

	def test_workspace_exists_for_staff_only(self):
		workspace = frappe.get_doc("Workspace", install.WORKSPACE)
		self.assertTrue(workspace.public)
		self.assertEqual({row.role for row in workspace.roles}, set(STAFF_ROLES))

	def test_setup_runs_again_without_change(self):
		before = frappe.db.count("Role", {"name": ("in", list(ROLES))})
		install.before_install()
		install.after_install()
		install.after_migrate()
		self.assertEqual(frappe.db.count("Role", {"name": ("in", list(ROLES))}), before)
		self.assertEqual(frappe.db.count("Workspace", {"name": install.WORKSPACE}), 1)

	def test_setup_repairs_a_role_whose_desk_access_was_changed(self):
		frappe.db.set_value("Role", "LPN Volunteer", "desk_access", 1)
		install.after_migrate()
		self.assertEqual(frappe.db.get_value("Role", "LPN Volunteer", "desk_access"), 0)

	def test_a_fresh_migrate_of_the_app_keeps_everything(self):
		# What `bench migrate` runs for this app: doctype and workspace sync, then after_migrate.
		frappe.reload_doc("fundraising", "workspace", "lpn", force=True)
		install.after_migrate()
		self.assertTrue(frappe.db.exists("Workspace", install.WORKSPACE))

	def test_every_email_template_the_app_ships_exists_and_a_migrate_brings_a_missing_one_back(self):
		from lpn_crm.setup.email_templates import app_templates, body

		shipped = app_templates()
		self.assertEqual(len({name for name, _subject, _file in shipped}), len(shipped))
		for name, _subject, file_name in shipped:
			self.assertTrue(body(file_name).strip(), file_name)
			self.assertTrue(frappe.db.exists("Email Template", name), name)
		frappe.delete_doc("Email Template", "LPN Donor Notice Erased (th)", ignore_permissions=True)
		install.after_migrate()
		self.assertIn(
			"ข้อมูลส่วนบุคคลของท่านถูกลบออกจากระบบของ LPN แล้ว",
			frappe.db.get_value("Email Template", "LPN Donor Notice Erased (th)", "response_html"),
		)
