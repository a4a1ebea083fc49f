"""Site-side half of the webhook benchmark (scripts/bench-webhooks), run with `bench execute`.

setup(): Stripe settings with a known webhook secret, an API key for the load client, a fund.
processing_rate(n): events turned into donations per second by one process, next to bare inserts.
soak_result(prefix): what the soak left behind, for the client to check against what it sent.
"""

import json
import time

import frappe
from frappe.utils import random_string

from lpn_crm.lpn_payments.processing import process_event

WEBHOOK_SECRET = "whsec_lpn_benchmark"


def setup() -> dict:
	from lpn_crm.tests.factories import configure_stripe, make_fund

	configure_stripe(webhook_secret=WEBHOOK_SECRET, default_fund=make_fund())
	user = frappe.get_doc("User", "Administrator")
	api_secret = frappe.generate_hash(length=15)
	user.api_key = user.api_key or frappe.generate_hash(length=15)
	user.api_secret = api_secret
	user.save(ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: bench execute, outside a request
	return {"api_key": user.api_key, "api_secret": api_secret, "webhook_secret": WEBHOOK_SECRET}


def processing_rate(n: int = 300) -> dict:
	"""Process `n` received events one by one, then insert `n` bare ToDos, each committed like a job."""
	events = frappe.get_all(
		"LPN Stripe Event", filters={"status": "Received"}, pluck="name", limit=n, order_by="received_on"
	)
	if not events:
		frappe.throw("no received events to process: run the acknowledgement phase first")
	start = time.perf_counter()
	for name in events:
		process_event(name)
		frappe.db.commit()  # nosemgrep: each job commits on its own
	processing = time.perf_counter() - start
	start = time.perf_counter()
	for _ in events:
		frappe.get_doc({"doctype": "ToDo", "description": f"floor {random_string(8)}"}).insert()
		frappe.db.commit()  # nosemgrep: as above
	floor = time.perf_counter() - start
	result = {
		"events": len(events),
		"events_per_s": len(events) / processing,
		"floor_inserts_per_s": len(events) / floor,
	}
	print(
		f"{result['events']} events: {result['events_per_s']:.1f} events/s; floor (bare insert + commit, same"
		f" process): {result['floor_inserts_per_s']:.1f}/s; ratio"
		f" {result['events_per_s'] / result['floor_inserts_per_s']:.2f}x (goal >= 0.50x)"
	)
	return result


def soak_result(prefix: str) -> dict:
	"""Donations and event rows whose Stripe payment intent carries `prefix`."""
	donations = frappe.db.sql(
		"""select count(*), coalesce(sum(amount), 0), count(distinct stripe_payment_intent)
		from `tabLPN Donation` where docstatus = 1 and stripe_payment_intent like %s""",
		f"{prefix}%",
	)[0]
	statuses = dict(
		frappe.db.sql(
			"""select status, count(*) from `tabLPN Stripe Event` where name like %s group by status""",
			f"evt_{prefix}%",
		)
	)
	result = {
		"donations": int(donations[0]),
		"total": str(donations[1]),
		"distinct_payment_intents": int(donations[2]),
		"event_rows": statuses,
	}
	print(json.dumps(result))
	return result


def drain(limit: int = 100000) -> dict:
	"""Process every received event in this one process, oldest first, committing each like a job."""
	events = frappe.get_all(
		"LPN Stripe Event", filters={"status": "Received"}, pluck="name", order_by="received_on", limit=limit
	)
	start = time.perf_counter()
	for name in events:
		process_event(name)
		frappe.db.commit()  # nosemgrep: each job commits on its own
	elapsed = time.perf_counter() - start
	rate = len(events) / elapsed if elapsed else 0.0
	print(f"drained {len(events)} events in {elapsed:.0f} s ({rate:.1f} events/s, one process)")
	return {"events": len(events), "seconds": elapsed}
