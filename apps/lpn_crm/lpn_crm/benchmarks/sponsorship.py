"""Sponsorship benchmark: coverage and arrears against one hand-written SQL query each, and the sponsor
portal's server time at full size against the same pages with ten sponsorships in the database.

    bench --site lpn-bench-sp.localhost execute lpn_crm.benchmarks.sponsorship.run \
        --kwargs "{'children': 5000, 'sponsorships': 12000, 'donations': 1000000}"

(or scripts/bench-sponsorship). It empties the site's donors, children, sponsorships and donations, then:
1. loads ten sponsorships (two of them the probe sponsor's, with their payments) and times the portal pages
   /my-sponsorships and /my-sponsorships/<name> as the probe sponsor (the small floor);
2. bulk-loads the rest with frappe.db.bulk_insert: children, sponsors, sponsorships in every state and
   their monthly payments as submitted donations, to the sizes asked, and times the same two pages again
   (goal: at most 1.2x, flat);
3. times the coverage of every child (sponsorship.finance.coverage_rows) and the arrears of every active
   sponsorship (finance.arrears_rows) beside one hand-written query for the same numbers (goal: at most
   1.5x).
Times are the best of `repeat` runs after a warm-up, app and floor taking turns.
"""

import random
import time
from collections.abc import Iterator
from datetime import date, timedelta

import frappe
from frappe.utils import add_months, now, set_request, today
from frappe.website.serve import get_response_without_exception_handling

from lpn_crm.benchmarks.fundraising import compare, timed
from lpn_crm.sponsorship import finance
from lpn_crm.sponsorship.money_settings import child_education_fund, terms_per_year

RATIO_GOAL = 1.5
PORTAL_GOAL = 1.2
INSERT_BATCH = 50_000
SMALL = 10
YEARS = 14
PROBE_EMAIL = "bench.sponsor@lpn-bench.test"
TABLES = (
	"LPN Donation",
	"LPN Sponsorship",
	"LPN Sponsorship Hold",
	"LPN Sponsorship Reminder",
	"LPN Child Consent",
	"LPN Child",
)
ORIGINS = {"Myanmar": 60, "Laos": 12, "Cambodia": 15, "Stateless": 8, "Other": 5}
NEEDS = (3600, 4800, 6000, 7200, 9000, 12000)
AMOUNTS = (300, 400, 500, 600, 800, 1000, 1200, 1500)
SPONSORSHIP_STATES = {"Active": 84, "Paused": 6, "Ended": 6, "Proposed": 4}
CHILD_DONE = {"Graduated": 4, "Left Programme": 4}

# ---- the floors: one hand-written query each ---------------------------------------------------------

# The same numbers as the app (need, cover, gap and state per child; months due and paid, months missed and
# the first unpaid month per sponsorship), written for this data (every amount in baht, no refunds).
FLOOR_COVERAGE = """
select c.name, round(c.scholarship_need_per_term * %(terms)s / 12, 2) as need,
	coalesce(sum(s.base_monthly_amount), 0) as covered,
	count(s.name) as sponsors,
	greatest(0, round(c.scholarship_need_per_term * %(terms)s / 12, 2) - coalesce(sum(s.base_monthly_amount), 0))
		as gap,
	case when count(s.name) = 0 then 'Not Sponsored'
		when sum(s.base_monthly_amount) >= round(c.scholarship_need_per_term * %(terms)s / 12, 2)
			then 'Fully Sponsored'
		else 'Partly Sponsored' end as coverage
from `tabLPN Child` c
left join `tabLPN Sponsorship` s on s.child = c.name and s.status = 'Active'
where c.status not in ('Graduated', 'Left Programme')
group by c.name
order by gap desc
"""
FLOOR_ARREARS = """
select s.name,
	timestampdiff(month, s.start_date, %(as_of)s) + 1 as expected,
	floor(coalesce(sum(d.amount), 0) / s.monthly_amount) as paid,
	greatest(0, timestampdiff(month, s.start_date, %(as_of)s) + 1
		- floor(coalesce(sum(d.amount), 0) / s.monthly_amount)) as missed,
	date_add(s.start_date, interval floor(coalesce(sum(d.amount), 0) / s.monthly_amount) month) as first_unpaid
from `tabLPN Sponsorship` s
left join `tabLPN Donation` d on d.sponsorship = s.name and d.docstatus = 1
where s.status = 'Active'
group by s.name
order by missed desc
"""


