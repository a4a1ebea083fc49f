import json

import frappe
from frappe.deferred_insert import save_to_db
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime, random_string

from lpn_crm.api.donate import create_checkout
from lpn_crm.domain.checkout import idempotency_key, new_checkout_token
from lpn_crm.lpn_payments.checkout import delete_abandoned_checkouts, start_checkout
from lpn_crm.lpn_payments.exceptions import CheckoutFailedError, GiftRefusedError, StripeNotConfiguredError
from lpn_crm.lpn_payments.processing import process_event
from lpn_crm.lpn_payments.webhooks import record
from lpn_crm.tests.factories import (
	STRIPE_SECRET_KEY,
	configure_stripe,
	make_campaign,
	make_donor,
	make_pending_recurring,
	make_stripe_donation,
	make_user,
)
from lpn_crm.tests.stripe_stub import StripeStub, make_event

SESSIONS = ("POST", "/v1/checkout/sessions")


def uid() -> str:
	return f"pi_t{random_string(14)}"


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

	def customer_calls(self):
		return [r for r in self.stub.requests if r.path.startswith("/v1/customers")]

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
		self.assertEqual(
			sent.idempotency_key, idempotency_key("LPN Donation", donation.checkout_token, "checkout")
		)
		# A guest: Checkout makes the customer from the email; no customer is looked up or reused.
		self.assertNotIn("customer", form)
		self.assertEqual(
			(form["customer_email"], form["customer_creation"]), ("naw.htoo@example.org", "always")
		)
		self.assertEqual(self.customer_calls(), [])

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
		self.assertNotIn("customer", form)
		self.assertNotIn("customer_creation", form)  # subscription mode always makes a customer
		self.assertFalse(gift.stripe_customer)  # the completed session's event brings it
		self.assertTrue(gift.stripe_checkout_session)
		self.assertEqual(form["cancel_url"], f"https://give.lpn.test/donate?campaign={campaign.name}")

	def test_a_guest_with_a_known_donors_email_never_opens_checkout_as_their_customer(self):
		"""Failed before the fix: the customer was found by the typed email (customers.list) and reused, so
		a stranger's Checkout ran as the donor's Stripe customer."""
		donor = make_donor(email=f"victim.{random_string(6).lower()}@example.org")
		frappe.db.set_value("LPN Donor", donor.name, "stripe_customer", "cus_victim")
		self.stub.customers["cus_victim"] = {"id": "cus_victim", "email": donor.email}
		give(email=donor.email)
		give(email=donor.email, amount="500", frequency="Monthly")
		self.assertEqual(self.customer_calls(), [])
		for sent in self.stub.calls(*SESSIONS):
			self.assertNotIn("customer", sent.form)
			self.assertEqual(sent.form["customer_email"], donor.email)
		# Each completed Checkout made a customer of its own.
		made = {self.stub.complete_session(session_id)["customer"] for session_id in self.stub.sessions}
		self.assertEqual(len(made), 2)
		self.assertNotIn("cus_victim", made)
		self.assertEqual(frappe.db.count("LPN Donor", {"email": donor.email}), 1)
		self.assertEqual(frappe.db.get_value("LPN Donor", donor.name, "stripe_customer"), "cus_victim")

	def test_a_logged_in_donor_reuses_the_customer_stored_on_their_record(self):
		email = f"own.{random_string(6).lower()}@example.org"
		donor = make_donor(email=email)
		make_user(email, "LPN Donor", user_type="Website User")
		frappe.db.set_value("LPN Donor", donor.name, "user", email)
		frappe.set_user(email)
		try:
			give(email=email)
			give(email=email, amount="500", frequency="Monthly")
		finally:
			frappe.set_user("Administrator")
		created = self.stub.calls("POST", "/v1/customers")
		self.assertEqual(len(created), 1)
		self.assertEqual(self.stub.calls("GET", "/v1/customers"), [])
		customer = created[0].response["id"]
		self.assertEqual(frappe.db.get_value("LPN Donor", donor.name, "stripe_customer"), customer)
		self.assertEqual([s.form["customer"] for s in self.stub.calls(*SESSIONS)], [customer, customer])
		self.assertNotIn("customer_email", self.stub.calls(*SESSIONS)[0].form)

	def test_a_draft_name_handed_on_by_a_rollback_gets_a_key_of_its_own(self):
		"""Failed before the fix: the key was made from the draft's name, which the next donor's draft gets
		again after a rolled-back request, so Stripe refused (or replayed) the second donor's session."""
		give(email="first.giver@example.org")
		first = self.session_request()
		name = first.form["metadata"]["lpn_name"]
		frappe.db.rollback()  # the request failed after Stripe answered: the draft and its name are gone
		configure_stripe()
		give(email="second.giver@example.org", amount="900")
		second = self.stub.calls(*SESSIONS)[-1]
		self.assertEqual(second.form["metadata"]["lpn_name"], name)
		self.assertNotEqual(second.idempotency_key, first.idempotency_key)
		self.assertEqual((second.status, second.replayed), (200, False))
		self.assertEqual(second.form["customer_email"], "second.giver@example.org")

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
		self.assertEqual([call.status for call in self.stub.calls(*SESSIONS)], [500])
		self.assertEqual(self.stub.sessions, {})

	def test_the_error_log_of_a_failed_checkout_outlives_the_rolled_back_request(self):
		"""Failed before the fix: the Error Log was inserted in the request's transaction, which the
		failed request rolls back, so no log was left."""
		self.stub.fail_next(500, {"type": "api_error", "message": "Stripe is having a bad day"})
		with self.assertRaises(CheckoutFailedError):
			give(email="unlucky@example.org")
		failed_draft = frappe.db.get_value(
			"LPN Donation", {"donor_name": "Naw Htoo"}, "checkout_token", order_by="creation desc"
		)
		frappe.db.rollback()  # what the web request does with an exception
		save_to_db()  # the scheduler's flush of deferred inserts
		logs = frappe.get_all(
			"Error Log",
			filters={"method": ("like", "Stripe Checkout for %")},
			fields=["error"],
			order_by="creation desc",
		)
		self.assertTrue(logs)
		self.assertIn("Stripe is having a bad day", logs[0].error)
		self.assertIn(failed_draft, logs[0].error)

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


