"""Fundraising benchmark: the app's analytics and rollups against a hand-written SQL floor, same run.

    bench --site lpn-bench.localhost execute lpn_crm.benchmarks.fundraising.run \
        --kwargs "{'donors': 100000, 'donations': 1000000}"

(or scripts/bench-fundraising). It empties the site's donors and donations, generates a history spread
over five years with frappe.db.bulk_insert, and prints for LYBUNT, SYBUNT, retention and the rollup of
every donor the app's time, the time of one hand-written query doing the same aggregation on the same
tables, and their ratio (goal: at most 1.5x); and the time of a duplicate lookup for a new donor with
1,000 donors and with all of them (goal: at most 2x, as the lookup is indexed). Times are the best of
`repeat` runs after a warm-up run, app and floor taking turns, so that load from elsewhere hits both
alike.
"""

import random
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import frappe
from frappe.utils import now, today

from lpn_crm.domain.matching import donor_keys
from lpn_crm.fundraising import analytics
from lpn_crm.fundraising.donors import find_duplicates, keys_of
from lpn_crm.fundraising.rollups import recompute_donor_rollups, year_bounds

YEARS = 5
SMALL_DONOR_COUNT = 1_000
RATIO_GOAL = 1.5
LOOKUP_RATIO_GOAL = 2.0
PROBES = 200
INSERT_BATCH = 50_000

FUNDS = {
	"General Fund": 40,
	"Migrant Children Education": 20,
	"Emergency Relief": 15,
	"Social Worker Clinic": 10,
	"Migrant Labour Museum": 8,
	"Shelter and Training Centre": 7,
}
METHODS = {"Bank Transfer": 45, "PromptPay": 25, "Card (Stripe)": 15, "Cash": 12, "Cheque": 3}
DOMAINS = ("gmail.com", "hotmail.com", "yahoo.co.th", "outlook.com", "lpn-friends.org")

THAI_FIRST = (
	"Somchai Somsak Suda Malee Niran Pranee Wichai Kanya Anan Orathai Prasert Siriporn Thanawat Nattapong "
	"Kittisak Pornthip Supaporn Jiraporn Chaiwat Apinya Wanida Suchart Boonmee Ratana Sakda Narong Arunee "
	"Chanida Piyawat Thitima Kannika Surachai Weerapong Duangjai Sombat Pichai Nipon Rungnapa Sunisa Yupin "
	"Ekkachai Phichit Saowalak Thongchai Urai Wassana Yaowaluck Amnuay Boonchu Chalerm"
).split()
# Thai surnames are nearly unique to a family: built from syllables, as many are.
THAI_SURNAME_SYLLABLES = (
	"jai dee sri suk wong sawat sae tang chai porn rattana korn kaew manee boon thong phrom intha "
	"prasert charoen mee ruang pattana kong siri panich thamma nak wat chanta sak lim sang burana kasem "
	"roja suwanna tang yod ananta chot decha kitti lert pong vanich"
).split()
THAI_SCRIPT = "สมชาย ใจดี|สุดา ศรีสุข|มาลี วงศ์สวัสดิ์|นิรันดร์ แซ่ตั้ง|ประณีต ชัยพร|วิชัย รัตนกร|กัญญา แก้วมณี".split("|")
BURMESE_PARTS = (
	"Aung Kyaw Hla Myint Thida Nilar Zaw Htet Win Soe Moe Thant Min Naing Su Mya Khin Tun Thein Ye".split()
)
ENGLISH_FIRST = (
	"John Mary David Sarah Michael Emma James Anna Peter Laura Thomas Julia Mark Helen Paul".split()
)
ENGLISH_LAST = "Smith Jones Brown Taylor Wilson Evans Walker Wright Robinson Hughes Green Hall Wood".split()


# ---- the floor: one hand-written query per aggregation ----------------------------------------------

