from pathlib import Path

import frappe
from frappe.tests.utils import FrappeTestCase

from lpn_crm.setup.demo import load_demo_data

DEMO = Path(__file__).resolve().parents[4] / "fixtures" / "demo"


class TestDemoData(FrappeTestCase):
	def test_loading_twice_changes_nothing(self):
		load_demo_data(str(DEMO))
		counts = {doctype: frappe.db.count(doctype) for doctype in ("LPN Fund", "LPN Campaign", "LPN Donor")}
		self.assertEqual(load_demo_data(str(DEMO)), {})
		self.assertEqual(
			{doctype: frappe.db.count(doctype) for doctype in counts},
			counts,
		)
		self.assertTrue(frappe.db.exists("LPN Fund", "Child Education"))

	def test_a_missing_folder_is_a_clear_error(self):
		with self.assertRaises(frappe.ValidationError):
			load_demo_data("/nonexistent/lpn-demo")
