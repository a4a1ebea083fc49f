"""ERPNext sync over real HTTP: the outbox written with the gift, the worker sending it to a second real
Frappe site standing in for ERPNext (tests/erpnext_standin.py) with an API key, exactly once and in order,
through outages, lost answers, refusals and wrong credentials."""

from unittest import mock

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, get_bench_path, now_datetime, random_string

from lpn_crm.domain import erpnext_sync as es
from lpn_crm.fundraising import posting
from lpn_crm.lpn_integrations import outbox, remote, sync
from lpn_crm.lpn_integrations.settings import SETTINGS
from lpn_crm.tests.erpnext_standin import (
	ACCOUNTS,
	COMPANY,
	COST_CENTER,
	CUSTOMER_GROUP,
	ITEMS,
	StandIn,
)
from lpn_crm.tests.factories import make_donation, make_donor, make_fund, make_product, make_sale, make_user

JOB = "LPN Sync Job"
DONATION = "LPN Donation"
GENERAL, EDUCATION = ACCOUNTS[0], ACCOUNTS[1]


def jobs_of(doctype: str, name: str) -> list:
	return frappe.get_all(
		JOB,
		filters={"reference_doctype": doctype, "reference_name": name},
		fields=[
			"name",
			"action",
			"status",
			"attempts",
			"remote_name",
			"last_error",
			"external_id",
			"target_doctype",
		],
		order_by="name asc",
	)


class ERPNextSyncCase(FrappeTestCase):
	"""A stand-in ERPNext served for the class; settings pointing at it, with a prefix of their own."""

	@classmethod
	def setUpClass(cls):
		# Runs last (cleanups are LIFO): after the class's rollback, nobody reads the cached, enabled settings.
		cls.addClassCleanup(frappe.clear_document_cache, SETTINGS, SETTINGS)
		super().setUpClass()
		cls.standin = StandIn(get_bench_path())
		cls.standin.ensure_site()
		cls.standin.start()
		cls.addClassCleanup(cls.standin.stop)
		cls.standin.set_up()
		cls.walk_in = cls.standin.walk_in_customer()

	def setUp(self):
		self.prefix = f"T{random_string(8)}-"
		self.fund = make_fund("General Fund")
		self.education = make_fund("Education Fund")
		self.configure()
		frappe.db.set_single_value("LPN Fundraising Settings", "staff_alert_email", "finance-alerts@lpn.test")
		frappe.clear_document_cache("LPN Fundraising Settings", "LPN Fundraising Settings")
		# Jobs other tests of the class left are not this test's to send.
		frappe.db.sql("update `tabLPN Sync Job` set status = 'Sent' where status != 'Sent'")

	def configure(self, **overrides):
		settings = frappe.get_single(SETTINGS)
		values = {
			"enabled": 1,
			"remote_url": self.standin.url,
			"api_key": self.standin.api_key,
			"api_secret": self.standin.api_secret,
			"external_id_prefix": self.prefix,
			"company": COMPANY,
			"donation_document": es.JOURNAL_ENTRY,
			"default_income_account": ACCOUNTS[2],
			"sales_income_account": ACCOUNTS[3],
			"stripe_clearing_account": ACCOUNTS[4],
			"stripe_fee_account": ACCOUNTS[5],
			"bank_account": ACCOUNTS[6],
			"cost_center": COST_CENTER,
			"customer_group": CUSTOMER_GROUP,
			"default_customer": self.walk_in,
			"default_item": ITEMS[0],
			"max_attempts": 3,
		}
		values.update(overrides)
		settings.update(values)
		if "fund_accounts" not in overrides:
			settings.set(
				"fund_accounts",
				[
					{"fund": self.fund, "income_account": GENERAL},
					{"fund": self.education, "income_account": EDUCATION},
				],
			)
		settings.save(ignore_permissions=True)
		return settings

	def drain(self, now=None, rounds: int = 50) -> int:
		"""send_due until nothing is due (what the worker's drain does, without its commits)."""
		total = 0
		for _round in range(rounds):
			count = sync.send_due(now=now)
			if not count:
				return total
			total += count
		raise AssertionError(f"still sending after {rounds} batches")

	def remote(self, doctype: str, external_ids: list[str]) -> list[dict]:
		return self.standin.documents(doctype, external_ids)


