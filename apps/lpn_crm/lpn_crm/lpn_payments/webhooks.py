"""Receiving Stripe webhooks: verify the signature, log the event once, hand it to a background job.

Nothing here decides what an event means (that is processing.py); the endpoint must answer Stripe within
seconds, so it only verifies, records and enqueues.
"""

import json

import frappe
import stripe
from frappe.utils import now_datetime

from lpn_crm.lpn_payments.settings import secret

EVENT = "LPN Stripe Event"
# Stripe's own default: a signature older than five minutes is a replay.
SIGNATURE_TOLERANCE = 300


def receive(payload: bytes, signature: str | None) -> tuple[int, dict]:
	"""(HTTP status, JSON body) for one webhook delivery. Writes a row only for a verified event."""
	webhook_secret = secret("webhook_secret")
	if not webhook_secret:
		# 503, not 400: Stripe keeps retrying for three days, so nothing is lost while staff set the secret.
		return 503, {"error": "webhook secret not configured"}
	if not signature:
		return 400, {"error": "missing Stripe-Signature header"}
	try:
		stripe.Webhook.construct_event(payload, signature, webhook_secret, tolerance=SIGNATURE_TOLERANCE)
	except stripe.SignatureVerificationError:
		return 400, {"error": "invalid signature"}
	except ValueError:
		# json.JSONDecodeError and UnicodeDecodeError: a body that is not a JSON document.
		return 400, {"error": "invalid payload"}
	event = json.loads(payload)
	if not _is_event(event):
		return 400, {"error": "not a Stripe event"}
	is_new = record(event, payload)
	if is_new:
		enqueue_processing(event["id"])
	return 200, {"received": True, "duplicate": not is_new}


def _is_event(event: object) -> bool:
	return (
		isinstance(event, dict)
		and isinstance(event.get("id"), str)
		and event["id"].startswith("evt_")
		and isinstance(event.get("type"), str)
	)


def record(event: dict, payload: bytes | str) -> bool:
	"""Log the event; False when this event id is already logged (Stripe delivers at least once)."""
	if frappe.db.exists(EVENT, event["id"]):
		return False
	text = payload.decode("utf-8") if isinstance(payload, bytes) else payload
	doc = frappe.get_doc(
		{
			"doctype": EVENT,
			"event_id": event["id"],
			"event_type": event["type"],
			"livemode": int(bool(event.get("livemode"))),
			"status": "Received",
			"attempts": 0,
			"received_on": now_datetime(),
			"payload": text,
		}
	)
	# Two deliveries of one event racing past the exists() check: the primary key keeps one row.
	doc.insert(ignore_permissions=True, ignore_if_duplicate=True)
	return True


def enqueue_processing(event_id: str) -> None:
	frappe.enqueue(
		"lpn_crm.lpn_payments.processing.process_event_job",
		queue="short",
		job_id=f"lpn-stripe-{event_id}",
		deduplicate=True,
		enqueue_after_commit=True,
		event_id=event_id,
	)
