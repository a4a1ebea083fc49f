"""The sponsorship demo (fixtures/demo/04_sponsorship.json): children in every status, the two sponsor
logins of the README with their sponsorships, payments and updates (issue 12 item 9)."""

from pathlib import Path

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils.password import check_password

from lpn_crm.setup.demo import load_demo_data

DEMO = Path(__file__).resolve().parents[4] / "fixtures" / "demo"
SPONSORS = ("sponsor.a@lpn.localhost", "sponsor.b@lpn.localhost")
PASSWORD = "lpn-demo-Sponsor-1"
STATUSES = ("Waiting", "Partly Sponsored", "Sponsored", "Graduated", "Left Programme")


class TestSponsorshipDemo(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		load_demo_data(str(DEMO))

	def sponsorships_of(self, email: str) -> list[dict]:
		donor = frappe.db.get_value("LPN Donor", {"user": email}, "name")
		self.assertTrue(donor, email)
		return frappe.get_all(
			"LPN Sponsorship", filters={"sponsor": donor, "status": "Active"}, fields=["name", "child"]
		)

	def test_eight_children_or_more_in_every_status(self):
		counts = dict(frappe.db.sql("select status, count(*) from `tabLPN Child` group by status"))
		for status in STATUSES:
			self.assertGreaterEqual(counts.get(status, 0), 8, status)

	def test_the_sponsor_logins_are_sponsors_and_donors(self):
		for email in SPONSORS:
			user = frappe.get_doc("User", email)
			self.assertEqual(user.user_type, "Website User")
			self.assertIn("LPN Sponsor", frappe.get_roles(email))
			self.assertEqual(check_password(email, PASSWORD), email)

	def test_each_sponsor_has_a_child_of_their_own_and_one_child_is_sponsored_by_both(self):
		a, b = ({row.child for row in self.sponsorships_of(email)} for email in SPONSORS)
		self.assertTrue(a - b and b - a, "each sponsor has a child the other does not sponsor")
		self.assertEqual(len(a & b), 1)

	def test_each_sponsor_has_approved_and_unapproved_updates_with_photos(self):
		for email in SPONSORS:
			names = [row.name for row in self.sponsorships_of(email)]
			updates = frappe.get_all(
				"LPN Sponsor Update", filters={"sponsorship": ("in", names)}, fields=["status", "photo"]
			)
			self.assertTrue({"Sent", "Draft"} <= {u.status for u in updates}, email)
			self.assertTrue(all(u.photo and u.photo.startswith("/private/") for u in updates), email)

	def test_payments_are_posted_donations_of_the_sponsorships_and_some_are_behind(self):
		from lpn_crm.sponsorship.finance import arrears_rows

		paid = frappe.db.count("LPN Donation", {"sponsorship": ("is", "set"), "docstatus": 1})
		self.assertGreater(paid, 40)
		behind = [row for row in arrears_rows(only_missed=True)]
		self.assertTrue(behind)
		self.assertTrue(
			frappe.db.exists("LPN Sponsorship", {"status": "Proposed", "child": ("is", "not set")})
		)

	def test_loading_again_adds_nothing(self):
		added = load_demo_data(str(DEMO))
		for doctype in (
			"User",
			"LPN Donor",
			"LPN Child",
			"LPN Sponsorship",
			"LPN Donation",
			"LPN Sponsor Update",
		):
			self.assertFalse(added.get(doctype), doctype)
