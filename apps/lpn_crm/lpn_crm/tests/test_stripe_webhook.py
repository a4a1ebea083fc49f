import json
import time

import frappe
from frappe.tests.utils import FrappeTestCase
from werkzeug.test import EnvironBuilder

from lpn_crm.api.stripe import webhook
from lpn_crm.lpn_payments.client import stripe_client
from lpn_crm.lpn_payments.exceptions import InvalidStripeKeyError
from lpn_crm.lpn_payments.webhooks import drain_started
from lpn_crm.tests.factories import STRIPE_WEBHOOK_SECRET, configure_stripe
from lpn_crm.tests.queue_helpers import clear_queued, queued_jobs, run_after_commit_hooks
from lpn_crm.tests.stripe_stub import StripeStub, load_event, make_event, sign_payload

EVENT = "LPN Stripe Event"


def deliver(body: bytes, signature: str | None):
	"""Call the webhook endpoint as a request from Stripe would: raw body and Stripe-Signature header."""
	headers = {"Content-Type": "application/json"}
	if signature is not None:
		headers["Stripe-Signature"] = signature
	request = EnvironBuilder(
		method="POST", path="/api/method/lpn_crm.api.stripe.webhook", data=body, headers=headers
	).get_request()
	saved = getattr(frappe.local, "request", None), getattr(frappe.local, "request_ip", None)
	frappe.local.request, frappe.local.request_ip = request, "127.0.0.1"
	try:
		response = webhook()
	finally:
		frappe.local.request, frappe.local.request_ip = saved
	return response.status_code, json.loads(response.get_data())


def signed(event: dict, secret: str = STRIPE_WEBHOOK_SECRET, timestamp: int | None = None):
	body = json.dumps(event).encode()
	return body, sign_payload(body, secret, timestamp=timestamp)


def fresh_event() -> dict:
	return make_event(
		"checkout.session.completed", load_event("checkout_session_completed_payment")["data"]["object"]
	)


class TestStripeSettings(FrappeTestCase):
	def tearDown(self):
		frappe.clear_document_cache("LPN Stripe Settings", "LPN Stripe Settings")

	def test_mode_is_read_from_the_secret_key(self):
		self.assertEqual(
			configure_stripe(secret_key="sk_live_abc", publishable_key="pk_live_abc").mode, "Live"
		)
		self.assertEqual(configure_stripe().mode, "Test")
		# Saving again without retyping the password keeps the stored key's mode.
		settings = frappe.get_single("LPN Stripe Settings")
		settings.save(ignore_permissions=True)
		self.assertEqual(settings.mode, "Test")

	def test_publishable_key_in_the_secret_field_is_refused(self):
		with self.assertRaises(InvalidStripeKeyError):
			configure_stripe(secret_key="pk_test_abc")
		with self.assertRaises(InvalidStripeKeyError):
			configure_stripe(secret_key="sk_live_abc", publishable_key="pk_test_abc")

	def test_client_uses_the_configured_key_and_the_site_config_base(self):
		configure_stripe(secret_key="sk_test_configured")
		with StripeStub(api_key="sk_test_configured") as stub:
			frappe.local.conf.stripe_api_base = stub.url
			try:
				stripe_client().v1.customers.list(params={"email": "a@example.org"})
			finally:
				frappe.local.conf.pop("stripe_api_base", None)
			self.assertEqual(stub.requests[-1].api_key, "sk_test_configured")
			self.assertEqual(stub.requests[-1].status, 200)


DRAIN = "lpn_crm.lpn_payments.processing.drain_job"


