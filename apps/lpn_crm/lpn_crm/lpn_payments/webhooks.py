"""Receiving Stripe webhooks: verify the signature, log the event once, hand it to a background job.

Nothing here decides what an event means (that is processing.py); the endpoint must answer Stripe within
seconds, so it only verifies, records and asks for a drain of the log.
"""

import json
from functools import wraps

import frappe
import stripe
from frappe.utils import now_datetime
from werkzeug.wrappers import Response

from lpn_crm.lpn_payments.settings import secret

EVENT = "LPN Stripe Event"
# Stripe's own default: a signature older than five minutes is a replay.
SIGNATURE_TOLERANCE = 300


def receive(payload: bytes, signature: str | None) -> tuple[int, dict]:
	"""(HTTP status, JSON body) for one webhook delivery. Writes a row only for a verified event.

	400 always means the request is not a verified Stripe event: what `rate_limit_unverified` counts."""
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
		request_drain()
	return 200, {"received": True, "duplicate": not is_new}


# Requests that fail verification, per address and minute, before the next ones get 429. Stripe's own
# deliveries verify, so this never slows them; a flood of forged or unsigned requests is cut short.
UNVERIFIED_LIMIT = 100
UNVERIFIED_WINDOW = 60


def rate_limit_unverified(fn):
	"""Rate-limit the webhook endpoint `fn` by what fails verification only (its 400 answers), per address.

	A delivery with a valid signature is never refused for rate, however many come (a retry wave after an
	outage, an appeal going viral). The failures are counted in Redis in a window of UNVERIFIED_WINDOW
	seconds; once an address passes UNVERIFIED_LIMIT in it, its failures are answered 429 with Retry-After.
	"""

	@wraps(fn)
	def wrapper(*args, **kwargs):
		response = fn(*args, **kwargs)
		if response.status_code != 400:
			return response
		failures, retry_after = _count_unverified(frappe.local.request_ip or "unknown")
		if failures <= UNVERIFIED_LIMIT:
			return response
		return Response(
			json.dumps({"error": "too many requests that failed verification"}),
			status=429,
			mimetype="application/json",
			headers={"Retry-After": str(max(retry_after, 1))},
		)

	return wrapper


def _count_unverified(address: str) -> tuple[int, int]:
	"""This failure counted: (failures of the address in the current window, seconds the window has left)."""
	key = frappe.cache.make_key(f"lpn-stripe-unverified:{address}")
	pipeline = frappe.cache.pipeline()
	pipeline.set(key, 0, ex=UNVERIFIED_WINDOW, nx=True)
	pipeline.incr(key)
	pipeline.ttl(key)
	_, failures, ttl = pipeline.execute()
	return int(failures), int(ttl)


def _is_event(event: object) -> bool:
	return (
		isinstance(event, dict)
		and isinstance(event.get("id"), str)
		and event["id"].startswith("evt_")
		and isinstance(event.get("type"), str)
	)


def record(event: dict, payload: bytes | str) -> bool:
	"""Log the event; False when this event id is already logged (Stripe delivers at least once).

	One INSERT IGNORE on the primary key (the Stripe event id) is the whole write: two deliveries of one
	event racing each other still leave one row, and the request does no read before it. The row has no
	controller logic to run, so the Document machinery is skipped on this hot path.
	"""
	now = now_datetime()
	user = frappe.session.user
	frappe.db.sql(
		"""insert ignore into `tabLPN Stripe Event`
		(name, event_id, event_type, livemode, status, attempts, received_on, payload,
			creation, modified, owner, modified_by, docstatus, idx)
		values (%(id)s, %(id)s, %(type)s, %(livemode)s, 'Received', 0, %(now)s, %(payload)s,
			%(now)s, %(now)s, %(user)s, %(user)s, 0, 0)""",
		{
			"id": event["id"],
			"type": event["type"],
			"livemode": int(bool(event.get("livemode"))),
			"now": now,
			"payload": payload.decode("utf-8") if isinstance(payload, bytes) else payload,
			"user": user,
		},
	)
	return frappe.db._cursor.rowcount == 1


def enqueue_processing(event_id: str) -> None:
	"""One event's own job: for retries and staff, who want that one event looked at now."""
	frappe.enqueue(
		"lpn_crm.lpn_payments.processing.process_event_job",
		queue="short",
		job_id=f"lpn-stripe-{event_id}",
		deduplicate=True,
		enqueue_after_commit=True,
		event_id=event_id,
	)


# Which drain job a delivery asks for: a new number each time a drain starts. Deliveries while drain N is
# queued all ask for drain N, which `deduplicate` turns into one job; a delivery after drain N started asks
# for drain N + 1, since N may already have read the log.
DRAIN_GENERATION = "lpn-stripe-drain-generation"


def request_drain() -> None:
	"""After this transaction commits, make sure a drain job will read the event log after that commit.

	A burst of deliveries costs one job, not one per event (an RQ worker forks for every job). The job is
	asked for after the commit, with the generation read then: asked for before, a drain starting in between
	could read the log without this row and still count as the job asked for.
	"""
	frappe.db.after_commit.add(_enqueue_drain)


def _enqueue_drain() -> None:
	generation = int(frappe.cache.get(frappe.cache.make_key(DRAIN_GENERATION)) or 0)
	frappe.enqueue(
		"lpn_crm.lpn_payments.processing.drain_job",
		queue="short",
		job_id=f"lpn-stripe-drain-{generation}",
		deduplicate=True,
	)


def drain_started() -> None:
	"""The drain job moves the generation on before it reads the log: later deliveries need a new drain."""
	frappe.cache.incr(frappe.cache.make_key(DRAIN_GENERATION))
