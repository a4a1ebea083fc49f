"""Client half of the webhook benchmark (scripts/bench-webhooks): signed deliveries over HTTP.

Runs outside the bench (plain Python with `requests` and `stripe`); every address it sends to is the
loopback server scripts/bench-webhooks started. Never imports Frappe.
"""

import argparse
import json
import random
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import requests
import stripe

WEBHOOK = "/api/method/lpn_crm.api.stripe.webhook"
EMAILS = 300  # givers the paid events of a run spread over: most events match a donor made earlier


def signature(body: str, secret: str, timestamp: int | None = None) -> str:
	return stripe.WebhookSignature.generate_signature_header(body, secret, timestamp=timestamp)


def completed_session(key: str, amount_minor: int, **session) -> str:
	"""A paid checkout.session.completed event, as Stripe would send it; `key` makes its ids unique."""
	return json.dumps(
		{
			"id": f"evt_{key}",
			"object": "event",
			"api_version": "2025-03-31.basil",
			"created": int(time.time()),
			"livemode": False,
			"type": "checkout.session.completed",
			"data": {
				"object": {
					"id": f"cs_test_{key}",
					"object": "checkout.session",
					"mode": "payment",
					"status": "complete",
					"payment_status": "paid",
					"amount_total": amount_minor,
					"currency": "thb",
					"payment_intent": key,
					**session,
				}
			},
		}
	)


def paid_event(prefix: str, index: int, rng: random.Random) -> tuple[str, Decimal]:
	"""A Payment Link payment (no lpn metadata)."""
	amount = Decimal(rng.randint(2000, 500000)) / 100  # 20.00 to 5,000.00 THB, satang included
	# Givers are new to each run: the first gift of each makes a donor (flagged for review), later ones match.
	giver = rng.randrange(EMAILS)
	body = completed_session(
		f"{prefix}{index:06d}",
		int(amount * 100),
		customer=None,
		customer_details={"email": f"giver{giver}.{prefix}@bench.example.org", "name": f"Giver {giver}"},
		payment_link=f"plink_{prefix}",
		metadata={},
	)
	return body, amount


class Blaster:
	"""Send requests from `concurrency` threads, one keep-alive session each; record status and latency."""

	def __init__(self, base_url: str, concurrency: int, headers: dict | None = None):
		self.base_url = base_url
		self.concurrency = concurrency
		self.headers = headers or {}
		self.local = threading.local()

	def session(self) -> requests.Session:
		if not hasattr(self.local, "session"):
			self.local.session = requests.Session()
			self.local.session.headers.update(self.headers)
		return self.local.session

	def send(self, request: tuple[str, str, dict]) -> tuple[int, float]:
		path, body, headers = request
		start = time.perf_counter()
		response = self.session().post(self.base_url + path, data=body.encode(), headers=headers, timeout=120)
		return response.status_code, time.perf_counter() - start

	def run(self, requests_: list[tuple[str, str, dict]]) -> dict:
		start = time.perf_counter()
		with ThreadPoolExecutor(self.concurrency) as pool:
			results = list(pool.map(self.send, requests_))
		elapsed = time.perf_counter() - start
		latencies = sorted(latency for _, latency in results)
		statuses: dict[int, int] = {}
		for status, _ in results:
			statuses[status] = statuses.get(status, 0) + 1
		return {
			"requests": len(results),
			"per_s": len(results) / elapsed,
			"p50_ms": 1000 * statistics.median(latencies),
			"p99_ms": 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
			"statuses": statuses,
		}


def checkout_event(prefix: str, index: int, draft: dict) -> str:
	"""A paid Checkout for a draft the donate form left, with the metadata it set."""
	return completed_session(
		f"{prefix}c{index:06d}",
		draft["amount_minor"],
		customer=f"cus_{prefix}{index:06d}",
		customer_details={"email": draft["email"], "name": draft["donor_name"]},
		metadata={"lpn_doctype": "LPN Donation", "lpn_name": draft["name"]},
	)


def todo_requests(n: int) -> list[tuple[str, str, dict]]:
	return [
		(
			"/api/resource/ToDo",
			json.dumps({"description": f"floor {i}"}),
			{"Content-Type": "application/json"},
		)
		for i in range(n)
	]


def webhook_requests(
	bodies: list[str], secret: str, bad: set[int] | None = None
) -> list[tuple[str, str, dict]]:
	bad = bad or set()
	out = []
	for i, body in enumerate(bodies):
		header = signature(body, "whsec_not_the_secret" if i in bad else secret)
		out.append((WEBHOOK, body, {"Content-Type": "application/json", "Stripe-Signature": header}))
	return out


