"""/donate without Stripe keys (bank transfer and PromptPay instead) and /my-donations a page at a time."""

import frappe
from frappe.tests.utils import FrappeTestCase

from lpn_crm.access import DONOR
from lpn_crm.tests.factories import configure_stripe, make_donation, make_donor, make_user
from lpn_crm.tests.test_donate_page import FORM, render

SETTINGS = "LPN Fundraising Settings"
BANK = {
	"bank_name": "Krung Thai Bank",
	"bank_account_number": "123-4-56789-0",
	"promptpay_id": "0993000133271",
}


class TestDonateWithoutKeys(FrappeTestCase):
	def setUp(self):
		configure_stripe(enabled=0)
		for field, value in BANK.items():
			frappe.db.set_single_value(SETTINGS, field, value)
		frappe.clear_document_cache(SETTINGS, SETTINGS)

	def tearDown(self):
		frappe.clear_document_cache("LPN Stripe Settings", "LPN Stripe Settings")
		frappe.clear_document_cache(SETTINGS, SETTINGS)

	def test_the_page_says_plainly_that_no_payment_is_taken_and_offers_the_bank(self):
		status, html = render("/donate")
		self.assertEqual(status, 200)
		self.assertNotIn(FORM, html)
		self.assertNotIn("Test mode", html)
		self.assertIn("not switched on for this site yet", html)
		self.assertIn("123-4-56789-0", html)
		self.assertIn('class="lpn-promptpay-qr" src="data:image/svg+xml;base64,', html)

	def test_a_promptpay_id_that_is_not_one_shows_no_qr_but_keeps_the_account(self):
		frappe.db.set_single_value(SETTINGS, "promptpay_id", "12345")
		frappe.clear_document_cache(SETTINGS, SETTINGS)
		html = render("/donate")[1]
		self.assertNotIn("lpn-promptpay-qr", html)
		self.assertIn("123-4-56789-0", html)


class TestMyDonationsPages(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.user = make_user("many.gifts@example.com", DONOR, user_type="Website User")
		cls.user.language = "th"
		cls.user.save(ignore_permissions=True)
		donor = make_donor(email=cls.user.name, user=cls.user.name, preferred_language="th")
		for month in range(1, 26):
			make_donation(
				donor=donor.name, donation_date=f"{2023 + (month - 1) // 12}-{(month - 1) % 12 + 1:02d}-05"
			)

	def page(self, **form) -> str:
		frappe.set_user(self.user.name)
		frappe.local.lang = "th"
		try:
			status, html = render("/my-donations", **form)
			self.assertEqual(status, 200)
			return html
		finally:
			frappe.set_user("Administrator")
			frappe.local.lang = "en"

	def test_a_donor_with_many_gifts_pages_through_them(self):
		first = self.page()
		self.assertEqual(first.count("lpn-donation-row"), 20)
		self.assertIn('href="?page=2"', first)
		second = self.page(page="2")
		self.assertEqual(second.count("lpn-donation-row"), 5)
		self.assertIn("มกราคม 2566", second)  # the oldest gift, 5 January 2023, in the Buddhist Era

	def test_a_page_past_the_end_shows_the_last(self):
		self.assertEqual(self.page(page="99").count("lpn-donation-row"), 5)

	def test_annual_receipts_cover_every_year_given_not_only_the_page(self):
		html = self.page()
		for year in ("2566", "2567", "2568"):
			self.assertIn(year, html)
