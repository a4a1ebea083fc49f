import copy
import json
import time
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, now_datetime, random_string

from lpn_crm.lpn_payments.processing import process_event, reprocess, retry_failed_events
from lpn_crm.lpn_payments.webhooks import record
from lpn_crm.tests.factories import (
	configure_stripe,
	make_donor,
	make_pending_recurring,
	make_stripe_donation,
	make_user,
)
from lpn_crm.tests.queue_helpers import clear_queued, queued_jobs, run_after_commit_hooks
from lpn_crm.tests.stripe_stub import load_event

EVENT = "LPN Stripe Event"
DRAIN = "lpn_crm.lpn_payments.processing.drain_job"
PROCESS_ONE = "lpn_crm.lpn_payments.processing.process_event_job"
ALERTS = "alerts@example.org"


def uid(prefix: str) -> str:
	return f"{prefix}{random_string(14)}"


def log(event: dict) -> str:
	"""Log an event as the webhook would (without the signature check, which test_stripe_webhook covers)."""
	event = copy.deepcopy(event)
	event["id"] = event.get("id") if event.get("id", "").startswith("evt_t") else uid("evt_t")
	record(event, json.dumps(event))
	return event["id"]


def run(event: dict) -> tuple[str, str]:
	event_id = log(event)
	return process_event(event_id), event_id


def link_payment(
	email: str | None, amount_minor: int = 200000, name: str = "Link Giver", **overrides
) -> dict:
	"""A Payment Link's completed Checkout: no metadata of ours, a payment intent of its own."""
	return load_event(
		"payment_link_checkout_completed",
		created=int(time.time()),
		object_overrides={
			"id": uid("cs_test_"),
			"payment_intent": uid("pi_t"),
			"amount_total": amount_minor,
			"amount_subtotal": amount_minor,
			"customer_details": {"email": email, "name": name},
			**overrides,
		},
	)


def payment_of(event: dict) -> str:
	return event["data"]["object"]["payment_intent"]


def for_donation(name: str, fixture: str, **object_overrides) -> dict:
	return load_event(
		fixture,
		object_overrides={"metadata": {"lpn_doctype": "LPN Donation", "lpn_name": name}, **object_overrides},
	)


def invoice_event(
	gift: str, invoice: str, subscription: str, fixture: str = "invoice_paid", **overrides
) -> dict:
	event = load_event(fixture, object_overrides={"id": invoice, **overrides})
	details = event["data"]["object"]["parent"]["subscription_details"]
	details.update(
		subscription=subscription, metadata={"lpn_doctype": "LPN Recurring Donation", "lpn_name": gift}
	)
	for payment in event["data"]["object"].get("payments", {}).get("data", []):
		payment["invoice"] = invoice
		payment["payment"]["payment_intent"] = uid("pi_t")
	return event


def subscription_session(gift, subscription: str, invoice: str, **overrides) -> dict:
	return load_event(
		"checkout_session_completed_subscription",
		object_overrides={
			"id": uid("cs_test_"),
			"metadata": {"lpn_doctype": "LPN Recurring Donation", "lpn_name": gift.name},
			"subscription": subscription,
			"invoice": invoice,
			"customer": "cus_tmonthly",
			**overrides,
		},
	)


def emails_about(doctype: str, name: str) -> int:
	return frappe.db.count("Email Queue", {"reference_doctype": doctype, "reference_name": name})


class StripeProcessingCase(FrappeTestCase):
	def setUp(self):
		configure_stripe()
		frappe.db.set_single_value("LPN Fundraising Settings", "staff_alert_email", ALERTS)
		frappe.clear_document_cache("LPN Fundraising Settings", "LPN Fundraising Settings")

	def tearDown(self):
		frappe.clear_document_cache("LPN Stripe Settings", "LPN Stripe Settings")
		frappe.clear_document_cache("LPN Fundraising Settings", "LPN Fundraising Settings")