class TestOutbox(ERPNextSyncCase):
	def test_a_posted_gift_leaves_jobs_in_its_transaction_and_none_with_sync_off(self):
		donation = make_donation(amount=1500, fund=self.fund)
		jobs = jobs_of(DONATION, donation.name)
		self.assertEqual(
			[(j.action, j.target_doctype, j.status) for j in jobs], [("Insert", "Journal Entry", "Pending")]
		)
		self.assertEqual(jobs[0].external_id, f"{self.prefix}{donation.name}")
		# The donor's Customer is queued by the worker, which reads what ERPNext lacks; posting reads nothing.
		self.assertEqual(jobs_of("LPN Donor", donation.donor), [])
		self.drain()
		self.assertEqual([j.status for j in jobs_of("LPN Donor", donation.donor)], ["Sent"])

		self.configure(enabled=0)
		quiet = make_donation(amount=100, fund=self.fund)
		self.assertEqual(jobs_of(DONATION, quiet.name), [])

	def test_the_stripe_batch_path_writes_one_insert_for_the_whole_batch(self):
		donor = make_donor()
		gifts = [
			{
				"donor": donor.name,
				"amount": 100 + i,
				"currency": "THB",
				"donation_date": "2026-11-30",
				"payment_method": "Card (Stripe)",
				"fund": self.fund,
				"stripe_charge": f"ch_{random_string(12)}",
			}
			for i in range(5)
		]
		with mock.patch.object(outbox, "write", wraps=outbox.write) as writes:
			docs = posting.insert_submitted(gifts)
		self.assertEqual(writes.call_count, 1)
		self.assertEqual(len(writes.call_args.args[0]), 5)  # five gifts, one insert
		first = jobs_of(DONATION, docs[0].name)[0]
		# A Stripe gift is known in ERPNext by its Stripe charge, what finance reconciles against.
		self.assertEqual(first.external_id, f"{self.prefix}{docs[0].stripe_charge}")

	def test_a_cancel_is_not_due_before_its_insert_is_sent(self):
		donation = make_donation(amount=700, fund=self.fund)
		donation.cancel()
		due = sync.due_jobs(100)
		actions = [(row.reference_name, row.action) for row in due if row.reference_name == donation.name]
		self.assertEqual(actions, [(donation.name, "Insert")])