def ack(args) -> None:
	"""Acknowledgements per second and p99 at N concurrent, beside bare ToDo inserts, same server, same run."""
	config = json.loads(Path(args.config).read_text())
	site = {"X-Frappe-Site-Name": args.site}
	token = {"Authorization": f"token {config['api_key']}:{config['api_secret']}", **site}
	rng = random.Random(args.seed)
	drafts = json.loads(Path(args.drafts).read_text()) if args.drafts else []
	# The donate form's checkouts first (as many as there are drafts), then Payment Link payments.
	bodies = [
		checkout_event(args.prefix, i, drafts[i]) if i < len(drafts) else paid_event(args.prefix, i, rng)[0]
		for i in range(args.requests)
	]
	floor = Blaster(args.url, args.concurrency, token)
	hooks = Blaster(args.url, args.concurrency, site)
	floor.run(todo_requests(50))  # warm every worker
	floor_a = floor.run(todo_requests(args.requests // 2))
	webhook = hooks.run(webhook_requests(bodies, config["webhook_secret"]))
	floor_b = floor.run(todo_requests(args.requests - args.requests // 2))
	floor_per_s = (floor_a["requests"] + floor_b["requests"]) / (
		floor_a["requests"] / floor_a["per_s"] + floor_b["requests"] / floor_b["per_s"]
	)
	floor_p99 = max(floor_a["p99_ms"], floor_b["p99_ms"])
	print(f"\n{args.concurrency} concurrent, {args.requests} requests each")
	print(f"{'':38}{'per s':>10}{'p50 ms':>10}{'p99 ms':>10}  statuses")
	print(
		f"{'signed webhook (verify + log + ask drain)':38}{webhook['per_s']:10.1f}{webhook['p50_ms']:10.1f}"
		f"{webhook['p99_ms']:10.1f}  {webhook['statuses']}"
	)
	for label, row in (
		("floor: bare POST /api/resource/ToDo (1)", floor_a),
		("floor: bare POST /api/resource/ToDo (2)", floor_b),
	):
		print(f"{label:38}{row['per_s']:10.1f}{row['p50_ms']:10.1f}{row['p99_ms']:10.1f}  {row['statuses']}")
	print(
		f"webhook / floor throughput: {webhook['per_s'] / floor_per_s:.2f}x (goal >= 1.00x); "
		f"p99 {webhook['p99_ms']:.0f} ms vs floor {floor_p99:.0f} ms"
	)
	if webhook["statuses"] != {200: args.requests}:
		sys.exit("some webhook deliveries were not acknowledged with 200")


def soak_send(args) -> None:
	"""Unique paid events, 30 % duplicate deliveries and 5 % forged ones, shuffled, over HTTP."""
	config = json.loads(Path(args.config).read_text())
	rng = random.Random(args.seed)
	duplicate_count = round(args.deliveries * args.duplicates)
	forged_count = round(args.deliveries * args.bad)
	unique = args.deliveries - duplicate_count - forged_count
	events = [paid_event(args.prefix, i, rng) for i in range(unique)]
	bodies = [body for body, _ in events]
	duplicates = [rng.choice(bodies) for _ in range(duplicate_count)]
	forged = [rng.choice(bodies) for _ in range(forged_count)]
	deliveries = bodies + duplicates + forged
	bad = set(range(len(bodies) + len(duplicates), len(deliveries)))
	order = list(range(len(deliveries)))
	rng.shuffle(order)
	requests_ = webhook_requests(deliveries, config["webhook_secret"], bad)
	result = Blaster(args.url, args.concurrency, {"X-Frappe-Site-Name": args.site}).run(
		[requests_[i] for i in order]
	)
	expected = {
		"unique": unique,
		"duplicates": len(duplicates),
		"forged": len(forged),
		"total": str(sum((amount for _, amount in events), Decimal(0))),
	}
	Path(args.expected).write_text(json.dumps(expected))
	print(
		f"soak: {len(deliveries)} deliveries ({unique} unique paid events, {len(duplicates)} duplicates, "
		f"{len(forged)} forged), {result['per_s']:.1f}/s, p99 {result['p99_ms']:.0f} ms, statuses {result['statuses']}"
	)
	# A forged delivery is refused with 400, or with 429 once its address has sent more than the webhook's
	# cap of failed verifications in a minute; a genuine one is never throttled.
	statuses = result["statuses"]
	refused = statuses.get(400, 0) + statuses.get(429, 0)
	if refused != len(forged) or statuses.get(200, 0) != unique + len(duplicates):
		sys.exit("soak: every genuine delivery must get 200 and every forged one 400 or 429")


def soak_check(args) -> None:
	expected = json.loads(Path(args.expected).read_text())
	found = json.loads(Path(args.found).read_text())
	ok = (
		found["donations"] == expected["unique"]
		and found["distinct_payment_intents"] == expected["unique"]
		and Decimal(found["total"]) == Decimal(expected["total"])
		and found["event_rows"] == {"Processed": expected["unique"]}
	)
	print(
		f"soak result: donations {found['donations']} for {expected['unique']} unique paid events; "
		f"total {found['total']} THB, expected {expected['total']} THB; event rows {found['event_rows']}: "
		f"{'EXACT' if ok else 'MISMATCH'}"
	)
	if not ok:
		sys.exit(1)


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__)
	commands = parser.add_subparsers(dest="command", required=True)
	for name in ("ack", "soak-send"):
		command = commands.add_parser(name)
		command.add_argument("--url", required=True)
		command.add_argument("--site", required=True, help="the Frappe site, sent as X-Frappe-Site-Name")
		command.add_argument("--config", required=True)
		command.add_argument("--prefix", required=True)
		command.add_argument("--concurrency", type=int, default=20)
		command.add_argument("--seed", type=int, default=11)
	commands.choices["ack"].add_argument("--requests", type=int, default=1000)
	commands.choices["ack"].add_argument("--drafts", help="JSON list of draft donations to pay (make_drafts)")
	soak = commands.choices["soak-send"]
	soak.add_argument("--deliveries", type=int, default=10000)
	soak.add_argument("--duplicates", type=float, default=0.30)
	soak.add_argument("--bad", type=float, default=0.05)
	soak.add_argument("--expected", required=True)
	check = commands.add_parser("soak-check")
	check.add_argument("--expected", required=True)
	check.add_argument("--found", required=True)
	args = parser.parse_args()
	{"ack": ack, "soak-send": soak_send, "soak-check": soak_check}[args.command](args)


if __name__ == "__main__":
	main()