class TestOneOffPayments(StripeProcessingCase):
	def test_completed_checkout_submits_the_draft(self):
		donation = make_stripe_donation(amount=1500)
		pi = uid("pi_t")
		status, event_id = run(
			for_donation(donation.name, "checkout_session_completed_payment", payment_intent=pi)
		)
		self.assertEqual(status, "Processed")
		donation.reload()
		self.assertEqual((donation.docstatus, donation.status), (1, "Paid"))
		self.assertEqual((donation.payment_method, donation.payment_reference), ("Card (Stripe)", pi))
		self.assertEqual(donation.stripe_payment_intent, pi)
		self.assertTrue(donation.stripe_checkout_session.startswith("cs_test_"))
		self.assertTrue(donation.receipt)
		row = frappe.get_doc(EVENT, event_id)
		self.assertEqual(
			(row.reference_doctype, row.reference_name, row.attempts), ("LPN Donation", donation.name, 1)
		)
		self.assertTrue(row.processed_on)

	def test_promptpay_is_recorded_when_the_money_arrives(self):
		donation = make_stripe_donation(amount=500)
		pi = uid("pi_t")
		pending = for_donation(
			donation.name, "checkout_session_completed_unpaid_promptpay", payment_intent=pi
		)
		self.assertEqual(run(pending)[0], "Processed")
		donation.reload()
		self.assertEqual((donation.docstatus, donation.stripe_payment_intent), (0, pi))
		succeeded = for_donation(donation.name, "checkout_session_async_payment_succeeded", payment_intent=pi)
		self.assertEqual(run(succeeded)[0], "Processed")
		donation.reload()
		self.assertEqual((donation.docstatus, donation.payment_method), (1, "PromptPay"))

	def test_amount_mismatch_is_held_for_review_and_staff_alerted(self):
		donation = make_stripe_donation(amount=2000)
		event = for_donation(donation.name, "checkout_session_completed_payment", payment_intent=uid("pi_t"))
		status, event_id = run(event)
		self.assertEqual(status, "Processed")
		donation.reload()
		self.assertEqual(donation.docstatus, 0)
		self.assertTrue(donation.needs_review)
		self.assertIn("1500.00 THB", donation.review_note)
		self.assertEqual(emails_about("LPN Donation", donation.name), 1)
		# Processing it again neither submits nor alerts twice.
		self.assertEqual(reprocess(event_id), "Processed")
		self.assertEqual(frappe.db.get_value("LPN Donation", donation.name, "docstatus"), 0)
		self.assertEqual(emails_about("LPN Donation", donation.name), 1)

	def test_expired_or_failed_checkout_is_noted_and_leaves_the_draft(self):
		donation = make_stripe_donation(amount=800)
		self.assertEqual(run(for_donation(donation.name, "checkout_session_expired"))[0], "Processed")
		failed = for_donation(donation.name, "checkout_session_async_payment_failed")
		self.assertEqual(run(failed)[0], "Processed")
		self.assertEqual(frappe.db.get_value("LPN Donation", donation.name, "docstatus"), 0)
		for text in ("%expired%", "%payment failed%"):
			self.assertTrue(
				frappe.db.exists("Comment", {"reference_name": donation.name, "content": ("like", text)})
			)

	def test_payment_link_payment_creates_a_donor_flagged_for_review(self):
		email = f"{random_string(8).lower()}@example.org"
		event = link_payment(email, name="Somchai Link")
		pi = payment_of(event)
		status, event_id = run(event)
		self.assertEqual(status, "Processed")
		donation = frappe.get_doc("LPN Donation", {"stripe_payment_intent": pi})
		self.assertEqual((donation.docstatus, donation.amount, donation.payment_reference), (1, 2000, pi))
		donor = frappe.get_doc("LPN Donor", donation.donor)
		self.assertEqual((donor.email, donor.donor_name, donor.needs_review), (email, "Somchai Link", 1))
		# The same event again records nothing new.
		self.assertEqual(reprocess(event_id), "Processed")
		self.assertEqual(frappe.db.count("LPN Donation", {"donor": donor.name}), 1)

	def test_payment_link_payment_from_a_known_donor_is_theirs(self):
		donor = make_donor(email="known.giver@example.org")
		event = link_payment("Known.Giver@Example.org ", name="K. Giver")
		pi = payment_of(event)
		self.assertEqual(run(event)[0], "Processed")
		self.assertEqual(
			frappe.db.get_value("LPN Donation", {"stripe_payment_intent": pi}, "donor"), donor.name
		)
		self.assertEqual(frappe.db.get_value("LPN Donor", donor.name, "needs_review"), 0)