class TestSending(ERPNextSyncCase):
	def test_a_gift_becomes_one_balanced_submitted_journal_entry_and_its_donor_a_customer(self):
		donation = make_donation(amount=2500, fund=self.education)
		self.drain()
		job = jobs_of(DONATION, donation.name)[0]
		self.assertEqual(job.status, "Sent", job.last_error)
		entry = self.standin.get("Journal Entry", job.remote_name)
		self.assertEqual(entry["docstatus"], 1)
		self.assertEqual(entry["total_debit"], 2500)
		self.assertEqual(entry["total_credit"], 2500)
		credit = [row for row in entry["accounts"] if row["credit_in_account_currency"]]
		self.assertEqual([row["account"] for row in credit], [EDUCATION])
		customer = jobs_of("LPN Donor", donation.donor)[0]
		self.assertEqual(customer.status, "Sent")
		self.assertEqual(self.standin.get("Customer", customer.remote_name)["customer_group"], CUSTOMER_GROUP)
		# Sending again changes nothing: one document per record.
		frappe.db.set_value(JOB, job.name, "status", "Pending")
		self.drain()
		self.assertEqual(len(self.remote("Journal Entry", [job.external_id])), 1)

	def test_the_remote_down_for_minutes_then_back_loses_nothing_doubles_nothing_keeps_order(self):
		gifts = [make_donation(amount=100 * (i + 1), fund=self.fund) for i in range(4)]
		gifts[1].cancel()
		self.standin.stop()
		try:
			self.drain()
			waiting = jobs_of(DONATION, gifts[0].name)[0]
			self.assertEqual((waiting.status, waiting.attempts), ("Pending", 1))
			self.assertIn("ConnectionError", waiting.last_error)
			# Still down a few minutes later: the next try backs off further, nothing is lost.
			self.drain(now=add_to_date(now_datetime(), minutes=2))
			self.assertEqual(jobs_of(DONATION, gifts[0].name)[0].attempts, 2)
		finally:
			self.standin.start()
		self.drain(now=add_to_date(now_datetime(), minutes=30))
		ids = [f"{self.prefix}{gift.name}" for gift in gifts]
		found = self.remote("Journal Entry", ids)
		self.assertEqual(sorted(row[es.EXTERNAL_ID_FIELD] for row in found), sorted(ids))
		cancelled = {row[es.EXTERNAL_ID_FIELD]: row["docstatus"] for row in found}
		self.assertEqual(cancelled[ids[1]], 2)
		self.assertEqual(cancelled[ids[0]], 1)
		self.assertEqual([j.status for j in jobs_of(DONATION, gifts[1].name)], ["Sent", "Sent"])

	def test_an_answer_lost_after_a_successful_insert_never_makes_a_second_document(self):
		gifts = [make_donation(amount=300, fund=self.fund) for _i in range(3)]
		real = remote.ERPNextClient.insert_many

		def insert_then_lose_the_answer(client, docs):
			real(client, docs)
			raise remote.RemoteUnreachable("ReadTimeout: the answer never came")

		with mock.patch.object(remote.ERPNextClient, "insert_many", insert_then_lose_the_answer):
			self.drain()
		self.assertEqual(jobs_of(DONATION, gifts[0].name)[0].status, "Pending")
		self.drain(now=add_to_date(now_datetime(), minutes=5))
		ids = [f"{self.prefix}{gift.name}" for gift in gifts]
		self.assertEqual(len(self.remote("Journal Entry", ids)), 3)
		self.assertTrue(all(jobs_of(DONATION, g.name)[0].status == "Sent" for g in gifts))

	def test_a_remote_validation_error_fails_the_job_with_its_message_and_alerts_staff(self):
		self.configure(fund_accounts=[], default_income_account="Donations - No Such Account")
		bad = make_donation(amount=400, fund=self.fund)
		self.drain()
		job = jobs_of(DONATION, bad.name)[0]
		self.assertEqual(job.status, "Failed")
		self.assertIn("Could not find", job.last_error)
		self.assertIn("Donations - No Such Account", job.last_error)
		# The donor's Customer in the same batch was still sent.
		self.assertEqual(jobs_of("LPN Donor", bad.donor)[0].status, "Sent")
		alerts = frappe.get_all(
			"Email Queue", filters={"reference_doctype": JOB, "reference_name": job.name}, pluck="name"
		)
		self.assertEqual(len(alerts), 1)
		# Staff correct the mapping and retry from the desk: it goes, once.
		self.configure()
		frappe.set_user("Administrator")
		from lpn_crm.api.erpnext import retry_job

		retry_job(job.name)
		self.drain()
		self.assertEqual(jobs_of(DONATION, bad.name)[0].status, "Sent")

	def test_wrong_credentials_make_jobs_wait_with_the_reason_not_fail(self):
		self.configure(api_secret="not-the-secret")
		donation = make_donation(amount=600, fund=self.fund)
		self.drain()
		job = jobs_of(DONATION, donation.name)[0]
		self.assertEqual(job.status, "Waiting")
		self.assertIn("refused the API key", job.last_error)
		self.assertEqual(job.attempts, 0)
		self.configure()  # saving the right secret sends them again
		self.assertEqual(jobs_of(DONATION, donation.name)[0].status, "Pending")
		self.drain()
		self.assertEqual(jobs_of(DONATION, donation.name)[0].status, "Sent")

	def test_a_missing_account_mapping_makes_jobs_wait_with_a_clear_reason(self):
		self.configure(cost_center="")
		donation = make_donation(amount=800, fund=self.fund)
		self.drain()
		job = jobs_of(DONATION, donation.name)[0]
		self.assertEqual((job.status, job.attempts), ("Waiting", 0))
		self.assertEqual(job.last_error, "Set the cost centre in LPN ERPNext Settings")
		self.configure()
		self.drain()
		self.assertEqual(jobs_of(DONATION, donation.name)[0].status, "Sent")

	def test_a_cancel_the_remote_refuses_becomes_a_reversing_entry(self):
		# The stand-in, as ERPNext, will not cancel an entry of a closed period (before 2020).
		donation = make_donation(amount=900, fund=self.fund, donation_date="2019-12-31")
		self.drain()
		donation.cancel()
		self.drain()
		insert, cancel = jobs_of(DONATION, donation.name)
		self.assertEqual(cancel.status, "Sent", cancel.last_error)
		self.assertNotEqual(cancel.remote_name, insert.remote_name)
		self.assertEqual(self.standin.get("Journal Entry", insert.remote_name)["docstatus"], 1)
		reversal = self.standin.get("Journal Entry", cancel.remote_name)
		debits = [row["account"] for row in reversal["accounts"] if row["debit_in_account_currency"]]
		self.assertEqual(debits, [GENERAL])

	def test_a_partial_refund_is_its_own_entry_out_of_income(self):
		donation = make_donation(amount=1000, fund=self.fund)
		outbox.queue_refund(donation, 250, 250)
		outbox.queue_refund(donation, 250, 250)  # the same refund again: the same id, sent once
		self.drain()
		refunds = [job for job in jobs_of(DONATION, donation.name) if job.action == "Refund"]
		self.assertEqual(len(self.remote("Journal Entry", [refunds[0].external_id])), 1)
		entry = self.standin.get("Journal Entry", refunds[0].remote_name)
		self.assertEqual(entry["total_debit"], 250)
		debit = [row["account"] for row in entry["accounts"] if row["debit_in_account_currency"]]
		self.assertEqual(debit, [GENERAL])

	def test_a_full_refund_after_a_partial_one_undoes_both_entries(self):
		donation = make_donation(amount=1000, fund=self.fund)
		outbox.queue_refund(donation, 300, 300)
		self.drain()
		donation.cancel()
		self.drain()
		insert, refund, cancel = jobs_of(DONATION, donation.name)
		self.assertEqual(cancel.status, "Sent", cancel.last_error)
		self.assertEqual(self.standin.get("Journal Entry", insert.remote_name)["docstatus"], 2)
		self.assertEqual(self.standin.get("Journal Entry", refund.remote_name)["docstatus"], 2)

	def test_payment_entries_when_the_mapping_says_so_name_the_donors_customer(self):
		self.configure(donation_document=es.PAYMENT_ENTRY)
		donation = make_donation(amount=1200, fund=self.fund)
		self.drain()
		job = jobs_of(DONATION, donation.name)[0]
		self.assertEqual((job.target_doctype, job.status), (es.PAYMENT_ENTRY, "Sent"), job.last_error)
		customer = jobs_of("LPN Donor", donation.donor)[0].remote_name
		self.assertEqual(self.standin.get(es.PAYMENT_ENTRY, job.remote_name)["party"], customer)

	def test_a_thousand_queued_gifts_are_drained_after_an_outage_each_present_once(self):
		donors = [make_donor().name for _i in range(10)]
		gifts = [
			{
				"donor": donors[i % 10],
				"amount": 100 + i,
				"currency": "THB",
				"donation_date": "2026-11-30",
				"payment_method": "Bank Transfer",
				"fund": self.fund,
			}
			for i in range(1000)
		]
		docs = []
		for start in range(0, 1000, 100):
			docs += posting.insert_submitted(gifts[start : start + 100])
		self.standin.stop()
		try:
			self.assertEqual(
				sync.send_due(), 110
			)  # a batch of 100 gifts, and their 10 donors' Customers first
			self.assertFalse(
				frappe.db.exists(
					JOB, {"status": "Sent", "reference_doctype": DONATION, "reference_name": docs[0].name}
				)
			)
		finally:
			self.standin.start()
		self.drain(now=add_to_date(now_datetime(), minutes=10), rounds=30)
		ids = [f"{self.prefix}{doc.name}" for doc in docs]
		found = self.remote("Journal Entry", ids)
		self.assertEqual(len(found), 1000)
		self.assertEqual(len({row[es.EXTERNAL_ID_FIELD] for row in found}), 1000)
		self.assertFalse(frappe.db.exists(JOB, {"status": ("!=", "Sent")}))


