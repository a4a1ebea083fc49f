"""The worker that sends the outbox to ERPNext: exactly once, in order per record, in batches.

Exactly once: before inserting, the batch's external ids are looked up remotely (one request per doctype),
so a job whose insert succeeded but whose answer was lost is marked Sent with the document found, never
inserted twice. In order: a job is due only when every earlier job of its record is Sent (a cancel never
overtakes its insert). Failures: an unreachable remote backs off exponentially; a refusal by ERPNext fails
the job at once with ERPNext's message and alerts staff; refused credentials or a missing mapping make jobs
wait with the reason, and saving the settings sends them again.
"""

import json

import frappe
from frappe.utils import now_datetime

from lpn_crm.domain import erpnext_sync as es
from lpn_crm.domain.errors import DomainError
from lpn_crm.fundraising.alerts import alert_staff
from lpn_crm.fundraising.bulk import update_rows
from lpn_crm.i18n import error_message
from lpn_crm.lpn_integrations import remote, settings

JOB = "LPN Sync Job"
PENDING, WAITING, SENT, FAILED = "Pending", "Waiting", "Sent", "Failed"
SYNC_FAILED = "on_sync_failed"
LOCK = "lpn_erpnext_sync"
INSERT_CHUNK = 100
# A Payment Entry whose donor's Customer is not in ERPNext yet is looked at again this soon.
DEFER_SECONDS = 60


def drain() -> int:
	"""The background job: send due jobs batch after batch, each batch committed, until none is due.
	One drain at a time per site (a named database lock); a second one returns at once."""
	if not frappe.db.sql("select get_lock(%s, 0)", (_lock_name(),))[0][0]:
		return 0
	sent = 0
	try:
		while True:
			count = send_due()
			frappe.db.commit()  # nosemgrep: a background job's batches are committed one by one
			if not count:
				break
			sent += count
	finally:
		frappe.db.sql("select release_lock(%s)", (_lock_name(),))
	return sent


def _lock_name() -> str:
	return f"{LOCK}:{frappe.local.site}"


def due_jobs(limit: int, now=None) -> list[dict]:
	"""Pending jobs due now, oldest first, each only when its record has no earlier job still unsent."""
	return frappe.db.sql(
		"""select j.name, j.reference_doctype, j.reference_name, j.action, j.target_doctype, j.external_id,
			j.payload, j.attempts
		from `tabLPN Sync Job` j
		where j.status = 'Pending' and (j.next_retry is null or j.next_retry <= %(now)s)
			and not exists (
				select 1 from `tabLPN Sync Job` e
				where e.reference_doctype = j.reference_doctype and e.reference_name = j.reference_name
					and e.name < j.name and e.status != 'Sent')
		order by j.name
		limit %(limit)s""",
		{"now": now or now_datetime(), "limit": limit},
		as_dict=True,
	)


class Batch:
	"""One batch's outcomes, written back in one UPDATE."""

	def __init__(self, jobs: list[dict], now):
		self.jobs = jobs
		self.now = now
		self.values: dict[str, dict] = {}
		self.failed: list[str] = []
		self.max_attempts = settings.max_attempts()

	def sent(self, job: dict, remote_name: str) -> None:
		self.values[job["name"]] = {
			"status": SENT,
			"remote_name": remote_name,
			"sent_on": self.now,
			"last_error": None,
			"next_retry": None,
		}

	def wait(self, job: dict, reason: str) -> None:
		self.values[job["name"]] = {"status": WAITING, "last_error": reason, "next_retry": None}

	def defer(self, job: dict, reason: str) -> None:
		self.values[job["name"]] = {
			"last_error": reason,
			"next_retry": frappe.utils.add_to_date(self.now, seconds=DEFER_SECONDS),
		}

	def retry_later(self, job: dict, error: str) -> None:
		attempts = int(job["attempts"] or 0) + 1
		when = es.next_retry_at(attempts, self.now, self.max_attempts)
		if when is None:
			self.fail(job, error, attempts)
			return
		self.values[job["name"]] = {"attempts": attempts, "next_retry": when, "last_error": error}

	def fail(self, job: dict, error: str, attempts: int | None = None) -> None:
		self.values[job["name"]] = {
			"status": FAILED,
			"attempts": attempts if attempts is not None else int(job["attempts"] or 0) + 1,
			"last_error": error,
			"next_retry": None,
		}
		self.failed.append(job["name"])

	def open(self, jobs: list[dict]) -> list[dict]:
		return [job for job in jobs if job["name"] not in self.values]

	def write(self) -> None:
		update_rows(JOB, self.values)
		for name in self.failed:
			alert_staff(frappe.get_doc(JOB, name), SYNC_FAILED)