class TestAbandonedCheckouts(FrappeTestCase):
	"""Failed before the fix: nothing deleted the donate form's unpaid drafts and pending monthly gifts."""

	def setUp(self):
		configure_stripe(abandoned_checkout_days=7)

	def tearDown(self):
		frappe.clear_document_cache("LPN Stripe Settings", "LPN Stripe Settings")

	def aged(self, doc, days: int):
		frappe.db.set_value(
			doc.doctype, doc.name, "creation", add_days(now_datetime(), -days), update_modified=False
		)
		return doc.name

	def form_draft(self, days: int, **values):
		return self.aged(make_stripe_donation(checkout_token=new_checkout_token(), **values), days)

	def test_old_unpaid_drafts_of_the_donate_form_are_deleted_and_nothing_else(self):
		old_draft = self.form_draft(8)
		old_pending = self.aged(make_pending_recurring(checkout_token=new_checkout_token()), 8)
		kept = {
			"recent draft": self.form_draft(3),
			"staff draft": self.aged(make_stripe_donation(), 30),
			"paid": self.form_draft(30, submit=True, payment_reference=uid(), stripe_payment_intent=uid()),
			"PromptPay awaiting": self.form_draft(30, stripe_payment_intent=uid()),
			"held for review": self.form_draft(30),
			"started monthly gift": self.aged(
				make_pending_recurring(checkout_token=new_checkout_token(), stripe_subscription=uid()), 30
			),
			"staff pending gift": self.aged(make_pending_recurring(), 30),
		}
		frappe.db.set_value("LPN Donation", kept["held for review"], "needs_review", 1)
		deleted = delete_abandoned_checkouts()
		self.assertFalse(frappe.db.exists("LPN Donation", old_draft))
		self.assertFalse(frappe.db.exists("LPN Recurring Donation", old_pending))
		self.assertTrue(frappe.db.exists("Deleted Document", {"deleted_name": old_draft}))
		for what, name in kept.items():
			doctype = "LPN Recurring Donation" if "gift" in what else "LPN Donation"
			self.assertTrue(frappe.db.exists(doctype, name), what)
		self.assertGreaterEqual(deleted["LPN Donation"], 1)

	def test_zero_days_keeps_every_draft(self):
		configure_stripe(abandoned_checkout_days=0)
		draft = self.form_draft(400)
		self.assertEqual(delete_abandoned_checkouts(), {"LPN Donation": 0, "LPN Recurring Donation": 0})
		self.assertTrue(frappe.db.exists("LPN Donation", draft))

	def test_a_site_migrated_before_the_setting_existed_uses_seven_days(self):
		"""A Single stores no default: the unset field read as 0 would have kept every draft forever."""
		frappe.db.delete("Singles", {"doctype": "LPN Stripe Settings", "field": "abandoned_checkout_days"})
		frappe.clear_document_cache("LPN Stripe Settings", "LPN Stripe Settings")
		old, recent = self.form_draft(8), self.form_draft(6)
		delete_abandoned_checkouts()
		self.assertFalse(frappe.db.exists("LPN Donation", old))
		self.assertTrue(frappe.db.exists("LPN Donation", recent))

	def test_a_day_is_too_short_for_an_open_checkout_to_be_deleted(self):
		configure_stripe(abandoned_checkout_days=1)
		draft = self.form_draft(1)  # its Checkout Session may still be open (24 hours)
		delete_abandoned_checkouts()
		self.assertTrue(frappe.db.exists("LPN Donation", draft))

	def test_the_job_runs_daily(self):
		from lpn_crm import hooks

		self.assertIn(
			"lpn_crm.lpn_payments.checkout.delete_abandoned_checkouts", hooks.scheduler_events["daily"]
		)
