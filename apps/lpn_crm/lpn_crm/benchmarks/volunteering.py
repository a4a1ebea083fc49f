"""The clinic booking benchmark (scripts/bench-volunteering), both halves in one file.

Site side, run with `bench execute lpn_crm.benchmarks.volunteering.<name>`:
  setup(n): n Active volunteers with API keys (reused on later runs), an Administrator API key, a clinic.
  overlaps(): volunteers holding two overlapping confirmed shifts (must be 0).
Client side, run with plain Python (no Frappe): `python3 volunteering.py run --url ... --config ...`:
  each round makes a 10-seat shift, releases all n volunteers' POST book_shift at the same moment and
  times how long all take to settle, then times n bare POST /api/resource/ToDo at the same concurrency
  (the floor); after the last round the confirmed volunteers all cancel at once.
"""

import argparse
import json
import sys
import threading
import time
from datetime import date, timedelta

CLINIC = "Benchmark Clinic"


# --- site side --------------------------------------------------------------------------------------


def setup(n: int = 200) -> dict:
	import frappe

	keys = []
	# Frappe refuses more than 60 new users an hour outside an import (a guard against sign-up floods)
	frappe.flags.in_import = True
	for i in range(n):
		email = f"bench.vol{i}@bench.example.org"
		if not frappe.db.exists("User", email):
			frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": f"Bench Volunteer {i}",
					"user_type": "Website User",
					"send_welcome_email": 0,
					"roles": [{"role": "LPN Volunteer"}],
				}
			).insert(ignore_permissions=True)
		keys.append(api_key_of(email))
		if not frappe.db.exists("LPN Volunteer", {"email": email}):
			frappe.get_doc(
				{
					"doctype": "LPN Volunteer",
					"full_name": f"Bench Volunteer {i}",
					"email": email,
					"status": "Active",
				}
			).insert(ignore_permissions=True)
	if not frappe.db.exists("LPN Clinic", CLINIC):
		frappe.get_doc({"doctype": "LPN Clinic", "clinic_name": CLINIC, "place": "Samut Sakhon"}).insert()
	frappe.db.delete("Email Queue")  # the welcome emails of the benchmark's volunteers go nowhere
	frappe.db.commit()  # nosemgrep: bench execute, outside a request
	config = {"admin": api_key_of("Administrator"), "volunteers": keys, "clinic": CLINIC}
	print(json.dumps(config))
	return config


def api_key_of(user: str) -> str:
	"""`key:secret` for the Authorization header; a new secret each run (only its hash is kept)."""
	import frappe

	doc = frappe.get_doc("User", user)
	doc.api_key = doc.api_key or frappe.generate_hash(length=15)
	secret = frappe.generate_hash(length=15)
	doc.api_secret = secret
	doc.flags.ignore_permissions = True
	doc.save()
	return f"{doc.api_key}:{secret}"


def overlaps() -> int:
	import frappe

	count = frappe.db.sql(
		"""select count(*) from `tabLPN Shift Booking` a
		join `tabLPN Clinic Shift` sa on sa.name = a.shift
		join `tabLPN Shift Booking` b on b.volunteer = a.volunteer and b.name > a.name and b.status = 'Confirmed'
		join `tabLPN Clinic Shift` sb on sb.name = b.shift
		where a.status = 'Confirmed' and sa.starts_at < sb.ends_at and sb.starts_at < sa.ends_at"""
	)[0][0]
	print(json.dumps({"overlaps": int(count)}))
	return int(count)


# --- client side ------------------------------------------------------------------------------------


def at_once(calls) -> tuple[float, list]:
	"""Run the callables in threads released together; (seconds until the last settled, results)."""
	import requests  # noqa: F401  (the calls use it)

	barrier = threading.Barrier(len(calls) + 1)
	results = [None] * len(calls)

	def run(i, call):
		barrier.wait()
		try:
			results[i] = call()
		except Exception as error:  # counted as an error by the caller
			results[i] = error

	threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
	for t in threads:
		t.start()
	barrier.wait()
	start = time.perf_counter()
	for t in threads:
		t.join(timeout=600)
	return time.perf_counter() - start, results