def send_due(limit: int | None = None, now=None, client=None) -> int:
	"""Send one batch of due jobs (no commit: drain commits). Returns how many jobs it settled or tried."""
	now = now or now_datetime()
	jobs = due_jobs(limit or settings.batch_size(), now)
	if not jobs:
		return 0
	jobs = _with_new_customers(jobs) + jobs
	batch = Batch(jobs, now)
	try:
		client = client or remote.client()
		_send(batch, client)
	except es.SyncConfigError as error:
		_wait_all(error_message(error))
		return 0
	except remote.RemoteAuthError as error:
		_wait_all(frappe._("ERPNext refused the API key and secret: {0}").format(error.message))
		return 0
	batch.write()
	return len(jobs)


def _with_new_customers(jobs: list[dict]) -> list[dict]:
	"""Customer jobs for the donors of this batch's gifts and sales that ERPNext has not been sent yet,
	written now and sent first in the batch."""
	from lpn_crm.lpn_integrations import outbox

	donors = set()
	for job in jobs:
		if job["action"] == es.INSERT and job["target_doctype"] != es.CUSTOMER:
			facts = json.loads(job["payload"] or "{}")
			donors.add(
				facts.get("donor") if job["reference_doctype"] == outbox.DONATION else facts.get("customer")
			)
	donors.discard(None)
	rows = outbox.customer_rows(donors, settings.get_settings_doc().external_id_prefix or "")
	if not rows:
		return []
	outbox.write(rows)
	return frappe.db.sql(
		"""select name, reference_doctype, reference_name, action, target_doctype, external_id, payload, attempts
		from `tabLPN Sync Job`
		where reference_doctype = 'LPN Donor' and reference_name in %(donors)s and status = 'Pending'
		order by name""",
		{"donors": [row["reference_name"] for row in rows]},
		as_dict=True,
	)


def _wait_all(reason: str) -> None:
	"""Settings that no job can do without: every pending job waits, with the reason, none fails."""
	frappe.db.sql(
		"""update `tabLPN Sync Job` set status = 'Waiting', last_error = %s, next_retry = null
		where status = 'Pending'""",
		(reason,),
	)


def _send(batch: Batch, client) -> None:
	mapping = settings.mapping()
	inserts = [job for job in batch.jobs if job["action"] in (es.INSERT, es.REFUND)]
	cancels = [job for job in batch.jobs if job["action"] == es.CANCEL]
	# Customers first: a Payment Entry names its donor's Customer.
	by_target: dict[str, list[dict]] = {}
	for job in sorted(inserts, key=lambda job: job["target_doctype"] != es.CUSTOMER):
		by_target.setdefault(job["target_doctype"], []).append(job)
	try:
		for target, jobs in by_target.items():
			_insert_all(batch, client, mapping, target, jobs)
		for job in cancels:
			_cancel(batch, client, mapping, job)
	except remote.RemoteUnreachable as error:
		for job in batch.open(batch.jobs):
			batch.retry_later(job, error.message)


def _build(batch: Batch, mapping: es.Mapping, job: dict, customers: dict[str, str]) -> dict | None:
	facts = json.loads(job["payload"] or "{}")
	try:
		if job["target_doctype"] == es.CUSTOMER:
			return es.customer_doc(facts, mapping, job["external_id"])
		if job["target_doctype"] == es.SALES_INVOICE:
			return es.sales_invoice(
				facts, mapping, job["external_id"], customers.get(facts.get("customer") or "")
			)
		if job["action"] == es.REFUND:
			return es.refund_doc(facts, mapping, job["external_id"])
		customer = customers.get(facts.get("donor") or "")
		if job["target_doctype"] == es.PAYMENT_ENTRY and not customer:
			batch.defer(job, frappe._("Waiting for the donor's Customer to reach ERPNext"))
			return None
		return es.donation_doc(facts, mapping, job["external_id"], customer)
	except es.SyncConfigError as error:
		batch.wait(job, error_message(error))
	except (DomainError, KeyError, TypeError, ValueError) as error:
		batch.fail(job, frappe._("The job's payload cannot be sent: {0}").format(str(error)))
	return None


def _customers_of(jobs: list[dict], batch: Batch | None = None) -> dict[str, str]:
	"""The ERPNext Customer of each donor named by these jobs, where it was sent already (earlier, or in
	this batch: customers go first)."""
	donors = set()
	for job in jobs:
		if job["target_doctype"] in (es.PAYMENT_ENTRY, es.SALES_INVOICE):
			facts = json.loads(job["payload"] or "{}")
			donors.add(facts.get("donor") or facts.get("customer"))
	donors.discard(None)
	if not donors:
		return {}
	rows = frappe.get_all(
		JOB,
		filters={"reference_doctype": "LPN Donor", "reference_name": ("in", list(donors)), "status": SENT},
		fields=["reference_name", "remote_name"],
	)
	customers = {row.reference_name: row.remote_name for row in rows}
	for job in batch.jobs if batch else []:
		outcome = batch.values.get(job["name"]) or {}
		if job["target_doctype"] == es.CUSTOMER and outcome.get("status") == SENT:
			customers[job["reference_name"]] = outcome["remote_name"]
	return customers