def run(
	children: int = 5_000,
	sponsorships: int = 12_000,
	donations: int = 1_000_000,
	repeat: int = 5,
	seed: int = 12,
) -> None:
	"""Generate the data and print the comparison table. Only on a site whose name says "bench"."""
	if "bench" not in frappe.local.site:
		frappe.throw(f"{frappe.local.site} is not a benchmark site: this benchmark deletes every sponsorship")
	if frappe.flags.in_test:
		frappe.throw("not in tests")
	children, sponsorships, donations = int(children), int(sponsorships), int(donations)
	repeat = max(int(repeat), 1)
	rng = random.Random(seed)
	say(
		f"site {frappe.local.site}: {children:,} children, {sponsorships:,} sponsorships, {donations:,} donations"
	)
	empty_tables()
	data = Generator(rng, fund=child_education_fund())
	probe_user, probe_pages = data.small_stage()
	portal_small = time_pages(probe_user, probe_pages, repeat)
	say(f"small stage: {frappe.db.count('LPN Sponsorship')} sponsorships")
	started = time.monotonic()
	data.large_stage(children, sponsorships, donations)
	analyze()
	say(f"data generated in {time.monotonic() - started:.0f} s")
	portal_large = time_pages(probe_user, probe_pages, repeat)
	as_of = frappe.utils.add_days(today(), -7)
	rows = [
		compare(
			"Coverage, every child",
			finance.coverage_rows,
			{"terms": terms_per_year()},
			repeat,
			FLOOR_COVERAGE,
		),
		compare(
			"Arrears, active sponsorships",
			lambda: finance.arrears_rows(grace_days=7),
			{"as_of": as_of},
			repeat,
			FLOOR_ARREARS,
		),
	]
	print_table(rows, portal_small, portal_large)


def say(message: str) -> None:
	print(f"bench-sponsorship: {message}", flush=True)


def empty_tables() -> None:
	for table in (*TABLES, "LPN Donor", "LPN Donor Consent", "LPN Receipt", "LPN Recurring Donation"):
		frappe.db.sql(f"delete from `tab{table}`")  # nosemgrep: fixed names, benchmark site only
	frappe.db.commit()  # nosemgrep: benchmark data load


def analyze() -> None:
	for table in (*TABLES, "LPN Donor"):
		frappe.db.sql(f"analyze table `tab{table}`")  # nosemgrep: fixed names


# ---- data -----------------------------------------------------------------------------------------


CHILD_FIELDS = [
	*("name", "creation", "modified", "owner", "modified_by", "docstatus", "idx"),
	*("first_name", "family_name", "date_of_birth", "gender", "origin", "status", "grade"),
	*("scholarship_need_per_term", "monthly_need", "sponsored_monthly", "monthly_gap"),
]
DONOR_FIELDS = [
	*("name", "creation", "modified", "owner", "modified_by", "docstatus", "idx"),
	*("donor_type", "donor_name", "preferred_language", "email", "user"),
	*(
		"needs_review",
		"lifetime_total",
		"donation_count",
		"largest_gift",
		"current_year_total",
		"last_year_total",
	),
]
SPONSORSHIP_FIELDS = [
	*("name", "creation", "modified", "owner", "modified_by", "docstatus", "idx"),
	*(
		"sponsor",
		"sponsor_name",
		"child",
		"child_first_name",
		"status",
		"start_date",
		"end_date",
		"end_reason",
	),
	*("monthly_amount", "currency", "base_monthly_amount", "payment_channel"),
]
DONATION_FIELDS = [
	*("name", "creation", "modified", "owner", "modified_by", "docstatus", "idx"),
	*("donor", "donation_date", "status", "amount", "currency", "exchange_rate", "base_amount"),
	*("payment_method", "fund", "sponsorship", "acknowledgement_status", "edonation_status"),
	*("is_in_kind", "needs_review", "refunded_amount"),
]

FIRST_NAMES = (
	"Hnin Aung Su Zaw Thiri Kyaw May Naing Ei Min Bounmy Khamla Sokha Dara Bopha Naw Saw Nang Sai".split()
)
FAMILY_NAMES = "Wai Lin Myat Htet Aye Soe Oo Phommachanh Sengdara Chan Sok Keo Paw Htoo Kham Leng".split()