class TestSales(ERPNextSyncCase):
	def test_a_sale_becomes_a_submitted_sales_invoice_and_its_gift_a_separate_entry(self):
		scarf = make_product(product_name="Scarf for ERPNext", price=350, cost=100, stock_on_hand=5)
		self.configure(item_map=[{"product": scarf, "item_code": ITEMS[1]}])
		sale = make_sale([(scarf, 2)], gift_amount=30, channel="Event Stall")
		self.drain()
		invoice_job = jobs_of("LPN Sale", sale.name)[0]
		self.assertEqual(
			(invoice_job.target_doctype, invoice_job.status),
			(es.SALES_INVOICE, "Sent"),
			invoice_job.last_error,
		)
		invoice = self.standin.get(es.SALES_INVOICE, invoice_job.remote_name)
		self.assertEqual(
			(invoice["docstatus"], invoice["grand_total"], invoice["customer"]), (1, 700, self.walk_in)
		)
		self.assertEqual([row["item_code"] for row in invoice["items"]], [ITEMS[1]])
		gift_job = jobs_of(DONATION, sale.donation)[0]
		self.assertEqual(self.standin.get("Journal Entry", gift_job.remote_name)["total_credit"], 30)
		sale.cancel()
		self.drain()
		self.assertEqual(self.standin.get(es.SALES_INVOICE, invoice_job.remote_name)["docstatus"], 2)