def client(args) -> int:
	import requests

	config = json.loads(open(args.config).read())
	url, site = args.url, args.site

	def session(key: str):
		s = requests.Session()
		s.headers.update(
			{"Authorization": f"token {key}", "X-Frappe-Site-Name": site, "Accept": "application/json"}
		)
		adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=2)
		s.mount("http://", adapter)
		return s

	admin = session(config["admin"])
	volunteers = [session(k) for k in config["volunteers"][: args.volunteers]]
	n = len(volunteers)
	failures, ratios = 0, []
	# after the benchmark clinic's last shift, so no volunteer already holds a shift at these times
	latest = admin.get(
		f"{url}/api/resource/LPN Clinic Shift",
		params={
			"filters": json.dumps([["clinic", "=", config["clinic"]]]),
			"fields": json.dumps(["shift_date"]),
			"order_by": "shift_date desc",
			"limit_page_length": 1,
		},
		timeout=60,
	).json()["data"]
	start_day = max(
		date.today() + timedelta(days=args.days_ahead),
		date.fromisoformat(latest[0]["shift_date"]) + timedelta(days=1) if latest else date.min,
	)
	print(f"{n} volunteers, one {args.capacity}-seat shift per round, {args.rounds} rounds")
	print(
		f"{'round':>5} {'book (s)':>9} {'ToDo (s)':>9} {'ratio':>6} {'confirmed':>9} {'waitlisted':>10} {'errors':>6}"
	)
	last = None
	for r in range(args.rounds):
		shift = admin.post(
			f"{url}/api/resource/LPN Clinic Shift",
			json={
				"clinic": config["clinic"],
				"shift_date": str(start_day + timedelta(days=r)),
				"start_time": "09:00:00",
				"end_time": "13:00:00",
				"capacity": args.capacity,
				"status": "Open",
			},
			timeout=60,
		).json()["data"]["name"]
		book_s, answers = at_once(
			[
				(
					lambda s=s, shift=shift: s.post(
						f"{url}/api/method/lpn_crm.api.volunteering.book_shift",
						data={"shift": shift},
						timeout=600,
					)
				)
				for s in volunteers
			]
		)
		statuses = [
			a.json()["message"]["status"] if not isinstance(a, Exception) and a.ok else "error"
			for a in answers
		]
		floor_s, floor_answers = at_once(
			[(lambda r=r: admin_post_todo(url, site, config["admin"], r)) for _ in volunteers]
		)
		floor_errors = sum(1 for a in floor_answers if isinstance(a, Exception) or not a.ok)
		confirmed, waitlisted, errors = (
			statuses.count("Confirmed"),
			statuses.count("Waitlisted"),
			statuses.count("error"),
		)
		ok = (
			confirmed == args.capacity
			and waitlisted == n - args.capacity
			and errors == 0
			and floor_errors == 0
		)
		failures += not ok
		ratios.append(book_s / floor_s)
		print(
			f"{r + 1:>5} {book_s:>9.2f} {floor_s:>9.2f} {book_s / floor_s:>6.2f} {confirmed:>9} {waitlisted:>10} {errors:>6}"
			+ ("" if ok else "  <-- WRONG")
		)
		last = (shift, answers, statuses)

	shift, answers, statuses = last
	rows = bookings(admin, url, shift)
	waitlist = [b["volunteer"] for b in rows if b["status"] == "Waitlisted"]
	by_booking = {
		a.json()["message"]["booking"]: volunteers[i]
		for i, a in enumerate(answers)
		if statuses[i] == "Confirmed"
	}
	cancel_s, cancels = at_once(
		[
			(
				lambda b=b, s=s: s.post(
					f"{url}/api/method/lpn_crm.api.volunteering.cancel_booking",
					data={"booking": b},
					timeout=600,
				)
			)
			for b, s in by_booking.items()
		]
	)
	cancel_errors = sum(1 for a in cancels if isinstance(a, Exception) or not a.ok)
	after = {b["volunteer"]: b["status"] for b in bookings(admin, url, shift)}
	promoted = [v for v in waitlist if after[v] == "Confirmed"]
	in_order = promoted == waitlist[: args.capacity]
	print(
		f"cancel: {len(by_booking)} confirmed cancelled at once in {cancel_s:.2f} s, {cancel_errors} errors; "
		f"{len(promoted)} promoted, {'in' if in_order else 'NOT in'} waitlist order"
	)
	failures += not (cancel_errors == 0 and len(promoted) == args.capacity and in_order)
	ratios.sort()
	print(
		f"booking / bare-insert floor: median {ratios[len(ratios) // 2]:.2f}x, worst {ratios[-1]:.2f}x (goal: within 2x); "
		f"rounds wrong: {failures}"
	)
	return 1 if failures else 0


_todo_sessions = threading.local()


def admin_post_todo(url, site, key, r):
	import requests

	s = getattr(_todo_sessions, "s", None)
	if s is None:
		s = _todo_sessions.s = requests.Session()
		s.headers.update(
			{"Authorization": f"token {key}", "X-Frappe-Site-Name": site, "Accept": "application/json"}
		)
	return s.post(f"{url}/api/resource/ToDo", json={"description": f"bench floor round {r}"}, timeout=600)


def bookings(admin, url, shift):
	response = admin.get(
		f"{url}/api/resource/LPN Shift Booking",
		params={
			"filters": json.dumps([["shift", "=", shift]]),
			"fields": json.dumps(["name", "volunteer", "status", "booked_at"]),
			"order_by": "booked_at asc, name asc",
			"limit_page_length": 0,
		},
		timeout=120,
	)
	response.raise_for_status()
	return response.json()["data"]


if __name__ == "__main__":
	parser = argparse.ArgumentParser(description=__doc__)
	parser.add_argument("command", choices=["run"])
	parser.add_argument("--url", required=True)
	parser.add_argument("--site", required=True)
	parser.add_argument("--config", required=True)
	parser.add_argument("--volunteers", type=int, default=200)
	parser.add_argument("--capacity", type=int, default=10)
	parser.add_argument("--rounds", type=int, default=20)
	parser.add_argument("--days-ahead", type=int, default=30)
	sys.exit(client(parser.parse_args()))