class Generator:
	"""Children, sponsors, sponsorships and their payments in LPN's proportions, numbered in one sequence."""

	def __init__(self, rng: random.Random, fund: str | None):
		self.rng = rng
		self.fund = fund or "Child Education"
		self.stamp = now()
		self.today = date.fromisoformat(today())
		self.children: list[tuple[str, str]] = []  # (name, first name) of children in the programme
		self.donors: list[tuple[str, str]] = []
		self.counts = {"child": 0, "donor": 0, "sponsorship": 0, "donation": 0}

	def next(self, kind: str, prefix: str) -> str:
		self.counts[kind] += 1
		return f"{prefix}{self.counts[kind]:08d}"

	def common(self, name: str, docstatus: int = 0) -> tuple:
		return (name, self.stamp, self.stamp, "Administrator", "Administrator", docstatus, 0)

	# -- rows --

	def child_rows(self, count: int) -> Iterator[tuple]:
		origins, weights = list(ORIGINS), list(ORIGINS.values())
		done, done_weights = list(CHILD_DONE), list(CHILD_DONE.values())
		for _ in range(count):
			name = self.next("child", "BCH-")
			first = self.rng.choice(FIRST_NAMES)
			status = self.rng.choices([*done, "Waiting"], [*done_weights, 100 - sum(done_weights)])[0]
			need = self.rng.choice(NEEDS)
			born = self.today - timedelta(days=self.rng.randrange(4 * 365, 18 * 365))
			if status == "Waiting":
				self.children.append((name, first))
			yield (
				*self.common(name),
				first,
				self.rng.choice(FAMILY_NAMES),
				born,
				self.rng.choice(("Female", "Male")),
				self.rng.choices(origins, weights)[0],
				status,
				"Primary 3",
				need,
				round(need * 2 / 12, 2),
				0,
				round(need * 2 / 12, 2),
			)

	def donor_rows(self, count: int) -> Iterator[tuple]:
		for _ in range(count):
			name = self.next("donor", "BDN-")
			donor_name = f"Sponsor {self.counts['donor']:06d}"
			self.donors.append((name, donor_name))
			yield (
				*self.common(name),
				"Person",
				donor_name,
				"en",
				f"sponsor{self.counts['donor']:06d}@lpn-bench.test",
				None,
				*(0, 0, 0, 0, 0, 0),
			)

	def sponsorship_row(
		self, donor: tuple[str, str], status: str, start: date, child=None, amount=None
	) -> tuple:
		name = self.next("sponsorship", "BSP-")
		amount = amount or self.rng.choice(AMOUNTS)
		child = child or (self.rng.choice(self.children) if status != "Proposed" else (None, None))
		ended = status == "Ended"
		end = self.today - timedelta(days=self.rng.randrange(1, 700)) if ended else None
		if end and end < start:
			start, end = end, start
		channel = self.rng.choices(
			("Stripe Monthly", "Bank Standing Order", "Yearly Transfer"), (50, 40, 10)
		)[0]
		return (
			*self.common(name),
			donor[0],
			donor[1],
			child[0],
			child[1],
			status,
			start,
			end,
			"The family moved" if ended else None,
			amount,
			"THB",
			amount,
			channel,
		)

	def payment_days(self, sponsorship: tuple) -> Iterator[date]:
		"""The days a sponsorship's payments fall due: monthly from its start (yearly for a yearly transfer)."""
		status, start, end, channel = sponsorship[11], sponsorship[12], sponsorship[13], sponsorship[18]
		if status == "Proposed":
			return
		last = end or self.today
		step = 12 if channel == "Yearly Transfer" else 1
		month = 0
		while (day := add_months(start, month)) <= last:
			yield day
			month += step

	def payment_rows(self, sponsorship: tuple, pick) -> Iterator[tuple]:
		"""A sponsorship's payments on the days `pick(day)` says yes to (twelve months at once for a yearly
		transfer)."""
		name, donor, amount, channel = sponsorship[0], sponsorship[7], sponsorship[15], sponsorship[18]
		step = 12 if channel == "Yearly Transfer" else 1
		for day in self.payment_days(sponsorship):
			if pick(day):
				paid = amount * step
				yield (
					*self.common(self.next("donation", "DON-SP-"), 1),
					donor,
					day,
					"Paid",
					*(paid, "THB", 1, paid),
					"Bank Transfer" if channel != "Stripe Monthly" else "Card (Stripe)",
					self.fund,
					name,
					*("Sent", "Not Eligible", 0, 0, 0),
				)

	# -- stages --

	def insert(self, doctype: str, fields: list[str], rows) -> int:
		inserted = 0
		batch = []
		for row in rows:
			batch.append(row)
			if len(batch) >= INSERT_BATCH:
				frappe.db.bulk_insert(doctype, fields, batch)
				frappe.db.commit()  # nosemgrep: benchmark data load
				inserted += len(batch)
				batch = []
		if batch:
			frappe.db.bulk_insert(doctype, fields, batch)
			frappe.db.commit()  # nosemgrep: benchmark data load
			inserted += len(batch)
		return inserted

	def small_stage(self) -> tuple[str, list[str]]:
		"""Ten sponsorships, two of them the probe sponsor's (a user with the LPN Sponsor role)."""
		self.insert("LPN Child", CHILD_FIELDS, self.child_rows(SMALL))
		self.insert("LPN Donor", DONOR_FIELDS, self.donor_rows(SMALL - 2))
		user = probe_sponsor_user()
		probe = (self.next("donor", "BDN-"), "Bench Probe Sponsor")
		frappe.db.bulk_insert(
			"LPN Donor",
			DONOR_FIELDS,
			[(*self.common(probe[0]), "Person", probe[1], "en", PROBE_EMAIL, user, *(0, 0, 0, 0, 0, 0))],
		)
		start = add_months(self.today, -24)
		rows = [
			self.sponsorship_row(probe, "Active", start, child=self.children[i], amount=1000) for i in (0, 1)
		]
		rows += [
			self.sponsorship_row(self.donors[i], "Active", add_months(self.today, -self.rng.randrange(1, 60)))
			for i in range(SMALL - 2)
		]
		self.insert("LPN Sponsorship", SPONSORSHIP_FIELDS, rows)
		self.insert(
			"LPN Donation",
			DONATION_FIELDS,
			(p for row in rows for p in self.payment_rows(row, lambda day: True)),
		)
		self.consent_to_everything([self.children[0][0], self.children[1][0]])
		return user, ["/my-sponsorships", f"/my-sponsorships/{rows[0][0]}"]

	def consent_to_everything(self, children: list[str]) -> None:
		"""The probe's children have their guardians' consents, so the portal shows them as it would."""
		rows = [
			(
				*self.common(self.next("donation", "BCC-")),
				child,
				"consents",
				"LPN Child",
				purpose,
				1,
				"Guardian",
				self.today - timedelta(days=300),
			)
			for child in children
			for purpose in ("Data processing", "Photo use", "Story use")
		]
		fields = [*DONATION_FIELDS[:7], "parent", "parentfield", "parenttype", "purpose", "given", "given_by"]
		frappe.db.bulk_insert("LPN Child Consent", [*fields, "consent_date"], rows)
		frappe.db.commit()  # nosemgrep: benchmark data load

	def large_stage(self, children: int, sponsorships: int, donations: int) -> None:
		self.insert("LPN Child", CHILD_FIELDS, self.child_rows(children - SMALL))
		say(f"{children:,} children")
		donor_count = int(sponsorships * 0.75)
		self.insert("LPN Donor", DONOR_FIELDS, self.donor_rows(donor_count - SMALL))
		states, weights = list(SPONSORSHIP_STATES), list(SPONSORSHIP_STATES.values())
		rows = []
		for _ in range(sponsorships - SMALL):
			status = self.rng.choices(states, weights)[0]
			start = self.today - timedelta(days=self.rng.randrange(30, YEARS * 365))
			rows.append(self.sponsorship_row(self.rng.choice(self.donors), status, start))
		wanted = max(0, donations - frappe.db.count("LPN Donation"))
		due = self.payments_due(rows)
		for _ in range(5):
			if due >= wanted / 0.97:
				break
			# Too few months for the payments asked: the sponsorships started that much longer ago.
			rows = [self.started_earlier(row, wanted / 0.97 / max(due, 1)) for row in rows]
			due = self.payments_due(rows)
		if due < wanted:
			frappe.throw(f"{sponsorships:,} sponsorships cannot make {wanted:,} payments")
		self.insert("LPN Sponsorship", SPONSORSHIP_FIELDS, rows)
		say(f"{sponsorships:,} sponsorships")
		# Exactly `wanted` of the `due` payments, each equally likely (selection sampling, Knuth's algorithm S):
		# a payment is made with the chance of the payments still wanted among those still due.
		left = {"due": due, "wanted": wanted}

		def pick(day: date) -> bool:
			chosen = self.rng.random() * left["due"] < left["wanted"]
			left["due"] -= 1
			left["wanted"] -= chosen
			return chosen

		inserted = self.insert(
			"LPN Donation", DONATION_FIELDS, (p for row in rows for p in self.payment_rows(row, pick))
		)
		say(f"{frappe.db.count('LPN Donation'):,} donations ({inserted:,} of {due:,} payments due made)")

	def payments_due(self, rows: list[tuple]) -> int:
		"""How many payments the sponsorships fall due for, counted as payment_rows walks them."""
		return sum(1 for row in rows for _ in self.payment_days(row))

	def started_earlier(self, row: tuple, stretch: float) -> tuple:
		end = row[13] or self.today
		return (*row[:12], end - (end - row[12]) * stretch, *row[13:])


