"""Races between transactions, on real MariaDB: each session runs in its own thread with its own connection
and commits, as two requests or jobs do. Every test first holds one session's transaction open at the
point the race needs, lets the other run until it either finishes or waits on a lock (polled, with a
bound), then lets the first commit: the interleaving is the same on every run.

What the sessions commit is deleted again at the end of each test.
"""

import queue
import random
import threading
import time
from collections.abc import Callable

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import random_string

from lpn_crm.domain.stripe_events import PAYMENT_SUCCEEDED, StripeFact
from lpn_crm.fundraising.edonation import create_batch
from lpn_crm.fundraising.exceptions import EDonationError
from lpn_crm.fundraising.rollups import nightly_rollups, recompute_donor_rollups
from lpn_crm.lpn_payments import gifts
from lpn_crm.lpn_payments.records import find_or_create_donor
from lpn_crm.tests.factories import VALID_THAI_ID, consent, make_donation, make_donor

WAIT = 60  # seconds: the bound on every wait for another session


class Session:
	"""A database session of its own in a thread: `run` a step there and get its result (or its error)."""

	def __init__(self, site: str):
		self.steps: queue.Queue = queue.Queue()
		self.results: queue.Queue = queue.Queue()
		self.ready = threading.Event()
		self.thread = threading.Thread(target=self._serve, args=(site,), daemon=True)
		self.thread.start()
		if not self.ready.wait(WAIT):
			raise TimeoutError("the session did not connect")

	def _serve(self, site: str) -> None:
		frappe.init(site=site)
		frappe.connect()
		frappe.flags.in_test = True
		self.connection_id = frappe.db.sql("select connection_id()")[0][0]
		self.ready.set()
		try:
			while (step := self.steps.get()) is not None:
				try:
					self.results.put((True, step()))
				except Exception as error:
					frappe.db.rollback()
					self.results.put((False, error))
		finally:
			frappe.db.rollback()
			frappe.destroy()

	def start(self, step: Callable) -> None:
		self.steps.put(step)

	def result(self):
		ok, value = self.results.get(timeout=WAIT)
		if not ok:
			raise value
		return value

	def run(self, step: Callable):
		self.start(step)
		return self.result()

	def close(self) -> None:
		self.steps.put(None)
		self.thread.join(WAIT)

	def finished_or_waiting(self) -> str:
		"""Poll until this session's step has finished or it waits on a lock: which one. Waiting is one
		statement still running after half a second (the site's database user may not read InnoDB's lock
		tables; every statement here takes milliseconds when nothing blocks it)."""
		deadline = time.monotonic() + WAIT
		running_since, statement = None, None
		while time.monotonic() < deadline:
			if not self.results.empty():
				return "finished"
			row = frappe.db.sql(
				"select command, info from information_schema.processlist where id = %s", self.connection_id
			)
			now = time.monotonic()
			if row and row[0][0] == "Query" and row[0][1]:
				if row[0][1] != statement:
					running_since, statement = now, row[0][1]
				elif now - running_since > 0.5:
					return "waiting"
			else:
				running_since, statement = None, None
			time.sleep(0.02)
		raise TimeoutError("the session neither finished nor waited on a lock")


def committed(step: Callable) -> Callable:
	"""The step, then a commit: what a request or a job does at its end."""

	def run():
		value = step()
		frappe.db.commit()
		return value

	return run


def snapshot() -> None:
	"""A plain read: from here on the transaction sees the database as it is now (REPEATABLE READ), as a
	request or job that read anything earlier does."""
	frappe.db.sql("select count(*) from `tabLPN Donor`")