FLOOR_LYBUNT = """
select donor, sum(base_amount), count(*), max(donation_date) from `tabLPN Donation`
where docstatus = 1 and donation_date >= %(last_start)s and donation_date < %(next_start)s
group by donor having max(donation_date) < %(this_start)s
"""
# The same columns as the app's SYBUNT (the donor's name, email and phone joined on), in the order the app
# returns them: the floor does the whole of the report's work in one statement.
FLOOR_SYBUNT = """
select x.donor, d.donor_name, d.email, d.phone, sum(x.base_amount), count(*), min(x.donation_date),
	max(x.donation_date) as last_gift_date
from `tabLPN Donation` x straight_join `tabLPN Donor` d on d.name = x.donor
where x.docstatus = 1 and x.donation_date < %(next_start)s
group by x.donor having max(x.donation_date) < %(this_start)s
order by last_gift_date desc, x.donor
"""
FLOOR_RETENTION = """
select donor, bit_or(case when donation_date >= %(base_start)s
		then 1 << (year(donation_date) - %(base)s) else 0 end), min(year(donation_date))
from `tabLPN Donation` where docstatus = 1 and donation_date < %(next_start)s group by donor
"""
# The same rows updated as the app's rollup (every donor, those without gifts back to nothing), in one
# hand-written UPDATE, committed as the nightly job commits it.
FLOOR_ROLLUP = """
update `tabLPN Donor` d left join (
	select donor, sum(base_amount) as total, count(*) as gifts, max(base_amount) as largest,
		min(donation_date) as first_date, max(donation_date) as last_date,
		sum(if(donation_date >= %(year_start)s, base_amount, 0)) as this_year,
		sum(if(donation_date >= %(last_year_start)s and donation_date < %(year_start)s, base_amount, 0))
			as last_year
	from `tabLPN Donation` where docstatus = 1 group by donor
) g on g.donor = d.name
set d.lifetime_total = ifnull(g.total, 0), d.donation_count = ifnull(g.gifts, 0),
	d.largest_gift = ifnull(g.largest, 0), d.first_gift_date = g.first_date, d.last_gift_date = g.last_date,
	d.current_year_total = ifnull(g.this_year, 0), d.last_year_total = ifnull(g.last_year, 0)
"""


def floor_rollup(values: dict) -> None:
	frappe.db.sql(FLOOR_ROLLUP, values)
	frappe.db.commit()  # nosemgrep: as rollup_all commits


def run(
	donors: int = 100_000, donations: int = 1_000_000, repeat: int = 5, seed: int = 15, reuse: bool = False
) -> None:
	"""Generate the data and print the comparison table. Only on a site whose name says "bench".

	With `reuse`, data of the same size left by an earlier run is kept and only the queries are timed
	(the duplicate lookup, which needs the 1,000-donor stage, is then left out).
	"""
	if "bench" not in frappe.local.site:
		frappe.throw(f"{frappe.local.site} is not a benchmark site: this benchmark deletes every donor")
	if frappe.flags.in_test:
		frappe.throw("not in tests")
	donors, donations, repeat = int(donors), int(donations), max(int(repeat), 1)
	say(f"site {frappe.local.site}: {donors:,} donors, {donations:,} donations over {YEARS} years")
	small = min(SMALL_DONOR_COUNT, donors)
	if reuse and existing_size() == (donors, donations):
		say("reusing the data of an earlier run")
		lookups = None
	else:
		lookups = generate(donors, donations, small, repeat, random.Random(seed))

	year = analytics.current_fiscal_year()
	bounds = analytics.fiscal_year_bounds(year)
	retention_values = {**bounds, "base": year - YEARS, "base_start": date(year - YEARS, 1, 1)}
	rows = [
		compare("LYBUNT", lambda: analytics.lybunt_donors(year), bounds, repeat, FLOOR_LYBUNT),
		compare("SYBUNT (incl. LYBUNT)", lambda: analytics.sybunt_donors(year), bounds, repeat, FLOOR_SYBUNT),
		compare(
			f"Retention {year - YEARS + 1}-{year}",
			lambda: analytics.retention_by_year(year - YEARS + 1, year),
			retention_values,
			repeat,
			FLOOR_RETENTION,
		),
		compare("Rollup, all donors", rollup_all, year_bounds(), repeat, floor_rollup),
	]
	print_table(rows, lookups, small, donors)


def existing_size() -> tuple[int, int]:
	return frappe.db.count("LPN Donor"), frappe.db.count("LPN Donation")


