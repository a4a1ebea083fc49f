import frappe
from frappe.tests.utils import FrappeTestCase

from lpn_crm.fundraising.edonation import create_batch, export_csv, mark_batch
from lpn_crm.fundraising.exceptions import EDonationError
from lpn_crm.tests.factories import VALID_THAI_ID, consent, make_donation, make_donor


def eligible_donor(**args):
	return make_donor(
		tax_id=VALID_THAI_ID, consents=[consent("Receipts"), consent("e-Donation Reporting")], **args
	)


class TestEDonation(FrappeTestCase):
	def test_eligibility_needs_id_and_consent(self):
		self.assertEqual(make_donation(donor=eligible_donor().name).edonation_status, "To Submit")
		no_consent = make_donor(tax_id=VALID_THAI_ID)
		donation = make_donation(donor=no_consent.name)
		self.assertEqual(donation.edonation_status, "Not Eligible")
		self.assertTrue(donation.edonation_note)
		no_id = make_donor(consents=[consent("e-Donation Reporting")])
		self.assertEqual(make_donation(donor=no_id.name).edonation_status, "Not Eligible")

	def test_batch_export_and_submission(self):
		donor = eligible_donor(donor_name="สมหญิง รักดี")
		make_donation(donor=donor.name, amount=1500, donation_date="2034-02-03")
		batch = create_batch("2034-02-01", "2034-02-28")
		lines = export_csv(batch).splitlines()
		self.assertEqual(lines[0], "donor_tax_id,donor_name,amount,donation_date")
		self.assertEqual(lines[1], f"{VALID_THAI_ID},สมหญิง รักดี,1500.00,03/02/2577")
		mark_batch(batch, "Submitted")
		self.assertEqual(
			frappe.db.get_value("LPN Donation", {"edonation_batch": batch}, "edonation_status"), "Submitted"
		)
		with self.assertRaises(EDonationError):
			mark_batch(batch, "Submitted")
		mark_batch(batch, "Confirmed")
		self.assertEqual(frappe.db.get_value("LPN e-Donation Batch", batch, "status"), "Confirmed")

	def test_empty_range_makes_no_batch(self):
		before = frappe.db.count("LPN e-Donation Batch")
		with self.assertRaises(EDonationError):
			create_batch("1990-01-01", "1990-01-31")
		with self.assertRaises(EDonationError):
			create_batch("2030-02-01", "2030-01-01")
		self.assertEqual(frappe.db.count("LPN e-Donation Batch"), before)


class TestEDonationCancel(FrappeTestCase):
	def test_cancel_takes_a_gift_out_of_a_draft_batch(self):
		donor = eligible_donor()
		kept = make_donation(donor=donor.name, amount=100, donation_date="2038-01-05")
		gone = make_donation(donor=donor.name, amount=40, donation_date="2038-01-06")
		batch = create_batch("2038-01-01", "2038-01-31")
		gone.reload()
		gone.cancel()
		self.assertIsNone(frappe.db.get_value("LPN Donation", gone.name, "edonation_batch"))
		self.assertEqual(frappe.db.get_value("LPN Donation", gone.name, "edonation_status"), "Not Eligible")
		self.assertEqual(frappe.db.get_value("LPN e-Donation Batch", batch, "total_amount"), 100)
		self.assertEqual(len(export_csv(batch).splitlines()), 2)
		self.assertEqual(frappe.db.get_value("LPN Donation", kept.name, "edonation_batch"), batch)

	def test_cancel_after_reporting_is_flagged_for_staff(self):
		donation = make_donation(donor=eligible_donor().name, donation_date="2039-01-05")
		batch = create_batch("2039-01-01", "2039-01-31")
		mark_batch(batch, "Submitted")
		donation.reload()
		donation.cancel()
		row = frappe.db.get_value(
			"LPN Donation", donation.name, ["needs_review", "review_note"], as_dict=True
		)
		self.assertTrue(row.needs_review)
		self.assertIn(batch, row.review_note)
