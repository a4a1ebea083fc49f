"""Site-side half of the ERPNext sync benchmark (scripts/bench-erpnext-sync), run with `bench execute`.

run(jobs, floor, gifts, batches): against the ERPNext stand-in (a second site on the bench, served here):
  1. `floor` bare REST inserts of balanced Journal Entries to the stand-in, one by one with FrappeClient;
  2. `jobs` outbox jobs drained to it by one process running the worker's drain, every document checked
     present once afterwards (goal: at least 0.5x the floor's documents per second);
  3. `gifts` pairs of desk submits (each committed), one with sync off and one on;
  4. `batches` pairs of the Stripe batch path's posting (posting.insert_submitted, 100 gifts a batch), one
     with sync off and one on (goal for 3 and 4: sync on costs at most 10 % of throughput).
"""

import statistics
import time
from unittest import mock

import frappe
from frappe.utils import get_bench_path, nowdate, random_string

from lpn_crm.domain import erpnext_sync as es
from lpn_crm.fundraising import posting
from lpn_crm.lpn_integrations import outbox, remote, sync
from lpn_crm.lpn_integrations.settings import SETTINGS, get_settings_doc
from lpn_crm.tests.erpnext_standin import ACCOUNTS, COMPANY, COST_CENTER, CUSTOMER_GROUP, ITEMS, StandIn

DONATION = "LPN Donation"