def probe_sponsor_user() -> str:
	if not frappe.db.exists("User", PROBE_EMAIL):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": PROBE_EMAIL,
				"first_name": "Bench",
				"last_name": "Sponsor",
				"user_type": "Website User",
				"send_welcome_email": 0,
				"roles": [{"role": "LPN Sponsor"}],
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: benchmark data load
	return PROBE_EMAIL


# ---- timing ----------------------------------------------------------------------------------------


def render_page(path: str) -> int:
	"""The page's server time as a request has it: context, permission checks, template; returns its size."""
	saved_request, saved_form = getattr(frappe.local, "request", None), frappe.local.form_dict
	set_request(method="GET", path=path)
	frappe.local.form_dict = frappe._dict()
	try:
		response = get_response_without_exception_handling(path)
		if response.status_code != 200:
			frappe.throw(f"{path} answered {response.status_code}")
		return len(response.get_data())
	finally:
		frappe.local.request, frappe.local.form_dict = saved_request, saved_form


def time_pages(user: str, pages: list[str], repeat: int) -> dict[str, float]:
	"""Best time of each page as `user`; pages are short, so they get four times the runs (and a warm-up of
	three) to see past the load other work puts on the machine."""
	frappe.set_user(user)
	try:
		times = {}
		for page in pages:
			for _ in range(3):
				render_page(page)
			times[page] = timed(lambda page=page: render_page(page), repeat * 4)
			frappe.db.commit()  # nosemgrep: the access log rows the portal writes
		return times
	finally:
		frappe.set_user("Administrator")


