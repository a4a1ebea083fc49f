"""Housekeeping: old Stripe events leave through Log Settings; exports of Thai tax IDs leave a trace."""

import frappe
from frappe.core.doctype.log_settings.log_settings import run_log_clean_up
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime

from lpn_crm.access import FUNDRAISING_MANAGER
from lpn_crm.api.fundraising import export_edonation_batch
from lpn_crm.fundraising.edonation import BATCH, create_batch
from lpn_crm.lpn_payments.doctype.lpn_stripe_event.lpn_stripe_event import LPNStripeEvent
from lpn_crm.tests.factories import VALID_THAI_ID, consent, make_donation, make_donor, make_user

EVENT = "LPN Stripe Event"
STATUSES = ("Received", "Processed", "Ignored", "Failed")


def make_event(status: str, days_ago: int) -> str:
	when = add_days(now_datetime(), -days_ago)
	name = frappe.generate_hash(length=16)
	frappe.get_doc(
		{
			"doctype": EVENT,
			"name": f"evt_hk_{name}",
			"event_id": f"evt_hk_{name}",
			"event_type": "checkout.session.completed",
			"status": status,
			"received_on": when,
			"processed_on": when if status in ("Processed", "Ignored", "Failed") else None,
			"payload": "{}",
		}
	).db_insert()
	return f"evt_hk_{name}"


def events_left(names: dict) -> dict:
	return {key: bool(frappe.db.exists(EVENT, name)) for key, name in names.items()}


class TestStripeEventClearing(FrappeTestCase):
	def test_only_finished_events_older_than_the_period_are_cleared(self):
		"""Failed first: the controller had no clear_old_logs, so Log Settings could not clear events."""
		names = {(status, age): make_event(status, age) for status in STATUSES for age in (5, 40)}
		LPNStripeEvent.clear_old_logs(days=30)
		self.assertEqual(
			events_left(names),
			{
				("Received", 5): True,
				("Received", 40): True,
				("Processed", 5): True,
				("Processed", 40): False,
				("Ignored", 5): True,
				("Ignored", 40): False,
				("Failed", 5): True,
				("Failed", 40): True,
			},
		)

	def test_log_settings_registers_the_events_and_clears_them_daily(self):
		"""The daily clean-up of Log Settings takes the period from hooks.py's default (90 days)."""
		old, recent = make_event("Processed", 120), make_event("Processed", 60)
		failed = make_event("Failed", 400)
		run_log_clean_up()
		days = frappe.db.get_value("Logs To Clear", {"parent": "Log Settings", "ref_doctype": EVENT}, "days")
		self.assertEqual(days, 90)
		self.assertFalse(frappe.db.exists(EVENT, old))
		self.assertTrue(frappe.db.exists(EVENT, recent))
		self.assertTrue(frappe.db.exists(EVENT, failed))
		# run_log_clean_up commits: leave no rows behind for other tests.
		frappe.db.delete(EVENT, {"name": ("in", [recent, failed])})
		frappe.db.commit()


class TestTaxIdExportsAreLogged(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")

	def test_edonation_export_leaves_an_access_log_row(self):
		"""Failed first: the CSV of donors' tax IDs left no trace of who downloaded it."""
		donor = make_donor(
			tax_id=VALID_THAI_ID, consents=[consent("Receipts"), consent("e-Donation Reporting")]
		)
		make_donation(donor=donor.name, amount=700, donation_date="2041-03-04")
		batch = create_batch("2041-03-01", "2041-03-31")
		manager = make_user("hk-manager@example.com", FUNDRAISING_MANAGER)
		frappe.set_user(manager.name)
		export_edonation_batch(batch)
		self.assertIn(VALID_THAI_ID, frappe.local.response.filecontent.decode())
		frappe.set_user("Administrator")
		logs = frappe.get_all(
			"Access Log",
			filters={"export_from": BATCH, "reference_document": batch},
			fields=["user", "file_type", "method"],
		)
		self.assertEqual(logs, [{"user": manager.name, "file_type": "CSV", "method": "Export"}])
