"""Processing logged Stripe events: a drain job reads the log in batches; retries with backoff; reprocessing.

Every logged event ends Processed, Ignored or Failed (with the error kept on the row). What an event does to
LPN's records is in records.py (one event) and gifts.py (a batch's plain new gifts); this module runs them
safely and keeps the log honest.
"""

import json
import time
import traceback

import frappe
from frappe import _
from frappe.utils import add_to_date, now_datetime

from lpn_crm.access import FUNDRAISING_MANAGERS, staff_only
from lpn_crm.domain import stripe_events as se
from lpn_crm.domain.retry import next_retry_at
from lpn_crm.fundraising import bulk
from lpn_crm.lpn_payments import gifts, records
from lpn_crm.lpn_payments.exceptions import StripeEventNotFoundError
from lpn_crm.lpn_payments.settings import get_settings
from lpn_crm.lpn_payments.webhooks import EVENT, drain_started, enqueue_processing, request_drain

RECEIVED, PROCESSED, IGNORED, FAILED = "Received", "Processed", "Ignored", "Failed"
DONE = (PROCESSED, IGNORED)
RETRY_BATCH = 500
SAVEPOINT = "lpn_stripe_event"
BATCH_SAVEPOINT = "lpn_stripe_batch"
# Events read, handled and committed together. A batch is one transaction: big enough that a burst costs
# few commits and few statements per event, small enough that its row locks are held for well under a second.
BATCH_SIZE = 100
# A drain hands over to a fresh job after this long, well inside the short queue's 300 s job timeout.
DRAIN_SECONDS = 200

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


def drain_job() -> int:
	"""Job entry: process the log's Received events, oldest first, a committed batch at a time, until none
	is left (or the time is up: then another drain job carries on). Returns how many events it processed."""
	drain_started()
	frappe.set_user("Administrator")
	deadline = time.monotonic() + DRAIN_SECONDS
	done = 0
	while count := process_pending():
		frappe.db.commit()  # nosemgrep: a background job, one transaction per batch
		done += count
		if time.monotonic() > deadline:
			request_drain()
			frappe.db.commit()  # nosemgrep: runs the after-commit hook that queues the next drain
			break
	return done


def process_pending(limit: int = BATCH_SIZE) -> int:
	"""Process up to `limit` Received events, oldest first, as one batch; returns how many it took.

	Rows another drain holds are skipped, not waited for, so two workers never handle one event. The batch's
	plain new gifts are recorded together (gifts.py); every other event, and any the batch path hands back,
	then goes through `process_event` one by one, in the order received.
	"""
	rows = frappe.db.sql(
		"""select name, payload, attempts from `tabLPN Stripe Event` where status = %(status)s
		order by received_on, name limit %(limit)s for update skip locked""",
		{"status": RECEIVED, "limit": limit},
		as_dict=True,
	)
	one_by_one = [row.name for row in rows]
	candidates = {}
	for row in rows:
		fact = _parse_quietly(row.payload)
		if fact and gifts.is_candidate(fact) and _mode_matches(fact):
			candidates[row.name] = fact
	if candidates:
		frappe.db.savepoint(BATCH_SAVEPOINT)
		try:
			outcomes = gifts.record(candidates)
		except Exception:
			# Whatever failed (a payment recorded twice, a lock wait) is found and logged event by event.
			_undo_handler_changes(BATCH_SAVEPOINT)
			_report_fallback(list(candidates))
			outcomes = {}
		_log_outcomes(outcomes, attempts_before={row.name: row.attempts or 0 for row in rows})
		one_by_one = [name for name in one_by_one if name not in outcomes]
	for name in one_by_one:
		process_event(name)
	return len(rows)


def _report_fallback(events: list[str]) -> None:
	"""A batch went back to one-by-one processing: an Error Log naming its first event, with what failed, and
	a count on each of its events. Written after the rollback to the batch's savepoint, so both stay."""
	frappe.log_error(
		title=_("Stripe batch of {0} events from {1} fell back to one-by-one processing").format(
			len(events), events[0]
		),
		reference_doctype=EVENT,
		reference_name=events[0],
	)
	frappe.db.sql(
		"""update `tabLPN Stripe Event` set batch_fallbacks = batch_fallbacks + 1 where name in %(events)s""",
		{"events": tuple(events)},
	)


def _parse_quietly(payload: str | None) -> se.StripeFact | None:
	"""The event's fact, or None for a payload the one-event path must fail with its error."""
	try:
		return se.parse_event(json.loads(payload or "null"))
	except (ValueError, se.StripeEventError):
		return None


def _mode_matches(fact: se.StripeFact) -> bool:
	mode = get_settings().mode
	return not mode or fact.livemode == (mode == "Live")


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
		_undo_handler_changes(SAVEPOINT)
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
	_log_outcomes({row.name: (status, ref_doctype, ref_name)}, attempts_before={row.name: row.attempts or 0})
	return status


def _log_outcomes(outcomes: dict[str, records.Outcome], attempts_before: dict[str, int]) -> None:
	"""Each event row says how it ended and what it is about ({event: outcome}), in one statement for a batch;
	a reference a row had is kept if none is new."""
	now = now_datetime()
	rows = {}
	for event_id, (status, ref_doctype, ref_name) in outcomes.items():
		values = {"status": status, "attempts": attempts_before[event_id] + 1, "error": None}
		values.update(processed_on=now, next_retry_on=None, modified=now)
		if ref_doctype:
			values["reference_doctype"] = ref_doctype
		if ref_name:
			values["reference_name"] = ref_name
		rows[event_id] = values
	bulk.update_rows(EVENT, rows)


def _undo_handler_changes(savepoint: str) -> None:
	try:
		frappe.db.rollback(save_point=savepoint)
	except Exception:
		# A deadlock makes MariaDB roll the whole transaction back, savepoint included.
		frappe.db.rollback()


def handle(event: object) -> records.Outcome:
	"""(status, reference doctype, reference name) for one JSON-decoded event; raises on what must be retried."""
	fact = se.parse_event(event)
	if not _mode_matches(fact):
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
	drain the log again if events are still Received an hour on (Redis restarted, a worker killed mid-job)."""
	now = now_datetime()
	due = frappe.get_all(
		EVENT,
		filters={"status": FAILED, "next_retry_on": ("<=", now)},
		pluck="name",
		order_by="received_on asc",
		limit=RETRY_BATCH,
	)
	for event_id in due:
		enqueue_processing(event_id)
	if frappe.db.exists(EVENT, {"status": RECEIVED, "received_on": ("<", add_to_date(now, hours=-1))}):
		request_drain()


@frappe.whitelist(methods=["POST"])
@staff_only(*FUNDRAISING_MANAGERS)
def reprocess(event_id: str) -> str:
	"""Run a logged event through processing again (Fundraising Manager); the outcome never doubles up."""
	return process_event(event_id, force=True)