def print_table(rows: list[dict], small: dict[str, float], large: dict[str, float]) -> None:
	line = "-" * 92
	print(line)
	print(f"{'query':<36}{'app (s)':>10}{'floor (s)':>11}{'ratio':>8}{'goal':>7}   rows (app / floor)")
	print(line)
	for row in rows:
		ratio = row["app"] / row["floor"]
		mark = "ok" if ratio <= RATIO_GOAL else "OVER"
		print(
			f"{row['label']:<36}{row['app']:>10.3f}{row['floor']:>11.3f}{ratio:>7.2f}x"
			f"{RATIO_GOAL:>6.1f}x {mark:<4} {row['rows']}"
		)
	print(line)
	print(f"{'portal page (ms)':<36}{'full size':>10}{'10 spons.':>11}{'ratio':>8}{'goal':>7}")
	for page, small_time in small.items():
		ratio = large[page] / small_time
		mark = "ok" if ratio <= PORTAL_GOAL else "OVER"
		label = "/my-sponsorships/<name>" if page.count("/") > 1 else page
		print(
			f"{label:<36}{large[page] * 1000:>10.1f}{small_time * 1000:>11.1f}{ratio:>7.2f}x"
			f"{PORTAL_GOAL:>6.1f}x {mark}"
		)
	print(line)
