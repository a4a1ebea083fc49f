"""Campaigns benchmark: the public campaign page and the campaign list against one hand-written SQL query
for the same numbers, at 10,000 and at 1,000,000 donations across 50 campaigns; and a 100,000-donor
appeal segment built and queued against a bare loop inserting as many Email Queue rows.

    bench --site lpn-bench-camp.localhost execute lpn_crm.benchmarks.campaigns.run \
        --kwargs "{'donations': 1000000, 'segment': 100000}"

(or scripts/bench-campaigns). It replaces the site's donors, donations and campaigns with generated ones
(the fundraising benchmark's generator), spreads the donations over the campaigns with one UPDATE and
recomputes the campaigns' stored totals. Page times are the server's: the page's data (its get_context)
and the whole rendered response, as a guest; the floor is one hand-written aggregate over the donations
giving the page's numbers (raised, gift count, distinct donors) without stored totals. Times are the best
of `repeat` runs after a warm-up, app and floor in turns.
"""

import random
import time
from collections.abc import Callable

import frappe
from frappe.email.doctype.email_queue.email_queue import EmailQueue
from frappe.utils import now, set_request
from frappe.website.serve import get_response_without_exception_handling

from lpn_crm.benchmarks import fundraising as data
from lpn_crm.fundraising import appeals, rollups
from lpn_crm.tests.setup import ensure_outgoing_email_account

CAMPAIGNS = 50
PAGE_GOAL = 1.5
QUEUE_GOAL = 2.0
SMALL = 10_000

FLOOR_PAGE = """select sum(base_amount), count(*), count(distinct donor) from `tabLPN Donation`
where campaign = %(campaign)s and docstatus = 1"""
FLOOR_LIST = """select campaign, sum(base_amount), count(*), count(distinct donor) from `tabLPN Donation`
where docstatus = 1 and campaign is not null group by campaign"""


def say(message: str) -> None:
	print(f"bench-campaigns: {message}", flush=True)


def run(
	donations: int = 1_000_000,
	donors: int = 100_000,
	segment: int = 100_000,
	repeat: int = 5,
	seed: int = 14,
	reuse: bool = False,
) -> None:
	"""Generate the data and print the table. With `reuse`, donations of the same size left by an earlier run
	are kept and only the 1,000,000 stage is timed (the 10,000 stage needs new data)."""
	if "bench" not in frappe.local.site:
		frappe.throw(f"{frappe.local.site} is not a benchmark site: this benchmark deletes every donor")
	if frappe.flags.in_test:
		frappe.throw("not in tests")
	donations, donors, segment, repeat = int(donations), int(donors), int(segment), max(int(repeat), 1)
	rng = random.Random(seed)
	say(
		f"site {frappe.local.site}: {donors:,} donors, {CAMPAIGNS} campaigns, {SMALL:,} then {donations:,} donations"
	)
	rows = []
	if (
		reuse
		and frappe.db.count("LPN Donation") == donations
		and frappe.db.count("LPN Campaign") == CAMPAIGNS
	):
		say("reusing the donations and campaigns of an earlier run")
		campaigns = frappe.get_all("LPN Campaign", pluck="name", order_by="name")
		frappe.db.delete("LPN Appeal")
		rows += measure_pages(campaigns, donations, repeat)
	else:
		data.empty_tables()
		data.ensure_funds()
		generator = data.DonorGenerator(rng)
		data.insert_donors(generator, 0, donors)
		campaigns = make_campaigns()
		for size in sorted({min(SMALL, donations), donations}):
			fill_donations(rng, generator.names, donors, size)
			rows += measure_pages(campaigns, size, repeat)
	queue = measure_queue(min(segment, donors), repeat=1)
	print_table(rows, queue)


def make_campaigns() -> list[str]:
	for doctype in ("LPN Supporter Page", "LPN Appeal", "LPN Campaign"):
		frappe.db.delete(doctype)
	names = []
	for number in range(1, CAMPAIGNS + 1):
		doc = frappe.get_doc(
			{
				"doctype": "LPN Campaign",
				"title": f"Campaign {number:02d}",
				"slug": f"campaign-{number:02d}",
				"status": "Live",
				"campaign_type": "Emergency Appeal" if number == 1 else "Annual",
				"goal": 5_000_000,
				"fund": "General Fund",
				"story": "<p>" + "Migrant workers need help. " * 20 + "</p>",
			}
		).insert(ignore_permissions=True)
		names.append(doc.name)
	frappe.db.commit()  # nosemgrep: benchmark data load
	return names