class TestRecurringPayments(StripeProcessingCase):
	def end_state(self, gift) -> dict:
		gift.reload()
		donations = frappe.get_all(
			"LPN Donation",
			filters={"recurring_donation": gift.name, "docstatus": 1},
			fields=["amount", "stripe_invoice", "stripe_payment_intent", "payment_reference", "status"],
		)
		return {
			"status": gift.status,
			"subscription": gift.stripe_subscription,
			"customer": gift.stripe_customer,
			"received": gift.received_count,
			"donations": donations,
		}

	def test_invoice_before_checkout_gives_the_same_end_state(self):
		states = []
		for invoice_first in (False, True):
			gift = make_pending_recurring(amount=1000)
			subscription, invoice = uid("sub_t"), uid("in_t")
			session = subscription_session(gift, subscription, invoice)
			paid = invoice_event(gift.name, invoice, subscription, billing_reason="subscription_create")
			paid["data"]["object"]["customer"] = "cus_tmonthly"
			for event in (paid, session) if invoice_first else (session, paid):
				self.assertEqual(run(event)[0], "Processed")
			state = self.end_state(gift)
			# Ids differ between the two runs by construction; each must be the run's own.
			self.assertEqual(state.pop("subscription"), subscription)
			for row in state["donations"]:
				self.assertTrue(row.pop("stripe_payment_intent"))
				self.assertEqual(
					(row.pop("stripe_invoice"), row.pop("payment_reference")), (invoice, invoice)
				)
			states.append(state)
		self.assertEqual(states[0], states[1])
		self.assertEqual(states[0]["status"], "Active")
		self.assertEqual(len(states[0]["donations"]), 1)
		self.assertEqual(states[0]["customer"], "cus_tmonthly")

	def test_renewal_is_recorded_once_per_invoice(self):
		gift = make_pending_recurring(amount=1000)
		subscription, invoice = uid("sub_t"), uid("in_t")
		run(subscription_session(gift, subscription, uid("in_t")))
		first, event_id = run(invoice_event(gift.name, invoice, subscription))
		legacy = load_event(
			"invoice_paid_legacy", object_overrides={"id": invoice, "subscription": subscription}
		)
		self.assertEqual((first, run(legacy)[0], reprocess(event_id)), ("Processed",) * 3)
		donations = frappe.get_all(
			"LPN Donation", filters={"stripe_invoice": invoice}, fields=["name", "docstatus", "amount"]
		)
		self.assertEqual(len(donations), 1)
		self.assertEqual((donations[0].docstatus, donations[0].amount), (1, 1000))
		self.assertEqual(frappe.db.get_value("LPN Recurring Donation", gift.name, "received_count"), 1)

	def test_a_zero_invoice_records_no_donation(self):
		gift = make_pending_recurring(amount=1000)
		invoice = uid("in_t")
		free = invoice_event(gift.name, invoice, uid("sub_t"), amount_paid=0)
		self.assertEqual(run(free)[0], "Ignored")
		self.assertFalse(frappe.db.exists("LPN Donation", {"stripe_invoice": invoice}))

	def test_failed_invoice_is_noted_on_the_gift(self):
		gift = make_pending_recurring(amount=1000)
		subscription = uid("sub_t")
		run(subscription_session(gift, subscription, uid("in_t")))
		event = load_event("invoice_payment_failed", object_overrides={"id": uid("in_t")})
		event["data"]["object"]["parent"]["subscription_details"]["subscription"] = subscription
		event["data"]["object"]["parent"]["subscription_details"]["metadata"] = {}
		self.assertEqual(run(event)[0], "Processed")
		self.assertTrue(
			frappe.db.exists(
				"Comment", {"reference_name": gift.name, "content": ("like", "%could not collect%")}
			)
		)

	def test_subscription_updates_and_deletion_follow_stripe(self):
		gift = make_pending_recurring(amount=1000)
		subscription = uid("sub_t")
		run(subscription_session(gift, subscription, uid("in_t")))
		meta = {"lpn_doctype": "LPN Recurring Donation", "lpn_name": gift.name}
		paused = load_event(
			"customer_subscription_updated",
			object_overrides={"id": subscription, "metadata": meta, "status": "paused"},
		)
		self.assertEqual(run(paused)[0], "Processed")
		self.assertEqual(frappe.db.get_value("LPN Recurring Donation", gift.name, "status"), "Paused")
		deleted = load_event(
			"customer_subscription_deleted", object_overrides={"id": subscription, "metadata": {}}
		)
		self.assertEqual(run(deleted)[0], "Processed")
		self.assertEqual(frappe.db.get_value("LPN Recurring Donation", gift.name, "status"), "Cancelled")
		# A late "active" update never revives a cancelled gift.
		late = load_event(
			"customer_subscription_updated", object_overrides={"id": subscription, "metadata": meta}
		)
		run(late)
		self.assertEqual(frappe.db.get_value("LPN Recurring Donation", gift.name, "status"), "Cancelled")

	def test_invoice_for_a_gift_of_the_app_that_is_not_there_fails_and_is_retried_later(self):
		"""The subscription's metadata names an app gift that does not exist (yet): nothing is made from it
		(a subscription started outside the app carries no such metadata; test_stripe_outside)."""
		missing = {"lpn_doctype": "LPN Recurring Donation", "lpn_name": uid("RCG-NOPE-")}
		event = load_event(
			"invoice_paid_legacy",
			object_overrides={
				"id": uid("in_t"),
				"subscription": uid("sub_t"),
				"subscription_details": {"metadata": missing},
			},
		)
		status, event_id = run(event)
		self.assertEqual(status, "Failed")
		row = frappe.get_doc(EVENT, event_id)
		self.assertIn("PaymentNotMatchedError", row.error)
		self.assertEqual(row.attempts, 1)
		self.assertGreater(row.next_retry_on, now_datetime())
		frappe.db.set_value(EVENT, event_id, "next_retry_on", add_to_date(now_datetime(), minutes=-1))
		self.addCleanup(clear_queued, PROCESS_ONE)
		retry_failed_events()
		run_after_commit_hooks()
		self.assertIn(event_id, [job.kwargs["kwargs"]["event_id"] for job in queued_jobs(PROCESS_ONE)])
		self.assertEqual(process_event(event_id), "Failed")
		self.assertEqual(frappe.db.get_value(EVENT, event_id, "attempts"), 2)

	def test_events_whose_job_was_lost_are_drained_again(self):
		clear_queued(DRAIN)  # end-to-end runs, which commit, leave drains queued for the test site
		self.addCleanup(clear_queued, DRAIN)
		event_id = log(load_event("unknown_event"))
		retry_failed_events()
		run_after_commit_hooks()
		self.assertEqual(queued_jobs(DRAIN), [], "a recent Received event is its own drain's to process")
		frappe.db.set_value(EVENT, event_id, "received_on", add_to_date(now_datetime(), hours=-2))
		retry_failed_events()
		run_after_commit_hooks()
		self.assertEqual(len(queued_jobs(DRAIN)), 1)