class RaceTestCase(FrappeTestCase):
	def setUp(self):
		self.sessions = [Session(frappe.local.site) for _ in range(2)]
		self.cleanups_sql: list[tuple[str, dict]] = []

	def tearDown(self):
		for session in self.sessions:
			session.close()
		cleaner = Session(frappe.local.site)
		try:
			cleaner.run(self.clean)
		finally:
			cleaner.close()

	def clean(self) -> None:
		# A job of these records (a Contact for a new donor...) that a worker of the bench runs meanwhile may
		# deadlock with the deletes: MariaDB rolls one back, and the cleanup starts again (three times at most).
		for attempt in range(3):
			try:
				for sql, values in self.cleanups_sql:
					frappe.db.sql(sql, values)
				frappe.db.commit()
				return
			except frappe.QueryDeadlockError:
				frappe.db.rollback()
				if attempt == 2:
					raise

	def interleave(self, first_step: Callable, second_step: Callable) -> tuple:
		"""The first session runs `first_step` and keeps its transaction open; the other, from a snapshot
		taken then, runs `second_step` and commits, until it finishes or waits on a lock; then the first
		commits. Returns the first step's result and a callable giving the second's (or raising its error)."""
		first, other = self.sessions
		value = first.run(first_step)
		other.run(snapshot)
		other.start(committed(second_step))
		other.finished_or_waiting()
		first.run(lambda: frappe.db.commit())
		return value, other.result

	def delete_later(self, sql: str, **values) -> None:
		self.cleanups_sql.append((sql, values))


class TestFirstGiftsFromOneNewEmail(RaceTestCase):
	"""Failed before the fix: each session looked for a donor with the email, found none and made one, so
	one person became two donors and neither was flagged as the other's duplicate."""

	def setUp(self):
		super().setUp()
		self.email = f"race.{random_string(10).lower()}@example.org"
		self.delete_later(
			"""delete from `tabLPN Donor Consent` where parenttype = 'LPN Donor'
			and parent in (select name from `tabLPN Donor` where email = %(email)s)""",
			email=self.email,
		)
		self.delete_later(
			"""delete from `tabComment` where reference_doctype = 'LPN Donor'
			and reference_name in (select name from `tabLPN Donor` where email = %(email)s)""",
			email=self.email,
		)
		self.delete_later("delete from `tabLPN Donor` where email = %(email)s", email=self.email)

	def donors(self) -> list[str]:
		"""The donors with the email, read in a new transaction of a session: what the sessions committed."""
		return self.sessions[0].run(
			committed(
				lambda: frappe.db.sql_list("select name from `tabLPN Donor` where email = %s", self.email)
			)
		)

	def race(self, second: Callable) -> str:
		made, second_result = self.interleave(
			lambda: find_or_create_donor(self.email, "First Giver", from_donate_form=True), second
		)
		found = second_result()
		self.assertEqual(self.donors(), [made])
		return found

	def test_two_donate_form_gifts_make_one_donor(self):
		found = self.race(
			lambda: find_or_create_donor(self.email.upper(), "Second Giver", from_donate_form=True)
		)
		self.assertEqual(found, self.donors()[0])

	def test_a_batch_of_payments_finds_the_donor_a_single_event_is_making(self):
		fact = StripeFact(
			event_id="evt_race",
			event_type="checkout.session.completed",
			created=int(time.time()),
			livemode=False,
			kind=PAYMENT_SUCCEEDED,
			customer_email=self.email,
			customer_name="Batch Giver",
		)
		found = self.race(lambda: gifts._donors_for({"evt_race": fact}))
		self.assertEqual(found, {"evt_race": self.donors()[0]})


