"""Gifts started outside the app: monthly gifts from a recurring Payment Link or the Stripe dashboard, and
payments in a currency the settings give no rate for. Before the fix every event of an unknown subscription
failed with "No recurring gift carries Stripe subscription …" and a payment in an unrated currency failed
with MissingExchangeRateError, both retried until the schedule gave up."""

import itertools
import time

import frappe
from frappe.utils import random_string

from lpn_crm.lpn_payments.processing import process_event, process_pending
from lpn_crm.tests.factories import make_donor
from lpn_crm.tests.stripe_stub import load_event
from lpn_crm.tests.test_stripe_processing import (
	EVENT,
	StripeProcessingCase,
	invoice_event,
	link_payment,
	log,
	run,
	uid,
)

RECURRING = "LPN Recurring Donation"
KINDS = ("completed", "paid", "updated", "deleted")


class Subscription:
	"""The events Stripe sends for one subscription started on a recurring Payment Link: no metadata of ours,
	one customer, one first invoice, all at the same moment."""

	def __init__(self, email: str | None = None, amount_minor: int = 50000, currency: str = "thb"):
		self.id, self.customer, self.invoice = uid("sub_t"), uid("cus_t"), uid("in_t")
		self.email = email or f"{random_string(8).lower()}@example.org"
		self.amount_minor, self.currency = amount_minor, currency
		self.now = int(time.time())

	def event(self, kind: str) -> dict:
		return getattr(self, kind)()

	def _base(self, fixture: str, **object_overrides) -> dict:
		return load_event(fixture, created=self.now, object_overrides=object_overrides)

	def completed(self) -> dict:
		return self._base(
			"checkout_session_completed_subscription",
			id=uid("cs_test_"),
			metadata={},
			subscription=self.id,
			invoice=self.invoice,
			customer=self.customer,
			amount_total=self.amount_minor,
			amount_subtotal=self.amount_minor,
			currency=self.currency,
			payment_link="plink_tmonthly",
			customer_details={"email": self.email, "name": "Monthly Link Giver"},
		)

	def paid(self, invoice: str | None = None, fixture: str = "invoice_paid") -> dict:
		event = invoice_event(
			"unused",
			invoice or self.invoice,
			self.id,
			fixture=fixture,
			customer=self.customer,
			customer_email=self.email,
			customer_name="Monthly Link Giver",
			amount_paid=self.amount_minor,
			amount_due=self.amount_minor,
			currency=self.currency,
			billing_reason="subscription_create" if invoice is None else "subscription_cycle",
			created=self.now,
		)
		event["created"] = self.now
		invoice_obj = event["data"]["object"]
		invoice_obj["parent"]["subscription_details"]["metadata"] = {}
		invoice_obj["lines"]["data"][0]["period"] = {"start": self.now, "end": self.now + 30 * 86400}
		return event

	def failed(self) -> dict:
		return self.paid(invoice=uid("in_t"), fixture="invoice_payment_failed")

	def _subscription(self, fixture: str) -> dict:
		event = self._base(fixture, id=self.id, customer=self.customer, metadata={}, currency=self.currency)
		item = event["data"]["object"]["items"]["data"][0]
		item.update(current_period_start=self.now, current_period_end=self.now + 30 * 86400)
		item["price"].update(unit_amount=self.amount_minor, currency=self.currency)
		return event

	def updated(self) -> dict:
		return self._subscription("customer_subscription_updated")

	def deleted(self) -> dict:
		return self._subscription("customer_subscription_deleted")


def retry_failed(event_ids: list[str]) -> None:
	"""What the retry schedule does later: the failed events of the run, processed again, oldest first."""
	for event_id in event_ids:
		if frappe.db.get_value(EVENT, event_id, "status") == "Failed":
			process_event(event_id)


