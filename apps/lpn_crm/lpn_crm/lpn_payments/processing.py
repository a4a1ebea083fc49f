"""Processing logged Stripe events: one background job per event, retries with backoff, reprocessing.

Every logged event ends Processed, Ignored or Failed (with the error kept on the row). What an event does to
LPN's records is in records.py; this module runs it safely and keeps the log honest.
"""

import json
import traceback

import frappe
from frappe import _
from frappe.utils import add_to_date, now_datetime

from lpn_crm.domain import stripe_events as se
from lpn_crm.domain.retry import next_retry_at
from lpn_crm.lpn_payments import records
from lpn_crm.lpn_payments.exceptions import StripeEventNotFoundError
from lpn_crm.lpn_payments.settings import get_settings
from lpn_crm.lpn_payments.webhooks import EVENT, enqueue_processing
from lpn_crm.setup.roles import FUNDRAISING_MANAGER

RECEIVED, PROCESSED, IGNORED, FAILED = "Received", "Processed", "Ignored", "Failed"
DONE = (PROCESSED, IGNORED)
RETRY_BATCH = 500
SAVEPOINT = "lpn_stripe_event"
REPROCESS_ROLES = (FUNDRAISING_MANAGER, "System Manager")

HANDLERS = {
	se.PAYMENT_SUCCEEDED: records.payment_succeeded,
	se.PAYMENT_PENDING: records.payment_pending,
	se.PAYMENT_FAILED: records.checkout_not_paid,
	se.CHECKOUT_EXPIRED: records.checkout_not_paid,
	se.INVOICE_PAID: records.invoice_paid,
	se.INVOICE_FAILED: records.invoice_failed,
	se.SUBSCRIPTION_UPDATED: records.subscription_changed,
	se.SUBSCRIPTION_DELETED: records.subscription_changed,
	se.REFUND: records.refunded,
	se.DISPUTE_OPENED: records.dispute_opened,
	se.DISPUTE_CLOSED: records.dispute_closed,
}


def process_event_job(event_id: str) -> str:
	"""Background job entry. The webhook enqueues it as Guest; the records it writes are the system's."""
	frappe.set_user("Administrator")
	return process_event(event_id)


def process_event(event_id: str, force: bool = False) -> str:
	"""Process one logged event and return its final status. A done row is left alone unless `force`.

	Handler errors never escape: the records' changes are rolled back to a savepoint and the row ends Failed
	with the error and the time of its next retry.
	"""
	if not frappe.db.exists(EVENT, event_id):
		frappe.throw(_("No Stripe event {0} is logged").format(event_id), StripeEventNotFoundError)
	row = frappe.get_doc(EVENT, event_id, for_update=True)
	if row.status in DONE and not force:
		return row.status
	attempts = (row.attempts or 0) + 1
	frappe.db.savepoint(SAVEPOINT)
	try:
		status, ref_doctype, ref_name = handle(json.loads(row.payload or "null"))
	except Exception as error:
		_undo_handler_changes()
		now = now_datetime()
		# A body that is not a readable event will not become one by waiting.
		permanent = isinstance(error, se.StripeEventError | ValueError) and not isinstance(
			error, frappe.ValidationError
		)
		row.db_set(
			{
				"status": FAILED,
				"attempts": attempts,
				"error": _describe(error),
				"processed_on": now,
				"next_retry_on": None if permanent else next_retry_at(attempts, now),
			}
		)
		return FAILED
	row.db_set(
		{
			"status": status,
			"attempts": attempts,
			"error": None,
			"processed_on": now_datetime(),
			"next_retry_on": None,
			"reference_doctype": ref_doctype or row.reference_doctype,
			"reference_name": ref_name or row.reference_name,
		}
	)
	return status


def _undo_handler_changes() -> None:
	try:
		frappe.db.rollback(save_point=SAVEPOINT)
	except Exception:
		# A deadlock makes MariaDB roll the whole transaction back, savepoint included.
		frappe.db.rollback()


def handle(event: object) -> records.Outcome:
	"""(status, reference doctype, reference name) for one JSON-decoded event; raises on what must be retried."""
	fact = se.parse_event(event)
	mode = get_settings().mode
	if mode and fact.livemode != (mode == "Live"):
		# A test-mode event on a live site (or the reverse) must never touch real records.
		return IGNORED, None, None
	handler = HANDLERS.get(fact.kind)
	if handler is None:
		return IGNORED, None, None
	return handler(fact)


def _describe(error: Exception) -> str:
	if isinstance(error, frappe.ValidationError | se.StripeEventError):
		return f"{type(error).__name__}: {error}"
	return "".join(traceback.format_exception(error))[-10000:]


def retry_failed_events() -> None:
	"""Scheduler entry: re-enqueue failed events whose retry time has come (backoff in domain.retry), and
	events still Received an hour on, whose job was lost (Redis restarted, a worker killed mid-job)."""
	now = now_datetime()
	due = frappe.get_all(
		EVENT,
		filters={"status": FAILED, "next_retry_on": ("<=", now)},
		pluck="name",
		order_by="received_on asc",
		limit=RETRY_BATCH,
	)
	stuck = frappe.get_all(
		EVENT,
		filters={"status": RECEIVED, "received_on": ("<", add_to_date(now, hours=-1))},
		pluck="name",
		order_by="received_on asc",
		limit=RETRY_BATCH,
	)
	for event_id in due + stuck:
		enqueue_processing(event_id)


@frappe.whitelist(methods=["POST"])
def reprocess(event_id: str) -> str:
	"""Run a logged event through processing again (Fundraising Manager); the outcome never doubles up."""
	# Not frappe.only_for: it lets everyone through in tests, and this check must be tested.
	if set(REPROCESS_ROLES).isdisjoint(frappe.get_roles()):
		raise frappe.PermissionError(_("Only a Fundraising Manager may reprocess Stripe events"))
	return process_event(event_id, force=True)