class TestTwoEDonationBatchesAtOnce(RaceTestCase):
	"""Failed before the fix: both batches read the same unclaimed donations and both claimed them, so the
	Revenue Department would have heard of each gift twice."""

	def setUp(self):
		super().setUp()
		# A month of a far year no other test gives in, so the batch's range holds exactly these gifts.
		year = random.randint(2300, 2999)
		self.range = (f"{year}-03-01", f"{year}-03-31")
		donor = self.sessions[0].run(
			committed(
				lambda: make_donor(tax_id=VALID_THAI_ID, consents=[consent("e-Donation Reporting")]).name
			)
		)
		self.donations = self.sessions[0].run(
			committed(
				lambda: [
					make_donation(donor=donor, amount=amount, donation_date=f"{year}-03-0{day}").name
					for day, amount in ((2, 500), (3, 700))
				]
			)
		)
		self.delete_later(
			"delete from `tabLPN e-Donation Batch` where from_date = %(start)s", start=self.range[0]
		)
		for table, column in (
			("LPN Receipt", "donation"),
			("Comment", "reference_name"),
			("Version", "docname"),
			("LPN Donation", "name"),
		):
			self.delete_later(
				f"delete from `tab{table}` where `{column}` in %(names)s", names=tuple(self.donations)
			)
		self.delete_later("delete from `tabSeries` where name = %(series)s", series=f"LPN-RC-{year}-")
		self.delete_later("delete from `tabLPN Donor Consent` where parent = %(donor)s", donor=donor)
		self.delete_later("delete from `tabLPN Donor` where name = %(donor)s", donor=donor)

	def test_the_second_batch_finds_the_gifts_taken(self):
		first = self.sessions[0]
		_, second_result = self.interleave(
			lambda: create_batch(*self.range), lambda: create_batch(*self.range)
		)
		with self.assertRaises(EDonationError):
			second_result()
		batches = first.run(
			committed(
				lambda: frappe.db.sql(
					"""select name, donation_count, total_amount from `tabLPN e-Donation Batch`
					where from_date = %s""",
					self.range[0],
					as_dict=True,
				)
			)
		)
		self.assertEqual([(b.donation_count, b.total_amount) for b in batches], [(2, 1200)])
		claimed = first.run(
			lambda: frappe.get_all("LPN Donation", {"name": ("in", self.donations)}, pluck="edonation_batch")
		)
		self.assertEqual(claimed, [batches[0].name] * 2)


class TestNightlyRecomputeWhileGiftsArePosted(RaceTestCase):
	"""The full recompute never loses a gift posted while it runs, in any of the three interleavings.

	These passed on the code they were written against: its one UPDATE … JOIN reads the donations with
	shared locks (MariaDB 10.11 does so under REPEATABLE READ and READ COMMITTED alike, tried), in the order
	posting takes them (donation, then donor), so it waits for a gift being posted and a posting waits for
	it, and it never sums from a stale snapshot. They guard that property against a rewrite (a SELECT into
	Python then an UPDATE by values would lose the gift in the first interleaving)."""

	def setUp(self):
		super().setUp()
		self.donor = self.sessions[0].run(committed(lambda: make_donor(consents=[]).name))
		self.sessions[0].run(committed(lambda: make_donation(donor=self.donor, amount=100)))
		for table, column in (("LPN Receipt", "donor"), ("LPN Donation", "donor")):
			self.delete_later(f"delete from `tab{table}` where `{column}` = %(donor)s", donor=self.donor)
		self.delete_later(
			"""delete from `tabComment` where reference_doctype = 'LPN Donor' and reference_name = %(donor)s""",
			donor=self.donor,
		)
		self.delete_later("delete from `tabLPN Donor` where name = %(donor)s", donor=self.donor)

	def totals(self) -> tuple:
		return self.sessions[0].run(
			committed(
				lambda: frappe.db.get_value(
					"LPN Donor", self.donor, ["lifetime_total", "donation_count"], as_dict=True
				)
			)
		)

	def gift(self):
		return make_donation(donor=self.donor, amount=250)

	def test_a_gift_posted_after_the_recompute_read_is_kept(self):
		nightly, poster = self.sessions
		nightly.run(snapshot)
		poster.run(committed(self.gift))
		nightly.run(committed(nightly_rollups))
		self.assertEqual(self.totals(), {"lifetime_total": 350, "donation_count": 2})

	def test_a_gift_being_posted_while_the_recompute_runs_is_kept(self):
		self.sessions.reverse()  # the poster first, the nightly job second
		self.interleave(self.gift, nightly_rollups)[1]()
		self.assertEqual(self.totals(), {"lifetime_total": 350, "donation_count": 2})

	def test_a_gift_posted_while_the_recompute_holds_its_rows_is_kept(self):
		nightly, poster = self.sessions
		nightly.run(lambda: recompute_donor_rollups())
		poster.start(committed(self.gift))
		poster.finished_or_waiting()
		nightly.run(lambda: frappe.db.commit())
		poster.result()
		self.assertEqual(self.totals(), {"lifetime_total": 350, "donation_count": 2})