class TestSettings(ERPNextSyncCase):
	def test_a_remote_url_that_is_not_http_is_refused_and_nothing_is_saved(self):
		for url in ("ftp://erp.example.org", "erp.example.org", "javascript:alert(1)"):
			with self.assertRaises(frappe.ValidationError):
				self.configure(remote_url=url)
			frappe.clear_document_cache(SETTINGS, SETTINGS)
			self.assertEqual(frappe.db.get_single_value(SETTINGS, "remote_url"), self.standin.url)

	def test_test_connection_and_prepare_erpnext(self):
		from lpn_crm.api.erpnext import prepare_erpnext, test_connection

		self.assertEqual(test_connection()["user"], "lpn-sync@erp.test")
		states = prepare_erpnext()["doctypes"]
		self.assertEqual(set(states), set(es.TARGET_DOCTYPES))
		self.assertEqual(set(states.values()), {"already present"})
		self.configure(api_secret="wrong")
		with self.assertRaises(frappe.ValidationError) as refused:
			test_connection()
		self.assertIn("refused the API key", str(refused.exception))

	def test_the_desk_actions_are_refused_to_fundraising_users(self):
		from lpn_crm.api.erpnext import prepare_erpnext, retry_job, test_connection

		user = make_user(f"sync.user.{random_string(5).lower()}@lpn.test", "LPN Fundraising User")
		frappe.set_user(user.name if hasattr(user, "name") else user)
		try:
			for call in (test_connection, prepare_erpnext, lambda: retry_job("1")):
				with self.assertRaises(frappe.PermissionError):
					call()
		finally:
			frappe.set_user("Administrator")

	def test_a_record_shows_its_sync_status(self):
		from lpn_crm.api.erpnext import sync_status

		donation = make_donation(amount=500, fund=self.fund)
		self.drain()
		status = sync_status(DONATION, donation.name)
		self.assertEqual([(row.action, row.status) for row in status], [("Insert", "Sent")])
		with self.assertRaises(frappe.ValidationError):
			sync_status("User", "Administrator")