class TestSubscriptionsStartedOutside(StripeProcessingCase):
	def end_state(self, subscription: Subscription) -> dict:
		gifts = frappe.get_all(
			RECURRING,
			filters={"stripe_subscription": subscription.id},
			fields=["name", "donor", "status", "amount", "currency", "start_date", "stripe_customer", "fund"],
		)
		self.assertEqual(len(gifts), 1, "one recurring gift per subscription")
		gift = gifts[0]
		frappe.get_doc(RECURRING, gift.name)  # loads: a full document
		donations = frappe.get_all(
			"LPN Donation",
			filters={"recurring_donation": gift.name, "docstatus": 1},
			fields=["amount", "stripe_invoice", "donor"],
		)
		return {
			"status": gift.status,
			"amount": gift.amount,
			"currency": gift.currency,
			"start_date": gift.start_date,
			"customer": gift.stripe_customer == subscription.customer,
			"fund": gift.fund,
			"donor_email": frappe.db.get_value("LPN Donor", gift.donor, "email"),
			"donations": sorted(
				(d.amount, d.stripe_invoice == subscription.invoice, d.donor == gift.donor) for d in donations
			),
			"received": frappe.db.get_value(RECURRING, gift.name, "received_count"),
		}

	def play(self, order: tuple[str, ...], email: str) -> dict:
		subscription = Subscription(email=email)
		event_ids = [log(subscription.event(kind)) for kind in order]
		for event_id in event_ids:
			process_event(event_id)
		retry_failed(event_ids)
		statuses = [frappe.db.get_value(EVENT, event_id, "status") for event_id in event_ids]
		self.assertEqual(statuses, ["Processed"] * len(order), f"order {order}")
		return self.end_state(subscription)

	def test_the_end_state_is_the_same_in_every_order_of_arrival(self):
		"""All 24 orders of checkout.session.completed, invoice.paid, subscription.updated and .deleted."""
		email = f"{random_string(8).lower()}@example.org"
		states = {order: self.play(order, email) for order in itertools.permutations(KINDS)}
		first = next(iter(states.values()))
		for order, state in states.items():
			self.assertEqual(state, first, f"order {order}")
		self.assertEqual(first["status"], "Cancelled")
		self.assertEqual(first["donations"], [(500.0, True, True)])
		self.assertEqual((first["amount"], first["currency"], first["donor_email"]), (500, "THB", email))
		self.assertTrue(first["customer"])
		# One donor for the email, however many subscriptions it started.
		self.assertEqual(frappe.db.count("LPN Donor", {"email": email}), 1)

	def test_without_the_cancellation_every_order_ends_active(self):
		email = f"{random_string(8).lower()}@example.org"
		states = [self.play(order, email) for order in itertools.permutations(KINDS[:3])]
		self.assertTrue(all(state == states[0] for state in states), states)
		self.assertEqual((states[0]["status"], states[0]["received"]), ("Active", 1))

	def test_a_new_payer_becomes_a_donor_flagged_for_review_and_renewals_are_theirs(self):
		subscription = Subscription()
		self.assertEqual(run(subscription.completed())[0], "Processed")
		gift = frappe.get_doc(RECURRING, {"stripe_subscription": subscription.id})
		self.assertEqual(
			(gift.status, gift.amount, gift.stripe_customer), ("Active", 500, subscription.customer)
		)
		donor = frappe.get_doc("LPN Donor", gift.donor)
		self.assertEqual(
			(donor.email, donor.donor_name, donor.needs_review), (subscription.email, "Monthly Link Giver", 1)
		)
		self.assertTrue(
			frappe.db.exists(
				"Comment", {"reference_name": gift.name, "content": ("like", "%started outside%")}
			)
		)
		for invoice in (subscription.invoice, uid("in_t")):
			self.assertEqual(run(subscription.paid(invoice=invoice))[0], "Processed")
		self.assertEqual(
			frappe.db.count("LPN Donation", {"recurring_donation": gift.name, "docstatus": 1}), 2
		)
		self.assertEqual(frappe.db.count(RECURRING, {"stripe_subscription": subscription.id}), 1)

	def test_a_yearly_subscription_is_yearly_whichever_event_came_first(self):
		for first in ("completed", "updated"):
			subscription = Subscription()
			updated = subscription.updated()
			price = updated["data"]["object"]["items"]["data"][0]["price"]
			price["recurring"] = {"interval": "year", "interval_count": 1}
			known = make_donor()  # so the update alone can make the gift
			frappe.db.set_value("LPN Donor", known.name, "stripe_customer", subscription.customer)
			for event in (
				(subscription.completed(), updated)
				if first == "completed"
				else (updated, subscription.completed())
			):
				self.assertEqual(run(event)[0], "Processed")
			gift = frappe.get_doc(RECURRING, {"stripe_subscription": subscription.id})
			self.assertEqual((gift.frequency, gift.donor), ("Yearly", known.name), first)

	def test_a_known_email_gives_the_gift_to_that_donor(self):
		donor = make_donor(email=f"{random_string(8).lower()}@example.org")
		subscription = Subscription(email=donor.email.upper())
		self.assertEqual(run(subscription.paid())[0], "Processed")
		self.assertEqual(
			frappe.db.get_value(RECURRING, {"stripe_subscription": subscription.id}, "donor"), donor.name
		)

	def test_a_failed_first_invoice_makes_a_pending_gift_with_a_note(self):
		subscription = Subscription()
		self.assertEqual(run(subscription.failed())[0], "Processed")
		gift = frappe.get_doc(RECURRING, {"stripe_subscription": subscription.id})
		self.assertEqual(gift.status, "Pending")
		self.assertTrue(
			frappe.db.exists(
				"Comment", {"reference_name": gift.name, "content": ("like", "%could not collect%")}
			)
		)

	def test_an_update_without_an_email_waits_for_a_richer_event(self):
		subscription = Subscription()
		status, event_id = run(subscription.updated())
		row = frappe.get_doc(EVENT, event_id)
		self.assertEqual(status, "Failed")
		self.assertIn("PaymentNotMatchedError", row.error)
		self.assertTrue(row.next_retry_on, "retried on the backoff schedule")
		self.assertFalse(frappe.db.exists(RECURRING, {"stripe_subscription": subscription.id}))
		run(subscription.completed())
		self.assertEqual(process_event(event_id), "Processed")

	def test_an_update_from_a_known_customer_makes_the_gift_at_once(self):
		donor = make_donor()
		subscription = Subscription()
		frappe.db.set_value("LPN Donor", donor.name, "stripe_customer", subscription.customer)
		self.assertEqual(run(subscription.updated())[0], "Processed")
		gift = frappe.get_doc(RECURRING, {"stripe_subscription": subscription.id})
		self.assertEqual((gift.donor, gift.status), (donor.name, "Active"))

	def test_the_batch_hands_unknown_subscriptions_to_the_one_event_handlers(self):
		subscription = Subscription()
		for kind in ("paid", "completed"):
			log(subscription.event(kind))
		process_pending()
		gift = frappe.db.get_value(
			RECURRING, {"stripe_subscription": subscription.id}, ["name", "status"], as_dict=True
		)
		self.assertEqual(gift.status, "Active")
		self.assertEqual(
			frappe.db.count("LPN Donation", {"recurring_donation": gift.name, "docstatus": 1}), 1
		)