def generate(donors: int, donations: int, small: int, repeat: int, rng: random.Random) -> tuple[float, float]:
	"""Replace the site's donors and donations; time the duplicate lookup at `small` donors and at all."""
	empty_tables()
	ensure_funds()
	generator = DonorGenerator(rng)
	insert_donors(generator, 0, small)
	probes = generator.probes(PROBES)
	lookup_small = time_lookups(probes, repeat)
	insert_donors(generator, small, donors)
	analyze()
	lookup_large = time_lookups(probes, repeat)

	started = time.monotonic()
	insert_donations(rng, generator.names, donors, donations)
	analyze()
	say(f"donations generated in {time.monotonic() - started:.0f} s")
	return lookup_small, lookup_large


def say(message: str) -> None:
	print(f"bench-fundraising: {message}", flush=True)


# ---- data ------------------------------------------------------------------------------------------


def empty_tables() -> None:
	for table in ("LPN Donation", "LPN Donor Consent", "LPN Donor"):
		frappe.db.sql(f"truncate table `tab{table}`")  # nosemgrep: fixed names, benchmark site only
	frappe.db.commit()  # nosemgrep: benchmark data load


def ensure_funds() -> None:
	for fund in FUNDS:
		if not frappe.db.exists("LPN Fund", fund):
			frappe.get_doc({"doctype": "LPN Fund", "fund_name": fund}).insert(ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: benchmark data load


class DonorGenerator:
	"""People in the proportions LPN meets them: Thai (romanised or in Thai script), Burmese, foreign."""

	def __init__(self, rng: random.Random):
		self.rng = rng
		self.names: list[str] = []
		self.people: list[dict] = []  # the first donors, whom the duplicate probes re-enter

	def person(self) -> dict:
		rng = self.rng
		kind = rng.random()
		if kind < 0.55:
			first = rng.choice(THAI_FIRST)
			last = "".join(rng.choices(THAI_SURNAME_SYLLABLES, k=rng.choice((2, 3, 3)))).capitalize()
			name, handle = f"{first} {last}", f"{first}.{last}"
		elif kind < 0.6:
			name = rng.choice(THAI_SCRIPT)  # a few very common names, written in Thai
			handle = f"{rng.choice(THAI_FIRST)}{rng.randint(1, 999)}"
		elif kind < 0.85:
			parts = rng.sample(BURMESE_PARTS, rng.choice((2, 3, 3, 3)))
			name, handle = " ".join(parts), "".join(parts)
		else:
			first, last = rng.choice(ENGLISH_FIRST), rng.choice(ENGLISH_LAST)
			name, handle = f"{first} {last}", f"{first}_{last}"
		email = (
			f"{handle.lower()}{rng.randint(1, 99999)}@{rng.choice(DOMAINS)}" if rng.random() < 0.8 else None
		)
		phone = f"08{rng.randint(0, 99_999_999):08d}" if rng.random() < 0.7 else None
		return {"donor_name": name, "email": email, "phone": phone, "search_name": None}

	def probes(self, count: int) -> list[dict]:
		"""New donors as the desk form would see them: half re-entering someone already on file (email
		in capitals, phone in international form, a title before the name), half strangers."""
		probes = []
		for _ in range(count // 2):
			known = self.rng.choice(self.people)
			probes.append(
				{
					"donor_name": f"Khun {known['donor_name']}",
					"email": known["email"].upper() if known["email"] else None,
					"phone": f"+66 {known['phone'][1:]}" if known["phone"] else None,
					"search_name": None,
				}
			)
		return probes + [self.person() for _ in range(count - len(probes))]

	def rows(self, start: int, stop: int, stamp: str) -> Iterator[tuple]:
		for index in range(start, stop):
			person = self.person()
			if len(self.people) < SMALL_DONOR_COUNT:
				self.people.append(person)
			keys = donor_keys(person["email"], person["phone"], person["donor_name"], None)
			name = f"DNR-{index + 1:07d}"
			self.names.append(name)
			yield (
				name,
				*(stamp, stamp, "Administrator", "Administrator", 0, 0),
				"Person",
				person["donor_name"],
				"th" if self.rng.random() < 0.6 else "en",
				person["email"],
				person["phone"],
				*(keys.email, keys.phone, keys.name, None),
				*(0, 0, 0, 0, 0, 0),
			)


DONOR_FIELDS = [
	*("name", "creation", "modified", "owner", "modified_by", "docstatus", "idx"),
	*("donor_type", "donor_name", "preferred_language", "email", "phone"),
	*("email_key", "phone_key", "name_key", "search_name_key"),
	*("needs_review", "lifetime_total", "donation_count", "largest_gift", "current_year_total"),
	"last_year_total",
]

DONATION_FIELDS = [
	*("name", "creation", "modified", "owner", "modified_by", "docstatus", "idx"),
	*("donor", "donation_date", "status", "amount", "currency", "exchange_rate", "base_amount"),
	*("payment_method", "fund", "acknowledgement_status", "edonation_status"),
	*("is_in_kind", "needs_review", "refunded_amount"),
]


def insert_donors(generator: DonorGenerator, start: int, stop: int) -> None:
	stamp = now()
	for batch_start in range(start, stop, INSERT_BATCH):
		batch_stop = min(batch_start + INSERT_BATCH, stop)
		frappe.db.bulk_insert("LPN Donor", DONOR_FIELDS, generator.rows(batch_start, batch_stop, stamp))
		frappe.db.commit()  # nosemgrep: benchmark data load
	say(f"{stop:,} donors")


def donor_years(rng: random.Random, donor_count: int, first_year: int) -> list[tuple[int, int, float]]:
	"""(donor index, year, weight) for each year a donor gives: a start year, then each next year kept
	with 55% chance (a few come back after a gap); the weight says how often that donor gives."""
	pairs = []
	for index in range(donor_count):
		weight = rng.paretovariate(1.6)
		year = first_year + rng.randrange(YEARS)
		while year < first_year + YEARS:
			pairs.append((index, year, weight))
			roll = rng.random()
			year += 1 if roll < 0.55 else (2 if roll < 0.62 else YEARS)
	return pairs


def insert_donations(
	rng: random.Random, donor_names: list[str], donor_count: int, donation_count: int
) -> None:
	first_year = date.today().year - YEARS + 1
	pairs = donor_years(rng, donor_count, first_year)
	if donation_count <= len(pairs):
		counts = dict.fromkeys(rng.sample(range(len(pairs)), donation_count), 1)
	else:
		counts = dict.fromkeys(range(len(pairs)), 1)
		for chosen in rng.choices(
			range(len(pairs)), weights=[w for _, _, w in pairs], k=donation_count - len(pairs)
		):
			counts[chosen] += 1
	say(f"{len(pairs):,} donor-years")
	rows = donation_rows(rng, donor_names, pairs, counts, date.fromisoformat(today()), now())
	inserted = 0
	while True:
		batch = [row for _, row in zip(range(INSERT_BATCH), rows, strict=False)]
		if not batch:
			break
		frappe.db.bulk_insert("LPN Donation", DONATION_FIELDS, batch)
		frappe.db.commit()  # nosemgrep: benchmark data load
		inserted += len(batch)
		if inserted % 200_000 < INSERT_BATCH:
			say(f"{inserted:,} donations")


def donation_rows(rng, donor_names, pairs, counts, last_day: date, stamp: str) -> Iterator[tuple]:
	funds, fund_weights = list(FUNDS), list(FUNDS.values())
	methods, method_weights = list(METHODS), list(METHODS.values())
	sequence = 0
	# Pairs in random order, so the table is not clustered by donor (real donations arrive by date).
	order = list(counts.items())
	rng.shuffle(order)
	for pair_index, count in order:
		donor_index, year, _ = pairs[pair_index]
		start = date(year, 1, 1)
		days = ((min(date(year, 12, 31), last_day)) - start).days + 1
		method = rng.choices(methods, method_weights)[0]  # a donor mostly keeps one way of paying
		fund = rng.choices(funds, fund_weights)[0]
		for _ in range(count):
			sequence += 1
			amount = round(rng.lognormvariate(6.9, 1.1), -1) or 10  # median about 1,000 baht
			roll = rng.random()
			docstatus = 1 if roll < 0.985 else (2 if roll < 0.995 else 0)
			day = start + timedelta(days=rng.randrange(days))
			yield (
				f"DON-{year}-{sequence:08d}",
				*(stamp, stamp, "Administrator", "Administrator", docstatus, 0),
				donor_names[donor_index],
				day,
				{0: "Draft", 1: "Paid", 2: "Cancelled"}[docstatus],
				*(amount, "THB", 1, amount),
				method if rng.random() < 0.9 else rng.choices(methods, method_weights)[0],
				fund if rng.random() < 0.7 else rng.choices(funds, fund_weights)[0],
				*("Sent", "Not Eligible", 0, 0, 0),
			)


def analyze() -> None:
	for table in ("LPN Donor", "LPN Donation"):
		frappe.db.sql(f"analyze table `tab{table}`")  # nosemgrep: fixed names


# ---- timing ----------------------------------------------------------------------------------------


def timed(fn: Callable, repeat: int) -> float:
	"""Best of `repeat` runs after a warm-up run (caches and buffer pool as a running site has them)."""
	fn()
	best = float("inf")
	for _ in range(repeat):
		started = time.perf_counter()
		fn()
		best = min(best, time.perf_counter() - started)
	return best


def rollup_all() -> None:
	recompute_donor_rollups()
	frappe.db.commit()  # nosemgrep: the benchmark times what the nightly job commits


def compare(label: str, app: Callable, values: dict, repeat: int, floor: str | Callable) -> dict:
	"""Best times of the app and of the floor (a query, or a function of the values), run in turns so that
	load from elsewhere hits both alike."""
	runs = {
		"app": app,
		"floor": (lambda: floor(values)) if callable(floor) else lambda: frappe.db.sql(floor, values),
	}
	results = {key: fn() for key, fn in runs.items()}  # warm-up, and the row counts
	best = dict.fromkeys(runs, float("inf"))
	for _ in range(repeat):
		for key, fn in runs.items():
			best[key] = min(best[key], timed_once(fn))
	app_rows = results["app"] if isinstance(results["app"], list) else None
	return {
		"label": label,
		**best,
		"rows": f"{len(app_rows):,} / {len(results['floor']):,}" if app_rows is not None else "(update)",
	}


def timed_once(fn: Callable) -> float:
	started = time.perf_counter()
	fn()
	return time.perf_counter() - started


def time_lookups(probes: list[dict], repeat: int) -> float:
	"""Median time of one duplicate lookup for a new donor (keys computed as the form does)."""
	docs = [frappe._dict(probe) for probe in probes]

	def all_lookups():
		for doc in docs:
			find_duplicates(keys_of(doc))

	return timed(all_lookups, repeat) / len(docs)


def print_table(rows: list[dict], lookups: tuple[float, float] | None, small: int, donors: int) -> None:
	line = "-" * 86
	print(line)
	print(f"{'query':<28}{'app (s)':>10}{'floor (s)':>11}{'ratio':>8}{'goal':>7}   rows (app / floor)")
	print(line)
	for row in rows:
		ratio = row["app"] / row["floor"]
		mark = "ok" if ratio <= RATIO_GOAL else "OVER"
		print(
			f"{row['label']:<28}{row['app']:>10.3f}{row['floor']:>11.3f}{ratio:>7.2f}x"
			f"{RATIO_GOAL:>6.1f}x {mark:<4} {row['rows']}"
		)
	print(line)
	if lookups:
		lookup_small, lookup_large = lookups
		ratio = lookup_large / lookup_small
		mark = "ok" if ratio <= LOOKUP_RATIO_GOAL else "OVER"
		print(
			f"{'duplicate lookup (ms)':<28}{lookup_large * 1000:>10.3f}{lookup_small * 1000:>11.3f}"
			f"{ratio:>7.2f}x{LOOKUP_RATIO_GOAL:>6.1f}x {mark:<4} at {donors:,} / at {small:,} donors"
		)
	else:
		print("duplicate lookup: not measured (reused data has no 1,000-donor stage)")
	print(line)
	print(
		"Best of the runs, app and floor in turns. floor: one hand-written SQL query of the same aggregation"
	)
	print("on the same tables. LYBUNT: donor ids and sums only (the app also returns names, emails, phones);")
	print(
		"SYBUNT: the app's columns (donor names, emails, phones joined) in the app's order; the rollup: the"
	)
	print("same rows updated in one hand-written UPDATE, committed; retention: the per-donor pass.")
	print("Duplicate lookup: the floor column is the time at 1,000 donors (indexed keys: should not grow).")
