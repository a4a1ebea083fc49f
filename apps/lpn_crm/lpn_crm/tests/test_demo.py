from pathlib import Path

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_months, getdate, today

from lpn_crm.access import DONOR
from lpn_crm.setup.demo import load_demo_data
from lpn_crm.setup.demo_fundraising import EMAIL_DOMAIN, PORTAL_DONOR

DEMO = Path(__file__).resolve().parents[4] / "fixtures" / "demo"


class TestDemoData(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.first_load = load_demo_data(str(DEMO))

	def test_loading_twice_changes_nothing(self):
		counts = {
			doctype: frappe.db.count(doctype)
			for doctype in ("LPN Fund", "LPN Campaign", "LPN Donor", "LPN Donation", "LPN Recurring Donation")
		}
		self.assertEqual(load_demo_data(str(DEMO)), {})
		self.assertEqual({doctype: frappe.db.count(doctype) for doctype in counts}, counts)
		self.assertTrue(frappe.db.exists("LPN Fund", "Child Education"))

	def test_about_three_hundred_donors_of_every_kind(self):
		self.assertGreaterEqual(frappe.db.count("LPN Donor"), 290)
		kinds = frappe.get_all(
			"LPN Donor", fields=["donor_type", "preferred_language"], distinct=True, as_list=True
		)
		self.assertTrue(
			{("Person", "th"), ("Person", "my"), ("Person", "en"), ("Organisation", "en")} <= set(kinds)
		)

	def test_three_years_of_gifts_with_receipts(self):
		given = frappe.get_all(
			"LPN Donation",
			filters={"docstatus": 1},
			fields=["min(donation_date) as first", "max(donation_date) as last", "count(*) as n"],
		)[0]
		self.assertLessEqual(getdate(given.first), getdate(add_months(today(), -30)))
		self.assertGreaterEqual(getdate(given.last), getdate(add_months(today(), -1)))
		self.assertGreater(given.n, 1000)
		self.assertEqual(frappe.db.count("LPN Receipt", {"status": "Issued"}), given.n)
		# gifts this month, so the workspace's cards and chart are never empty
		self.assertTrue(
			frappe.db.count("LPN Donation", {"docstatus": 1, "donation_date": (">=", today()[:8] + "01")})
		)

	def test_recurring_gifts_in_every_state(self):
		states = set(frappe.get_all("LPN Recurring Donation", pluck="status", distinct=True))
		self.assertEqual(states, {"Pending", "Active", "Paused", "Lapsed", "Cancelled"})

	def test_the_story_has_a_major_gift_a_lapsed_donor_and_campaign_gifts(self):
		self.assertTrue(frappe.db.exists("LPN Donation", {"docstatus": 1, "base_amount": (">=", 1000000)}))
		lapsed = frappe.db.get_value("LPN Donor", {"email": f"donor002@{EMAIL_DOMAIN}"}, "last_gift_date")
		self.assertLess(getdate(lapsed), getdate(add_months(today(), -12)))
		self.assertTrue(frappe.db.count("LPN Donation", {"docstatus": 1, "campaign": ("is", "set")}))
		self.assertTrue(frappe.db.exists("LPN e-Donation Batch", {"status": "Submitted"}))

	def test_the_portal_donor_logs_in_to_their_own_gifts(self):
		self.assertEqual(frappe.db.get_value("User", PORTAL_DONOR, "user_type"), "Website User")
		self.assertIn(DONOR, frappe.get_roles(PORTAL_DONOR))
		donor = frappe.db.get_value(
			"LPN Donor", {"user": PORTAL_DONOR}, ["name", "donation_count"], as_dict=True
		)
		self.assertGreater(donor.donation_count, 30)

	def test_settings_for_receipts_and_the_donate_page_are_filled(self):
		settings = frappe.get_single("LPN Fundraising Settings")
		for field in (
			"registration_number",
			"organisation_tax_id",
			"organisation_address",
			"logo",
			"signatory_name",
			"promptpay_id",
		):
			self.assertTrue(settings.get(field), field)
		stripe = frappe.get_single("LPN Stripe Settings")
		self.assertEqual((stripe.enabled, stripe.mode), (1, "Test"))
		self.assertIn("THB", [row.currency for row in stripe.currencies])
		self.assertIn(
			"Labour Protection Network", frappe.db.get_single_value("Website Settings", "brand_html")
		)

	def test_a_missing_folder_is_a_clear_error(self):
		with self.assertRaises(frappe.ValidationError):
			load_demo_data("/nonexistent/lpn-demo")