def _configure(standin: StandIn, prefix: str, fund: str, enabled: int = 1) -> None:
	settings = frappe.get_single(SETTINGS)
	settings.update(
		{
			"enabled": enabled,
			"remote_url": standin.url,
			"api_key": standin.api_key,
			"api_secret": standin.api_secret,
			"external_id_prefix": prefix,
			"company": COMPANY,
			"donation_document": es.JOURNAL_ENTRY,
			"default_income_account": ACCOUNTS[2],
			"sales_income_account": ACCOUNTS[3],
			"stripe_clearing_account": ACCOUNTS[4],
			"stripe_fee_account": ACCOUNTS[5],
			"bank_account": ACCOUNTS[6],
			"cost_center": COST_CENTER,
			"customer_group": CUSTOMER_GROUP,
			"default_customer": standin.walk_in_customer(),
			"default_item": ITEMS[0],
			"batch_size": 100,
		}
	)
	settings.set("fund_accounts", [{"fund": fund, "income_account": ACCOUNTS[0]}])
	settings.save(ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: bench execute, outside a request


def _set_sync(enabled: int) -> None:
	frappe.db.set_single_value(SETTINGS, "enabled", enabled)
	frappe.clear_document_cache(SETTINGS, SETTINGS)
	frappe.db.commit()  # nosemgrep: bench execute, outside a request


def _floor(standin: StandIn, n: int, prefix: str) -> float:
	client = remote.ERPNextClient(standin.url, standin.api_key, standin.api_secret)
	start = time.perf_counter()
	for i in range(n):
		client.insert(
			{
				"doctype": es.JOURNAL_ENTRY,
				"company": COMPANY,
				"posting_date": nowdate(),
				"docstatus": 1,
				es.EXTERNAL_ID_FIELD: f"{prefix}floor-{i}",
				"accounts": [
					{
						"account": ACCOUNTS[0],
						"credit_in_account_currency": 100 + i % 900,
						"cost_center": COST_CENTER,
					},
					{
						"account": ACCOUNTS[6],
						"debit_in_account_currency": 100 + i % 900,
						"cost_center": COST_CENTER,
					},
				],
			}
		)
	return n / (time.perf_counter() - start)


def _queue_jobs(n: int, prefix: str, fund: str) -> list[str]:
	"""`n` gift jobs as the posting step writes them (500 a transaction), for gifts that need no donor."""
	ids = []
	for start in range(0, n, 500):
		rows = []
		for i in range(start, min(start + 500, n)):
			name = f"BENCH-{prefix}{i:06d}"
			facts = {"name": name, "date": nowdate(), "amount": 100 + i % 900, "fund": fund, "donor": None}
			rows.append(outbox.job_row(DONATION, name, es.INSERT, es.JOURNAL_ENTRY, name, facts, prefix))
			ids.append(es.external_id(prefix, name))
		outbox.write(rows)
		frappe.db.commit()  # nosemgrep: bench execute, outside a request
	return ids


def _drain_rate(standin: StandIn, ids: list[str]) -> tuple[float, int]:
	start = time.perf_counter()
	sync.drain()
	rate = len(ids) / (time.perf_counter() - start)
	present = 0
	for chunk in range(0, len(ids), 500):
		present += len(standin.documents(es.JOURNAL_ENTRY, ids[chunk : chunk + 500]))
	return rate, present


def _gift(donor: str, fund: str, i: int) -> dict:
	return {
		"donor": donor,
		"amount": 100 + i % 4900,
		"currency": "THB",
		"donation_date": nowdate(),
		"payment_method": "Bank Transfer",
		"fund": fund,
	}


def _desk_submit(donors: list[str], fund: str, i: int) -> None:
	doc = frappe.get_doc({"doctype": DONATION, **_gift(donors[i % len(donors)], fund, i)}).insert()
	doc.submit()
	frappe.db.commit()  # nosemgrep: one desk submit is one request


def _batch(donors: list[str], fund: str, b: int) -> None:
	posting.insert_submitted([_gift(donors[(b * 100 + i) % len(donors)], fund, i) for i in range(100)])
	frappe.db.commit()  # nosemgrep: one batch of the Stripe drain is one transaction


class _OutboxClock:
	"""Time spent in the outbox itself (the rows written in the transaction, the drain asked for after the
	commit), measured inside the operations: a figure the machine's load cannot hide behind."""

	def __init__(self):
		self.seconds = 0.0
		self.calls = 0

	def wrap(self, function):
		def timed(*args, **kwargs):
			start = time.perf_counter()
			try:
				return function(*args, **kwargs)
			finally:
				self.seconds += time.perf_counter() - start
				self.calls += 1

		return timed


def _compare(label: str, operation, pairs: int, per_operation: int) -> dict:
	"""Each operation timed on its own, sync off and on in alternating pairs (which goes first alternates
	too), so that the machine's load, which swings by tens of per cent on a shared box, weighs on both
	alike; the median of each side is compared. Switching the setting is not timed."""
	times: dict[int, list[float]] = {0: [], 1: []}
	clock, inside = _OutboxClock(), []
	with (
		mock.patch.object(outbox, "queue_gifts", clock.wrap(outbox.queue_gifts)),
		mock.patch.object(outbox, "_enqueue_drain", clock.wrap(outbox._enqueue_drain)),
	):
		for pair in range(pairs):
			for enabled in (pair % 2, 1 - pair % 2):
				_set_sync(enabled)
				get_settings_doc()  # warm, as it is between requests: the switch cleared it
				clock.seconds = 0.0
				start = time.perf_counter()
				operation(pair * 2 + enabled)
				times[enabled].append(time.perf_counter() - start)
				if enabled:
					inside.append(clock.seconds)
	off, on = statistics.median(times[0]), statistics.median(times[1])
	overhead = (1 - off / on) * 100
	own = statistics.median(inside)
	print(
		f"{label}: sync off {per_operation / off:.1f}/s, sync on {per_operation / on:.1f}/s (medians of {pairs}"
		f" alternating pairs): the outbox costs {overhead:.1f} % of throughput (goal <= 10 %); median time inside"
		f" the outbox {own * 1000:.1f} ms per operation = {own / on * 100:.1f} % of an operation with sync on"
	)
	return {"off": per_operation / off, "on": per_operation / on, "overhead_percent": overhead, "own": own}


def run(jobs: int = 10000, floor: int = 1000, gifts: int = 150, batches: int = 10) -> dict:
	from lpn_crm.tests.factories import make_donor, make_fund

	frappe.flags.mute_emails = True
	frappe.set_user("Administrator")
	standin = StandIn(get_bench_path())
	standin.ensure_site()
	standin.start()
	try:
		standin.set_up()
		prefix = f"B{random_string(6)}-"
		fund = make_fund("General Fund")
		_configure(standin, prefix, fund)
		frappe.db.sql("update `tabLPN Sync Job` set status = 'Sent' where status != 'Sent'")
		frappe.db.commit()  # nosemgrep: bench execute, outside a request

		floor_rate = drain_rate = present = None
		if jobs:  # --jobs 0: only the posting's overhead
			floor_rate = _floor(standin, floor, prefix)
			ids = _queue_jobs(jobs, prefix, fund)
			drain_rate, present = _drain_rate(standin, ids)
			print(
				f"{jobs} outbox jobs drained by one process: {drain_rate:.1f} documents/s; floor ({floor} bare"
				f" REST inserts, one by one, same run): {floor_rate:.1f}/s; ratio {drain_rate / floor_rate:.2f}x"
				f" (goal >= 0.50x); present in the stand-in once each: {present} of {jobs}"
			)
		donors = [make_donor().name for _i in range(20)]
		frappe.db.commit()  # nosemgrep: bench execute, outside a request
		desk = _compare("desk submit", lambda i: _desk_submit(donors, fund, i), gifts, 1)
		batch = _compare(
			"Stripe batch path posting (100 gifts a batch)", lambda i: _batch(donors, fund, i), batches, 100
		)
		# The gifts' own jobs go too, so the benchmark site is left with nothing pending.
		_set_sync(1)
		sync.drain()
		return {"floor": floor_rate, "drain": drain_rate, "present": present, "desk": desk, "batch": batch}
	finally:
		standin.stop()