def fill_donations(rng: random.Random, donor_names: list[str], donors: int, size: int) -> None:
	"""`size` donations, spread over the campaigns by one UPDATE, then the stored totals recomputed."""
	started = time.monotonic()
	frappe.db.sql("truncate table `tabLPN Donation`")  # nosemgrep: benchmark site only
	data.insert_donations(rng, donor_names, donors, size)
	frappe.db.sql(
		"""update `tabLPN Donation` d
		join (select name, row_number() over (order by name) as n from `tabLPN Campaign`) c
			on c.n = 1 + crc32(d.name) %% %(campaigns)s
		set d.campaign = c.name""",
		{"campaigns": CAMPAIGNS},
	)
	rollups.recompute_campaign_totals()
	data.analyze()
	frappe.db.commit()  # nosemgrep: benchmark data load
	say(f"{size:,} donations over {CAMPAIGNS} campaigns in {time.monotonic() - started:.0f} s")


def render(path: str, **form) -> str:
	set_request(method="GET", path=path)
	frappe.local.form_dict = frappe._dict(form)
	response = get_response_without_exception_handling(path)
	assert response.status_code == 200, (path, response.status_code)
	return response.get_data(as_text=True)


def page_data(slug: str) -> None:
	from lpn_crm.www.campaigns import campaign

	frappe.local.form_dict = frappe._dict(slug=slug)
	campaign.get_context(frappe._dict())


def list_data() -> None:
	from lpn_crm.www.campaigns import index

	index.get_context(frappe._dict())