class TestRefundsAndDisputes(StripeProcessingCase):
	def paid_donation(self, amount=1500):
		pi, charge = uid("pi_t"), uid("ch_t")
		donation = make_stripe_donation(
			submit=True, amount=amount, payment_reference=pi, stripe_payment_intent=pi, stripe_charge=charge
		)
		return donation, pi, charge

	def test_full_refund_cancels_the_donation_and_its_receipt(self):
		donation, pi, charge = self.paid_donation()
		event = for_donation(donation.name, "charge_refunded_full", id=charge, payment_intent=pi)
		status, event_id = run(event)
		self.assertEqual(status, "Processed")
		donation.reload()
		self.assertEqual(
			(donation.docstatus, donation.status, donation.refunded_amount), (2, "Refunded", 1500)
		)
		receipt = frappe.db.get_value(
			"LPN Receipt", donation.receipt, ["status", "cancel_reason"], as_dict=True
		)
		self.assertEqual((receipt.status, receipt.cancel_reason), ("Cancelled", "Refunded in full on Stripe"))
		self.assertEqual((reprocess(event_id), reprocess(event_id)), ("Processed", "Processed"))
		donation.reload()
		self.assertEqual((donation.docstatus, donation.status), (2, "Refunded"))

	def test_partial_refund_is_recorded_and_the_donation_stands(self):
		donation, pi, charge = self.paid_donation()
		event = for_donation(donation.name, "charge_refunded_partial", id=charge, payment_intent=pi)
		status, event_id = run(event)
		self.assertEqual(status, "Processed")
		reprocess(event_id)
		donation.reload()
		self.assertEqual(
			(donation.docstatus, donation.status, donation.refunded_amount), (1, "Partly Refunded", 500)
		)
		notes = frappe.db.count(
			"Comment", {"reference_name": donation.name, "content": ("like", "%Partly refunded%")}
		)
		self.assertEqual(notes, 1)

	def test_dispute_marks_the_donation_and_alerts_once(self):
		donation, pi, charge = self.paid_donation()
		opened = load_event(
			"charge_dispute_created", object_overrides={"charge": charge, "payment_intent": pi}
		)
		status, event_id = run(opened)
		self.assertEqual(status, "Processed")
		reprocess(event_id)
		donation.reload()
		self.assertEqual((donation.status, donation.dispute_status), ("Disputed", "needs_response"))
		self.assertEqual(emails_about("LPN Donation", donation.name), 1)
		recipients = frappe.get_all(
			"Email Queue Recipient",
			filters={
				"parent": (
					"in",
					frappe.get_all("Email Queue", {"reference_name": donation.name}, pluck="name"),
				)
			},
			pluck="recipient",
		)
		self.assertEqual(recipients, [ALERTS])

	def test_dispute_outcome_is_recorded(self):
		donation, pi, charge = self.paid_donation()
		run(load_event("charge_dispute_created", object_overrides={"charge": charge, "payment_intent": pi}))
		won = load_event(
			"charge_dispute_closed",
			object_overrides={"charge": charge, "payment_intent": pi, "status": "won"},
		)
		self.assertEqual(run(won)[0], "Processed")
		donation.reload()
		self.assertEqual((donation.status, donation.dispute_status), ("Paid", "won"))
		other, pi2, charge2 = self.paid_donation()
		lost = load_event(
			"charge_dispute_closed", object_overrides={"charge": charge2, "payment_intent": pi2}
		)
		self.assertEqual(run(lost)[0], "Processed")
		other.reload()
		self.assertEqual((other.dispute_status, other.needs_review), ("lost", 1))