class TestStripeWebhook(FrappeTestCase):
	def setUp(self):
		configure_stripe()
		clear_queued(DRAIN)
		self.addCleanup(clear_queued, DRAIN)

	def committed(self) -> list:
		"""The drain jobs this test's deliveries would have queued once committed."""
		run_after_commit_hooks()
		return queued_jobs(DRAIN)

	def tearDown(self):
		frappe.clear_document_cache("LPN Stripe Settings", "LPN Stripe Settings")

	def test_signed_event_is_logged_and_a_drain_is_queued_after_commit(self):
		event = fresh_event()
		status, body = deliver(*signed(event))
		self.assertEqual(status, 200)
		self.assertEqual(body, {"received": True, "duplicate": False})
		row = frappe.get_doc(EVENT, event["id"])
		self.assertEqual(
			(row.event_type, row.status, row.livemode), ("checkout.session.completed", "Received", 0)
		)
		self.assertEqual(json.loads(row.payload)["id"], event["id"])
		self.assertEqual(queued_jobs(DRAIN), [], "nothing is queued before the event row is committed")
		self.assertEqual(len(self.committed()), 1)

	def test_a_burst_of_deliveries_queues_one_drain_until_it_starts(self):
		for _ in range(3):
			self.assertEqual(deliver(*signed(fresh_event()))[0], 200)
		self.assertEqual(len(self.committed()), 1)
		deliver(*signed(fresh_event()))
		self.assertEqual(len(self.committed()), 1, "the queued drain has not started: it will read this one")
		drain_started()
		deliver(*signed(fresh_event()))
		self.assertEqual(len(self.committed()), 2, "after the drain started, a new event needs a new drain")

	def test_wrong_or_missing_signature_is_refused_and_not_logged(self):
		event = fresh_event()
		body, _ = signed(event)
		for signature in (sign_payload(body, "whsec_someone_else"), None, "t=1,v1=deadbeef"):
			status, answer = deliver(body, signature)
			self.assertEqual(status, 400)
			self.assertIn("error", answer)
		self.assertFalse(frappe.db.exists(EVENT, event["id"]))
		self.assertEqual(self.committed(), [])

	def test_stale_timestamp_is_refused(self):
		event = fresh_event()
		status, answer = deliver(*signed(event, timestamp=int(time.time()) - 600))
		self.assertEqual((status, answer), (400, {"error": "invalid signature"}))
		self.assertFalse(frappe.db.exists(EVENT, event["id"]))

	def test_non_json_and_truncated_bodies_are_refused(self):
		garbage = b"not json at all"
		self.assertEqual(deliver(garbage, sign_payload(garbage, STRIPE_WEBHOOK_SECRET))[0], 400)
		event = fresh_event()
		body, signature = signed(event)
		self.assertEqual(deliver(body[: len(body) // 2], signature)[0], 400)
		# Signed by the right secret but cut short before signing: not JSON, still refused.
		cut = body[:-5]
		self.assertEqual(
			deliver(cut, sign_payload(cut, STRIPE_WEBHOOK_SECRET)), (400, {"error": "invalid payload"})
		)
		self.assertFalse(frappe.db.exists(EVENT, event["id"]))
		# Signed JSON that is not an event (no evt_ id): refused too.
		not_event = json.dumps({"id": "prod_1", "type": "x"}).encode()
		self.assertEqual(deliver(not_event, sign_payload(not_event, STRIPE_WEBHOOK_SECRET))[0], 400)
		self.assertFalse(frappe.db.exists(EVENT, "prod_1"))

	def test_duplicate_delivery_is_a_no_op(self):
		event = fresh_event()
		first = deliver(*signed(event))
		self.assertEqual(len(self.committed()), 1)
		drain_started()  # that drain is running: only a new event would need another
		second = deliver(*signed(event))
		self.assertEqual(first, (200, {"received": True, "duplicate": False}))
		self.assertEqual(second, (200, {"received": True, "duplicate": True}))
		self.assertEqual(frappe.db.count(EVENT, {"event_id": event["id"]}), 1)
		self.assertEqual(len(self.committed()), 1)

	def test_no_secret_configured_answers_503_so_stripe_retries(self):
		frappe.db.set_single_value("LPN Stripe Settings", "webhook_secret", None)
		frappe.db.delete("__Auth", {"doctype": "LPN Stripe Settings", "fieldname": "webhook_secret"})
		event = fresh_event()
		self.assertEqual(deliver(*signed(event))[0], 503)
		self.assertFalse(frappe.db.exists(EVENT, event["id"]))