def measure_pages(campaigns: list[str], size: int, repeat: int) -> list[dict]:
	target = campaigns[len(campaigns) // 2]
	slug = frappe.db.get_value("LPN Campaign", target, "slug")
	floor_page = lambda: frappe.db.sql(FLOOR_PAGE, {"campaign": target})  # noqa: E731
	floor_list = lambda: frappe.db.sql(FLOOR_LIST)  # noqa: E731
	# The floors are measured once per size and set beside each app figure: the list's aggregate reads
	# every donation (about 1.5 minutes at 1,000,000 on a busy machine), so it runs once, with no warm-up.
	floors = {"page": best_of(floor_page, repeat), "list": timed(floor_list)}
	pairs = [
		("campaign page: data", lambda: page_data(slug), "page"),
		("campaign page: response", lambda: render(f"/campaigns/{slug}"), "page"),
		("campaign list: data", list_data, "list"),
		("campaign list: response", lambda: render("/campaigns"), "list"),
	]
	rows = []
	# as a guest, set once: set_user empties Frappe's per-request caches (templates, meta) every time
	frappe.set_user("Guest")
	for label, app, floor in pairs:
		rows.append({"label": label, "size": size, "app": best_of(app, repeat), "floor": floors[floor]})
	frappe.set_user("Administrator")
	return rows


def best_of(fn: Callable, repeat: int) -> float:
	"""Best time of `repeat` runs after a warm-up."""
	fn()
	return min(timed(fn) for _ in range(repeat))


def timed(fn: Callable) -> float:
	started = time.perf_counter()
	fn()
	return time.perf_counter() - started


# ---- the appeal segment ----------------------------------------------------------------------------


def measure_queue(count: int, repeat: int) -> dict:
	"""Build and queue an appeal to `count` consenting donors, beside a bare loop of `count` Email Queue
	inserts (Frappe's EmailQueue.new, as its own bulk mail inserts them, with one prepared message)."""
	# An account to queue with (never used to send: the scheduler is off); no SMTP check on a bench site.
	frappe.local.flags.in_install = True
	try:
		ensure_outgoing_email_account()
	finally:
		frappe.local.flags.in_install = False
	frappe.db.sql("delete from `tabLPN Donor Consent` where purpose = 'Appeals'")
	donors = frappe.db.sql_list("select name from `tabLPN Donor` order by name limit %s", count)
	stamp = now()
	rows = (
		(
			frappe.generate_hash(length=10),
			stamp,
			stamp,
			"Administrator",
			"Administrator",
			0,
			9,
			donor,
			"LPN Donor",
			"consents",
			"Appeals",
			1,
			"2020-01-01",
			"Import",
		)
		for donor in donors
	)
	frappe.db.bulk_insert(
		"LPN Donor Consent",
		[
			"name",
			"creation",
			"modified",
			"owner",
			"modified_by",
			"docstatus",
			"idx",
			"parent",
			"parenttype",
			"parentfield",
			"purpose",
			"granted",
			"granted_on",
			"source",
		],
		rows,
	)
	frappe.db.sql(
		"update `tabLPN Donor` set email = concat('d', name, '@bench.invalid') where coalesce(email, '') = ''"
	)
	frappe.db.commit()  # nosemgrep: benchmark data load
	campaign = frappe.db.get_value("LPN Campaign", {"slug": "campaign-01"})
	appeal = frappe.get_doc(
		{"doctype": "LPN Appeal", "title": "Bench appeal", "campaign": campaign, "segment": "All donors"}
	).insert(ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: benchmark data load
	try:
		started = time.perf_counter()
		answer = appeals.queue_appeal(appeal.name)
		queued = appeals.send_appeal(appeal.name)
		frappe.db.commit()  # nosemgrep: what the job commits
		app = time.perf_counter() - started
		say(f"appeal: {answer['recipients']:,} consenting, {queued:,} queued in {app:.1f} s")
		template = frappe.get_all(
			"Email Queue", filters={"reference_name": appeal.name}, fields=["*"], limit=1
		)[0]
		emails = frappe.db.sql_list("select email from `tabLPN Donor` order by name limit %s", queued)
		started = time.perf_counter()
		# the same prepared message and columns as the app's rows (the floor builds no email, reads no segment)
		columns = (
			"message",
			"sender",
			"reference_doctype",
			"email_account",
			"priority",
			"add_unsubscribe_link",
		)
		values = {key: template.get(key) for key in columns}
		for email in emails:
			EmailQueue.new(
				{**values, "reference_name": "bench-floor", "recipients": [email]}, ignore_permissions=True
			)
		frappe.db.commit()  # nosemgrep: the floor commits as the app does
		floor = time.perf_counter() - started
	finally:
		purge_queue(appeal.name)
	return {"count": queued, "app": app, "floor": floor}


def purge_queue(appeal: str) -> None:
	"""The benchmark's emails are never sent: deleted with their recipients."""
	for reference in (appeal, "bench-floor"):
		frappe.db.sql(
			"""delete r from `tabEmail Queue Recipient` r join `tabEmail Queue` q on q.name = r.parent
			where q.reference_name = %s""",
			reference,
		)
		frappe.db.sql("delete from `tabEmail Queue` where reference_name = %s", reference)
	frappe.db.commit()  # nosemgrep: benchmark clean-up


def print_table(rows: list[dict], queue: dict) -> None:
	line = "-" * 92
	print(line)
	print(f"{'measure':<28}{'donations':>12}{'app (ms)':>11}{'floor (ms)':>12}{'ratio':>8}{'goal':>7}")
	print(line)
	for row in rows:
		ratio = row["app"] / row["floor"]
		mark = "ok" if ratio <= PAGE_GOAL else "OVER"
		print(
			f"{row['label']:<28}{row['size']:>12,}{row['app'] * 1000:>11.2f}{row['floor'] * 1000:>12.2f}"
			f"{ratio:>7.2f}x{PAGE_GOAL:>6.1f}x {mark}"
		)
	print(line)
	ratio = queue["app"] / queue["floor"]
	mark = "ok" if ratio <= QUEUE_GOAL else "OVER"
	print(
		f"{'appeal segment + queue (s)':<28}{queue['count']:>12,}{queue['app']:>11.2f}{queue['floor']:>12.2f}"
		f"{ratio:>7.2f}x{QUEUE_GOAL:>6.1f}x {mark}   (count = recipients)"
	)
	print(line)
	print("Pages: best of the runs, as a guest; 'data' is the page's get_context, 'response' the whole page.")
	print(
		"floor: one hand-written aggregate over the donations for the same numbers (raised, gifts, donors)."
	)
	print("Appeal: segment query, consent and unsubscribe checks, one email built per language and one")
	print("Email Queue row per recipient with their link; floor: a bare loop of EmailQueue.new, same count.")
	print(line)
