"""Site-side half of the webhook benchmark (scripts/bench-webhooks), run with `bench execute`.

setup(): Stripe settings with a known webhook secret, an API key for the load client, a fund.
processing_rate(n): events turned into donations per second by one process, next to bare inserts.
drain(): the soak's events, processed in this process as the drain job would.
soak_result(prefix): what the soak left behind, for the client to check against what it sent.
"""

import json
import time

import frappe
from frappe.utils import random_string

from lpn_crm.lpn_payments.processing import BATCH_SIZE, process_pending

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


def make_drafts(n: int = 500) -> list[dict]:
	"""`n` draft card donations as the donate form leaves them before Checkout (a new donor each, who gave
	their email for the receipt), for the acknowledgement phase to pay."""
	from lpn_crm.lpn_payments.records import find_or_create_donor
	from lpn_crm.tests.factories import make_fund

	fund, tag, drafts = make_fund(), random_string(6).lower(), []
	for i in range(n):
		email = f"form{i}.{tag}@bench.example.org"
		donation = frappe.get_doc(
			{
				"doctype": "LPN Donation",
				"donor": find_or_create_donor(email, f"Form Giver {i}", from_donate_form=True),
				"amount": 100 + i % 4900,
				"currency": "THB",
				"payment_method": "Card (Stripe)",
				"fund": fund,
			}
		).insert()
		drafts.append(
			{
				"name": donation.name,
				"amount_minor": int(donation.amount * 100),
				"email": email,
				"donor_name": donation.donor_name,
			}
		)
	frappe.db.commit()  # nosemgrep: bench execute, outside a request
	print(json.dumps(drafts))
	return drafts


def processing_rate(n: int = 1000) -> dict:
	"""Drain `n` received events as the drain job does (committed batches), then insert `n` bare ToDos,
	each committed on its own, in the same process: the floor."""
	waiting = frappe.db.count("LPN Stripe Event", {"status": "Received"})
	if not waiting:
		frappe.throw("no received events to process: run the acknowledgement phase first")
	n = min(n, waiting)
	start = time.perf_counter()
	done = _drain(n)
	processing = time.perf_counter() - start
	start = time.perf_counter()
	for _ in range(done):
		frappe.get_doc({"doctype": "ToDo", "description": f"floor {random_string(8)}"}).insert()
		frappe.db.commit()  # nosemgrep: a bare insert as one request or job makes it
	floor = time.perf_counter() - start
	result = {"events": done, "events_per_s": done / processing, "floor_inserts_per_s": done / floor}
	print(
		f"{done} events in batches of {BATCH_SIZE}: {result['events_per_s']:.1f} events/s; floor (bare insert"
		f" + commit, same process): {result['floor_inserts_per_s']:.1f}/s; ratio"
		f" {result['events_per_s'] / result['floor_inserts_per_s']:.2f}x (goal >= 0.50x)"
	)
	return result


def _drain(limit: int) -> int:
	"""What drain_job does, without its time limit: committed batches until `limit` events or none left."""
	done = 0
	while done < limit and (count := process_pending(min(BATCH_SIZE, limit - done))):
		frappe.db.commit()  # nosemgrep: one transaction per batch, as the drain job
		done += count
	return done


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
	"""Process every received event in this one process, oldest first, in committed batches."""
	start = time.perf_counter()
	done = _drain(limit)
	elapsed = time.perf_counter() - start
	rate = done / elapsed if elapsed else 0.0
	print(f"drained {done} events in {elapsed:.0f} s ({rate:.1f} events/s, one process)")
	return {"events": done, "seconds": elapsed}


FOLLOW_UPS = (
	"lpn_crm.fundraising.acknowledgement.send_thank_yous",
	"lpn_crm.fundraising.donors.sync_contacts",
)


def discard_follow_up_jobs() -> None:
	"""Delete this site's queued thank-you and Contact jobs: a benchmark's gifts are not to be thanked."""
	from frappe.utils.background_jobs import get_queue

	jobs = [
		job
		for job in get_queue("default").get_jobs()
		if job.kwargs.get("site") == frappe.local.site and job.kwargs.get("method") in FOLLOW_UPS
	]
	for job in jobs:
		job.delete()
	print(f"discarded {len(jobs)} queued thank-you and Contact jobs of the benchmark's gifts")
