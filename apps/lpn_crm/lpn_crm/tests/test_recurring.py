import frappe
from frappe.tests.utils import FrappeTestCase

from lpn_crm.fundraising.recurring import refresh
from lpn_crm.tests.factories import make_donation, make_recurring


class TestRecurringGifts(FrappeTestCase):
	def test_each_gift_moves_the_schedule_on(self):
		gift = make_recurring(start_date="2026-01-15", amount=500)
		make_donation(donor=gift.donor, recurring_donation=gift.name, amount=500, donation_date="2026-01-15")
		make_donation(donor=gift.donor, recurring_donation=gift.name, amount=500, donation_date="2026-02-15")
		refresh(gift.name, on_date="2026-02-20")
		gift.reload()
		self.assertEqual(gift.received_count, 2)
		self.assertEqual(str(gift.next_expected_date), "2026-03-15")
		self.assertEqual(gift.missed_periods, 0)
		self.assertEqual(gift.arrears, 0)
		self.assertEqual(gift.status, "Active")

	def test_missed_periods_lapse_the_gift_and_alert_staff(self):
		frappe.db.set_single_value("LPN Fundraising Settings", "staff_alert_email", "alerts@example.org")
		gift = make_recurring(start_date="2026-01-01", amount=300, lapse_after=3)
		status = refresh(gift.name, on_date="2026-04-20")
		gift.reload()
		self.assertEqual(status, "Lapsed")
		self.assertEqual(gift.expected_count, 4)
		self.assertEqual(gift.arrears, 1200)
		self.assertTrue(
			frappe.db.exists("Email Queue", {"reference_doctype": gift.doctype, "reference_name": gift.name})
		)

	def test_paused_gift_does_not_lapse(self):
		gift = make_recurring(start_date="2025-01-01", status="Paused")
		self.assertEqual(refresh(gift.name, on_date="2026-01-01"), "Paused")

	def test_cancelled_donation_is_taken_back(self):
		gift = make_recurring(start_date="2026-05-01")
		donation = make_donation(donor=gift.donor, recurring_donation=gift.name, donation_date="2026-05-01")
		donation.cancel()
		self.assertEqual(frappe.db.get_value(gift.doctype, gift.name, "received_count"), 0)