class TestEventLog(StripeProcessingCase):
	def test_unknown_event_types_are_ignored(self):
		self.assertEqual(run(load_event("unknown_event"))[0], "Ignored")

	def test_an_unreadable_event_fails_for_good(self):
		event = load_event("unknown_event")
		del event["data"]
		status, event_id = run(event)
		row = frappe.get_doc(EVENT, event_id)
		self.assertEqual((status, row.next_retry_on), ("Failed", None))
		self.assertIn("StripeEventError", row.error)

	def test_a_handler_error_leaves_no_half_done_records(self):
		donation = make_stripe_donation(amount=1500)
		event = for_donation(donation.name, "checkout_session_completed_payment", payment_intent=uid("pi_t"))
		on_submit = "lpn_crm.fundraising.doctype.lpn_donation.lpn_donation.LPNDonation.on_submit"
		with patch(on_submit, side_effect=RuntimeError("boom")):
			status, event_id = run(event)
		self.assertEqual(status, "Failed")
		self.assertEqual(frappe.db.get_value("LPN Donation", donation.name, "docstatus"), 0)
		row = frappe.get_doc(EVENT, event_id)
		self.assertIn("boom", row.error)
		self.assertTrue(row.next_retry_on)
		# Once the cause is gone, the retry completes the gift.
		self.assertEqual(process_event(event_id), "Processed")
		self.assertEqual(frappe.db.get_value("LPN Donation", donation.name, "docstatus"), 1)

	def test_live_events_are_ignored_on_a_test_mode_site(self):
		donation = make_stripe_donation(amount=1500)
		event = for_donation(donation.name, "checkout_session_completed_payment", payment_intent=uid("pi_t"))
		event["livemode"] = True
		self.assertEqual(run(event)[0], "Ignored")
		self.assertEqual(frappe.db.get_value("LPN Donation", donation.name, "docstatus"), 0)

	def test_a_done_event_is_not_processed_again_by_the_job(self):
		donation = make_stripe_donation(amount=1500)
		status, event_id = run(
			for_donation(donation.name, "checkout_session_completed_payment", payment_intent=uid("pi_t"))
		)
		self.assertEqual((status, process_event(event_id)), ("Processed", "Processed"))
		self.assertEqual(frappe.db.get_value(EVENT, event_id, "attempts"), 1)

	def test_reprocess_is_for_fundraising_managers(self):
		_, event_id = run(load_event("unknown_event"))
		make_user("pay.staff@example.org", "LPN Fundraising User")
		make_user("pay.manager@example.org", "LPN Fundraising Manager")
		try:
			frappe.set_user("pay.staff@example.org")
			with self.assertRaises(frappe.PermissionError):
				reprocess(event_id)
			frappe.set_user("pay.manager@example.org")
			self.assertEqual(reprocess(event_id), "Ignored")
		finally:
			frappe.set_user("Administrator")
