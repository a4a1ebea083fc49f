import json

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import random_string

from lpn_crm.api.donate import create_checkout
from lpn_crm.domain.checkout import idempotency_key
from lpn_crm.lpn_payments.checkout import start_checkout
from lpn_crm.lpn_payments.exceptions import CheckoutFailedError, GiftRefusedError, StripeNotConfiguredError
from lpn_crm.lpn_payments.processing import process_event
from lpn_crm.lpn_payments.webhooks import record
from lpn_crm.tests.factories import STRIPE_SECRET_KEY, configure_stripe, make_campaign, make_stripe_donation
from lpn_crm.tests.stripe_stub import StripeStub, make_event

SESSIONS = ("POST", "/v1/checkout/sessions")


def give(**args) -> dict:
	values = {
		"amount": "1500",
		"currency": "THB",
		"frequency": "One-off",
		"email": f"{random_string(8).lower()}@example.org",
		"donor_name": "Naw Htoo",
	}
	values.update(args)
	return create_checkout(**values)


class TestDonateCheckout(FrappeTestCase):
	def setUp(self):
		configure_stripe()
		self.stub = StripeStub(api_key=STRIPE_SECRET_KEY)
		self.stub.start()
		self.addCleanup(self.stub.stop)
		frappe.local.conf.stripe_api_base = self.stub.url
		frappe.local.conf.stripe_max_network_retries = 0
		self.addCleanup(frappe.local.conf.pop, "stripe_api_base", None)
		self.addCleanup(frappe.local.conf.pop, "stripe_max_network_retries", None)

	def tearDown(self):
		frappe.clear_document_cache("LPN Stripe Settings", "LPN Stripe Settings")

	def session_request(self):
		calls = self.stub.calls(*SESSIONS)
		self.assertEqual(len(calls), 1)
		return calls[0]

	def test_one_off_gift_opens_a_payment_session_for_a_draft(self):
		answer = give(amount="1500.50", email="naw.htoo@example.org")
		sent = self.session_request()
		session = sent.response
		self.assertEqual(answer, {"url": session["url"]})
		donation = frappe.get_doc("LPN Donation", {"stripe_checkout_session": session["id"]})
		self.assertEqual((donation.docstatus, donation.amount, donation.currency), (0, 1500.5, "THB"))
		donor = frappe.get_doc("LPN Donor", donation.donor)
		self.assertEqual((donor.email, donor.donor_name), ("naw.htoo@example.org", "Naw Htoo"))
		# The email was given "for your receipt": the new donor will get the thank-you and receipt.
		self.assertEqual(
			[(c.purpose, c.granted, c.source) for c in donor.consents], [("Receipts", 1, "Online Donation")]
		)
		form = sent.form
		self.assertEqual(form["mode"], "payment")
		self.assertEqual(form["line_items"][0]["price_data"]["unit_amount"], "150050")
		self.assertEqual(form["line_items"][0]["price_data"]["currency"], "thb")
		self.assertEqual(form["payment_method_types"], ["card", "promptpay"])
		self.assertEqual(form["metadata"]["lpn_doctype"], "LPN Donation")
		self.assertEqual(form["metadata"]["lpn_name"], donation.name)
		self.assertEqual(form["payment_intent_data"]["metadata"]["lpn_name"], donation.name)
		self.assertTrue(form["success_url"].startswith("https://give.lpn.test/donate/thanks?session_id="))
		self.assertEqual(sent.idempotency_key, idempotency_key("LPN Donation", donation.name, "checkout"))
		self.assertEqual(form["customer"], self.stub.calls("POST", "/v1/customers")[0].response["id"])

	def test_monthly_gift_opens_a_subscription_for_a_pending_recurring_gift(self):
		campaign = make_campaign()
		give(amount="25", currency="USD", frequency="Monthly", campaign=campaign.name)
		form = self.session_request().form
		self.assertEqual(form["mode"], "subscription")
		self.assertEqual(form["payment_method_types"], ["card"])
		self.assertEqual(form["line_items"][0]["price_data"]["unit_amount"], "2500")
		self.assertEqual(form["line_items"][0]["price_data"]["recurring"], {"interval": "month"})
		gift = frappe.get_doc("LPN Recurring Donation", form["metadata"]["lpn_name"])
		self.assertEqual(
			(gift.status, gift.amount, gift.currency, gift.campaign), ("Pending", 25, "USD", campaign.name)
		)
		self.assertEqual(gift.fund, campaign.fund)
		self.assertEqual(gift.stripe_customer, form["customer"])
		self.assertTrue(gift.stripe_checkout_session)
		self.assertEqual(form["cancel_url"], f"https://give.lpn.test/donate?campaign={campaign.name}")

	def test_returning_donor_reuses_donor_and_stripe_customer(self):
		give(email="again@example.org")
		give(email="again@example.org", amount="500")
		self.assertEqual(len(self.stub.calls("POST", "/v1/customers")), 1)
		sessions = self.stub.calls(*SESSIONS)
		self.assertEqual(sessions[0].form["customer"], sessions[1].form["customer"])
		self.assertEqual(frappe.db.count("LPN Donor", {"email": "again@example.org"}), 1)

	def test_the_amount_charged_is_the_saved_record(self):
		donation = make_stripe_donation(amount=700)
		frappe.form_dict.amount = "1"  # what a tampered form would post; never read
		try:
			start_checkout(donation, email="t@example.org", donor_name="T")
		finally:
			frappe.form_dict.pop("amount", None)
		self.assertEqual(self.session_request().form["line_items"][0]["price_data"]["unit_amount"], "70000")

	def test_gifts_below_the_minimum_or_above_the_cap_never_reach_stripe(self):
		for amount, currency in (
			("5", "THB"),
			("0.20", "USD"),
			("-100", "THB"),
			("abc", "THB"),
			("600000", "THB"),
		):
			with self.assertRaises(GiftRefusedError):
				give(amount=amount, currency=currency, email="refused@example.org")
		with self.assertRaises(GiftRefusedError):
			give(currency="JPY")
		with self.assertRaises(GiftRefusedError):
			give(frequency="Weekly")
		self.assertEqual(self.stub.requests, [])
		self.assertFalse(frappe.db.exists("LPN Donor", {"email": "refused@example.org"}))

	def test_stripe_errors_become_a_clear_error_and_a_log(self):
		self.stub.fail_next(500, {"type": "api_error", "message": "Stripe is having a bad day"})
		with self.assertRaises(CheckoutFailedError):
			give()
		self.assertEqual(self.stub.calls(*SESSIONS), [])
		self.assertTrue(frappe.db.exists("Error Log", {"method": ("like", "Stripe Checkout for %")}))

	def test_closed_online_giving_is_refused(self):
		configure_stripe(enabled=0)
		with self.assertRaises(StripeNotConfiguredError):
			give()
		self.assertEqual(self.stub.requests, [])

	def test_checkout_to_webhook_round_trip(self):
		"""The stub plays the donor paying; the resulting events submit the gift and its first month."""
		give(amount="1000")
		session = self.stub.complete_session(next(iter(self.stub.sessions)))
		event = make_event("checkout.session.completed", session)
		record(event, json.dumps(event))
		self.assertEqual(process_event(event["id"]), "Processed")
		donation = frappe.get_doc("LPN Donation", session["metadata"]["lpn_name"])
		self.assertEqual((donation.docstatus, donation.payment_reference), (1, session["payment_intent"]))

		give(amount="300", frequency="Monthly")
		monthly_id = list(self.stub.sessions)[-1]
		monthly = self.stub.complete_session(monthly_id)
		invoice = make_event("invoice.paid", self.stub.invoices[monthly["invoice"]])
		completed = make_event("checkout.session.completed", monthly)
		for event in (invoice, completed):  # the first invoice may well come first
			record(event, json.dumps(event))
			self.assertEqual(process_event(event["id"]), "Processed")
		gift = frappe.get_doc("LPN Recurring Donation", monthly["metadata"]["lpn_name"])
		self.assertEqual(
			(gift.status, gift.stripe_subscription, gift.received_count),
			("Active", monthly["subscription"], 1),
		)