def _insert_all(batch: Batch, client, mapping: es.Mapping, target: str, jobs: list[dict]) -> None:
	found = client.find(target, [job["external_id"] for job in jobs])
	for job in jobs:
		if job["external_id"] in found:
			batch.sent(job, found[job["external_id"]]["name"])
	customers = _customers_of(batch.open(jobs), batch)
	ready = []
	for job in batch.open(jobs):
		doc = _build(batch, mapping, job, customers)
		if doc is not None:
			ready.append((job, doc))
	for start in range(0, len(ready), INSERT_CHUNK):
		chunk = ready[start : start + INSERT_CHUNK]
		try:
			names = client.insert_many([doc for _job, doc in chunk])
		except remote.RemoteRejected:
			# insert_many is one transaction there: nothing of the chunk was kept. One by one, to find
			# the document ERPNext refuses and send the others.
			for job, doc in chunk:
				try:
					batch.sent(job, client.insert(doc).name)
				except remote.RemoteRejected as error:
					batch.fail(job, error.message)
			continue
		for (job, _doc), name in zip(chunk, names, strict=True):
			batch.sent(job, name)


def _sent_jobs(job: dict) -> list[dict]:
	"""The record's jobs already in ERPNext: its insert, and any partial refunds."""
	return frappe.get_all(
		JOB,
		filters={
			"reference_doctype": job["reference_doctype"],
			"reference_name": job["reference_name"],
			"action": ("in", (es.INSERT, es.REFUND)),
			"status": SENT,
		},
		fields=["name", "action", "target_doctype", "remote_name", "payload", "external_id"],
		order_by="name asc",
	)


class _Refused(Exception):
	"""ERPNext would neither cancel a document nor take the entry reversing it: the cancel job fails."""


class _Waiting(Exception):
	"""The reversing entry needs a mapping the settings lack: the cancel job waits (batch.wait was called)."""


def _cancel(batch: Batch, client, mapping: es.Mapping, job: dict) -> None:
	"""Cancel the remote document (and the entries of its partial refunds); where ERPNext will not, post the
	entry that reverses it. Never a delete."""
	sent = _sent_jobs(job)
	original = next((row for row in sent if row.action == es.INSERT and row.remote_name), None)
	if not original:
		batch.fail(
			job, frappe._("There is no document in ERPNext to cancel for {0}").format(job["reference_name"])
		)
		return
	try:
		for refund in [row for row in sent if row.action == es.REFUND]:
			_undo(batch, client, mapping, job, refund, f"{refund.external_id}-REV")
		batch.sent(job, _undo(batch, client, mapping, job, original, job["external_id"]))
	except _Refused as refused:
		batch.fail(job, str(refused))
	except _Waiting:
		pass


def _undo(batch: Batch, client, mapping: es.Mapping, job: dict, sent: dict, reversal_id: str) -> str:
	"""The remote document cancelled, or its reversing entry: the name of what undoes it."""
	reversal = client.find(sent.target_doctype, [reversal_id])
	if reversal:
		return reversal[reversal_id]["name"]
	current = client.find(sent.target_doctype, [sent.external_id]).get(sent.external_id)
	if current and int(current.get("docstatus") or 0) == 2:
		return sent.remote_name
	try:
		client.cancel(sent.target_doctype, sent.remote_name)
		return sent.remote_name
	except remote.RemoteRejected as refusal:
		cancel_refused = refusal.message
	as_insert = {**sent, "attempts": job["attempts"], "name": job["name"]}
	built = _build(batch, mapping, as_insert, _customers_of([sent], batch))
	if built is None:
		raise _Waiting
	doc = es.reversing_doc(built, reversal_id, str(batch.now.date()))
	try:
		return client.insert(doc).name
	except remote.RemoteRejected as error:
		raise _Refused(
			frappe._("ERPNext would neither cancel {0} ({1}) nor take its reversal ({2})").format(
				sent.remote_name, cancel_refused, error.message
			)
		) from error


def requeue_waiting() -> int:
	"""Settings saved: the jobs that waited for them are due again, and a drain is asked for."""
	from lpn_crm.lpn_integrations.outbox import request_drain

	names = frappe.get_all(JOB, filters={"status": WAITING}, pluck="name")
	if names:
		frappe.db.sql(
			"""update `tabLPN Sync Job` set status = 'Pending', next_retry = null where status = 'Waiting'"""
		)
		request_drain()
	return len(names)


def retry(job_name: str) -> None:
	"""Staff retry a Failed or Waiting job from the desk: due now, attempts from zero."""
	frappe.db.set_value(JOB, job_name, {"status": PENDING, "attempts": 0, "next_retry": None})
	from lpn_crm.lpn_integrations.outbox import request_drain

	request_drain()


def scheduled_drain() -> None:
	"""Every few minutes: the jobs whose backoff has passed, and any a finished drain left behind."""
	if frappe.db.exists(JOB, {"status": PENDING}):
		drain()
