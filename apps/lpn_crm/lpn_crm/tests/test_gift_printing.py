"""Donations named by their gift's date, the receipt as a donation's print, the reason of a cancelled gift,
and the donor's invitation to the portal."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.translate import print_language

from lpn_crm.access import DONOR, FUNDRAISING_MANAGER, FUNDRAISING_USER
from lpn_crm.api.fundraising import cancel_donation, invite_donor_to_portal
from lpn_crm.tests.factories import VALID_THAI_ID, make_campaign, make_donation, make_donor, make_user

SETTINGS = "LPN Fundraising Settings"
RECEIPT_SETTINGS = {
	"organisation_name": "Labour Protection Network Foundation",
	"organisation_tax_id": "0993000123456",
	"registration_number": "กท 1234",
	"organisation_address": "99/9 Setthakit 1 Road, Samut Sakhon 74000",
	"logo": "/assets/lpn_crm/images/lpn-logo.svg",
	"signatory_name": "Sompong Srakaew",
	"signatory_title": "Director",
}


class TestDonationNames(FrappeTestCase):
	def test_a_gift_of_2024_entered_today_is_named_in_2024(self):
		gift = make_donation(donation_date="2024-03-15")
		self.assertTrue(gift.name.startswith("DON-2024-"), gift.name)

	def test_gifts_of_two_years_each_follow_their_own_series(self):
		first = make_donation(donation_date="2023-06-01")
		second = make_donation(donation_date="2023-07-01")
		other = make_donation(donation_date="2025-01-10")
		self.assertEqual(int(second.name.rsplit("-", 1)[1]), int(first.name.rsplit("-", 1)[1]) + 1)
		self.assertTrue(other.name.startswith("DON-2025-"))


class TestReceiptPrint(FrappeTestCase):
	def setUp(self):
		for field, value in RECEIPT_SETTINGS.items():
			frappe.db.set_single_value(SETTINGS, field, value)
		frappe.clear_document_cache(SETTINGS, SETTINGS)

	def test_the_receipt_is_a_donations_default_print(self):
		self.assertEqual(frappe.get_meta("LPN Donation").default_print_format, "LPN Gift Receipt")
		self.assertEqual(frappe.db.get_value("Print Format", "LPN Gift Receipt", "doc_type"), "LPN Donation")

	def test_a_thai_receipt_carries_what_a_tax_deduction_needs(self):
		campaign = make_campaign(title="น้ำท่วมสมุทรสาคร", slug="flood-test")
		donor = make_donor(
			preferred_language="th",
			tax_id_type="Thai National ID",
			tax_id=VALID_THAI_ID,
			address_line="12/3 หมู่ 4",
			city="สมุทรสาคร",
			postal_code="74000",
		)
		gift = make_donation(donor=donor.name, campaign=campaign.name, amount=1500)
		receipt = frappe.get_doc("LPN Receipt", gift.receipt)
		self.assertEqual(receipt.donor_tax_id, VALID_THAI_ID)
		self.assertIn("สมุทรสาคร 74000", receipt.donor_address)
		self.assertEqual(receipt.campaign_title, "น้ำท่วมสมุทรสาคร")
		with print_language("th"):
			html = frappe.get_print("LPN Donation", gift.name, "LPN Gift Receipt")
		for expected in (
			gift.receipt,
			VALID_THAI_ID,
			"12/3 หมู่ 4",
			"น้ำท่วมสมุทรสาคร",
			"0993000123456",
			"กท 1234",
			"Sompong Srakaew",
			"lpn-logo.svg",
			"หนึ่งพันห้าร้อยบาทถ้วน",
		):
			self.assertIn(expected, html)
		self.assertNotIn(campaign.name, html)
		self.assertNotIn("payment_reference_key", html)

	def test_a_draft_prints_no_receipt_number(self):
		gift = make_donation(submit=False)
		html = frappe.get_print("LPN Donation", gift.name, "LPN Gift Receipt")
		self.assertIn("Draft", html)


class TestCancelReason(FrappeTestCase):
	def test_the_cancelled_receipt_shows_the_reason(self):
		gift = make_donation()
		cancel_donation(gift.name, "Entered twice")
		self.assertEqual(frappe.db.get_value("LPN Donation", gift.name, "docstatus"), 2)
		receipt = frappe.get_doc("LPN Receipt", gift.receipt)
		self.assertEqual((receipt.status, receipt.cancel_reason), ("Cancelled", "Entered twice"))
		html = frappe.get_print("LPN Receipt", receipt.name, "LPN Donation Receipt")
		self.assertIn("Entered twice", html)

	def test_no_reason_is_refused_and_the_gift_stays(self):
		gift = make_donation()
		with self.assertRaises(frappe.MandatoryError):
			cancel_donation(gift.name, "  ")
		self.assertEqual(frappe.db.get_value("LPN Donation", gift.name, "docstatus"), 1)

	def test_a_fundraising_user_may_not_cancel(self):
		gift = make_donation()
		user = make_user("cancel.staff@example.com", FUNDRAISING_USER)
		frappe.set_user(user.name)
		try:
			with self.assertRaises(frappe.PermissionError):
				cancel_donation(gift.name, "Wrong")
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("LPN Donation", gift.name, "docstatus"), 1)


class TestInviteToPortal(FrappeTestCase):
	def test_the_donor_gets_a_website_login_with_the_donor_role(self):
		donor = make_donor(preferred_language="th")
		user = invite_donor_to_portal(donor.name)
		self.assertEqual(user, donor.email)
		self.assertEqual(frappe.db.get_value("LPN Donor", donor.name, "user"), user)
		account = frappe.get_doc("User", user)
		self.assertEqual((account.user_type, account.language), ("Website User", "th"))
		self.assertIn(DONOR, frappe.get_roles(user))
		self.assertTrue(
			frappe.db.exists("Email Queue", {"reference_name": user}) or account.send_welcome_email
		)

	def test_a_second_invitation_is_refused(self):
		donor = make_donor()
		invite_donor_to_portal(donor.name)
		with self.assertRaises(frappe.ValidationError):
			invite_donor_to_portal(donor.name)

	def test_a_donor_without_email_is_refused_and_nothing_is_made(self):
		donor = make_donor(email=None, phone="0812345678")
		users = frappe.db.count("User")
		with self.assertRaises(frappe.ValidationError):
			invite_donor_to_portal(donor.name)
		self.assertEqual(frappe.db.count("User"), users)

	def test_a_donor_may_not_invite(self):
		donor = make_donor()
		website = make_user("invite.donor@example.com", DONOR)
		frappe.set_user(website.name)
		try:
			with self.assertRaises(frappe.PermissionError):
				invite_donor_to_portal(donor.name)
		finally:
			frappe.set_user("Administrator")
		self.assertFalse(frappe.db.get_value("LPN Donor", donor.name, "user"))

	def test_managers_may_invite(self):
		donor = make_donor()
		manager = make_user("invite.manager@example.com", FUNDRAISING_MANAGER)
		frappe.set_user(manager.name)
		try:
			self.assertEqual(invite_donor_to_portal(donor.name), donor.email)
		finally:
			frappe.set_user("Administrator")
