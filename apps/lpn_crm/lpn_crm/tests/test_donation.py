import frappe
from frappe.tests.utils import FrappeTestCase

from lpn_crm.fundraising.exceptions import (
	DuplicatePaymentReferenceError,
	InvalidAmountError,
	MissingExchangeRateError,
)
from lpn_crm.tests.factories import make_campaign, make_donation, make_donor


class TestDonation(FrappeTestCase):
	def test_thb_donation_has_base_amount_and_receipt(self):
		donation = make_donation(amount=1500)
		self.assertEqual(donation.base_amount, 1500)
		self.assertEqual(donation.exchange_rate, 1)
		donation.reload()
		self.assertEqual(donation.status, "Paid")
		receipt = frappe.get_doc("LPN Receipt", donation.receipt)
		self.assertEqual(receipt.status, "Issued")
		self.assertEqual(receipt.base_amount, 1500)

	def test_foreign_currency_needs_exchange_rate(self):
		with self.assertRaises(MissingExchangeRateError):
			make_donation(currency="USD", amount=100, submit=False)
		donation = make_donation(currency="USD", amount=100, exchange_rate=35.125)
		self.assertEqual(donation.base_amount, 3512.5)

	def test_zero_or_negative_amount_is_refused(self):
		donor = make_donor()
		for amount in (0, -50):
			with self.assertRaises(InvalidAmountError):
				make_donation(amount=amount, donor=donor.name, submit=False)
		self.assertEqual(frappe.db.count("LPN Donation", {"donor": donor.name}), 0)

	def test_unknown_currency_is_refused(self):
		with self.assertRaises(frappe.LinkValidationError):
			make_donation(currency="XYZ", exchange_rate=2, submit=False)

	def test_payment_reference_is_unique_per_method(self):
		make_donation(payment_reference="KBANK-778899")
		with self.assertRaises(DuplicatePaymentReferenceError):
			make_donation(payment_reference="KBANK-778899", submit=False)
		# the same reference under another method is a different payment
		make_donation(payment_reference="KBANK-778899", payment_method="Cheque")

	def test_unique_index_holds_when_the_check_is_bypassed(self):
		make_donation(payment_reference="SCB-1")
		second = make_donation(payment_reference="SCB-2", submit=False)
		with self.assertRaises(Exception) as caught:
			frappe.db.set_value("LPN Donation", second.name, "payment_reference_key", "Bank Transfer:SCB-1")
		self.assertTrue(frappe.db.is_unique_key_violation(caught.exception))

	def test_cancel_frees_reference_and_reverses_totals(self):
		campaign = make_campaign()
		donor = make_donor()
		donation = make_donation(
			donor=donor.name, amount=900, payment_reference="CASH-9", campaign=campaign.name
		)
		self.assertEqual(frappe.db.get_value("LPN Donor", donor.name, "lifetime_total"), 900)
		self.assertEqual(frappe.db.get_value("LPN Campaign", campaign.name, "raised"), 900)
		donation.cancel()
		self.assertEqual(frappe.db.get_value("LPN Donor", donor.name, "lifetime_total"), 0)
		self.assertEqual(frappe.db.get_value("LPN Campaign", campaign.name, "raised"), 0)
		self.assertEqual(frappe.db.get_value("LPN Receipt", donation.receipt, "status"), "Cancelled")
		self.assertEqual(frappe.db.get_value("LPN Donation", donation.name, "status"), "Cancelled")
		make_donation(donor=donor.name, payment_reference="CASH-9")

	def test_in_kind_gift_needs_a_description(self):
		with self.assertRaises(frappe.MandatoryError):
			make_donation(is_in_kind=1, submit=False)
		donation = make_donation(is_in_kind=1, in_kind_description="200 school books")
		self.assertEqual(donation.edonation_status, "Not Eligible")


class TestCampaign(FrappeTestCase):
	def test_campaign_cannot_end_before_it_starts(self):
		with self.assertRaises(frappe.ValidationError):
			make_campaign(start_date="2026-05-01", end_date="2026-04-01")