class TestUnratedCurrencies(StripeProcessingCase):
	def test_a_payment_in_a_currency_without_a_rate_is_held_with_its_amount(self):
		email = f"{random_string(8).lower()}@example.org"
		event = link_payment(email, amount_minor=4500, currency="gbp")
		status, event_id = run(event)
		self.assertEqual(status, "Processed")
		donation = frappe.get_doc(
			"LPN Donation", {"stripe_payment_intent": event["data"]["object"]["payment_intent"]}
		)
		self.assertEqual(
			(donation.docstatus, donation.amount, donation.currency, donation.needs_review), (0, 45, "GBP", 1)
		)
		self.assertIn("GBP", donation.review_note)
		# Again: the same draft, no second gift; staff enter the rate and submit.
		self.assertEqual(process_event(event_id, force=True), "Processed")
		self.assertEqual(
			frappe.db.count("LPN Donation", {"stripe_payment_intent": donation.stripe_payment_intent}), 1
		)
		donation.exchange_rate = 44.5
		donation.submit()
		self.assertEqual(donation.base_amount, 2002.5)

	def test_the_rate_stripe_converted_at_is_used_when_the_event_carries_it(self):
		event = link_payment(
			None,
			amount_minor=5710,
			currency="usd",
			customer_details={"email": f"{random_string(8).lower()}@example.org", "name": "Adaptive"},
			currency_conversion={"source_currency": "thb", "amount_total": 200000, "fx_rate": "0.02855"},
		)
		frappe.db.delete("LPN Stripe Currency", {"parent": "LPN Stripe Settings", "currency": "USD"})
		frappe.clear_document_cache("LPN Stripe Settings", "LPN Stripe Settings")
		self.assertEqual(run(event)[0], "Processed")
		donation = frappe.get_doc(
			"LPN Donation", {"stripe_payment_intent": event["data"]["object"]["payment_intent"]}
		)
		self.assertEqual((donation.docstatus, donation.needs_review), (1, 0))
		self.assertAlmostEqual(donation.exchange_rate, 35.02627, places=5)
		self.assertAlmostEqual(donation.base_amount, 2000, places=1)

	def test_a_renewal_in_an_unrated_currency_is_held_and_the_batch_leaves_it_to_the_handler(self):
		subscription = Subscription(currency="gbp", amount_minor=1000)
		run(subscription.completed())
		log(subscription.paid())
		process_pending()
		gift = frappe.db.get_value(RECURRING, {"stripe_subscription": subscription.id})
		donation = frappe.db.get_value(
			"LPN Donation",
			{"stripe_invoice": subscription.invoice},
			["docstatus", "needs_review", "recurring_donation"],
			as_dict=True,
		)
		self.assertEqual(
			(donation.docstatus, donation.needs_review, donation.recurring_donation), (0, 1, gift)
		)
