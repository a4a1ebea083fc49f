from datetime import date, timedelta

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings
from frappe.utils import getdate, today

from lpn_crm.fundraising.rollups import recompute_donor_rollups, year_bounds
from lpn_crm.tests.factories import make_donation, make_donor


class TestRollups(FrappeTestCase):
	def test_rollups_for_one_donor(self):
		donor = make_donor()
		make_donation(donor=donor.name, amount=100, donation_date="2025-02-01")
		make_donation(donor=donor.name, amount=300, donation_date="2026-03-01")
		make_donation(
			donor=donor.name, amount=50, currency="USD", exchange_rate=36, donation_date="2026-04-01"
		)
		make_donation(donor=donor.name, amount=999, submit=False)  # drafts do not count
		recompute_donor_rollups(donor.name, on_date="2026-06-30")
		row = frappe.db.get_value(
			"LPN Donor",
			donor.name,
			[
				"lifetime_total",
				"donation_count",
				"largest_gift",
				"first_gift_date",
				"last_gift_date",
				"current_year_total",
				"last_year_total",
			],
			as_dict=True,
		)
		self.assertEqual(row.lifetime_total, 2200)
		self.assertEqual(row.donation_count, 3)
		self.assertEqual(row.largest_gift, 1800)
		self.assertEqual(str(row.first_gift_date), "2025-02-01")
		self.assertEqual(str(row.last_gift_date), "2026-04-01")
		self.assertEqual(row.current_year_total, 2100)
		self.assertEqual(row.last_year_total, 100)

	def test_rollups_for_all_donors_match_one_by_one(self):
		donors = [make_donor() for _ in range(3)]
		for index, donor in enumerate(donors):
			make_donation(donor=donor.name, amount=100 * (index + 1))
		frappe.db.set_value("LPN Donor", {"name": ("in", [d.name for d in donors])}, "lifetime_total", 0)
		recompute_donor_rollups()
		totals = [frappe.db.get_value("LPN Donor", d.name, "lifetime_total") for d in donors]
		self.assertEqual(totals, [100, 200, 300])

	def test_donor_without_gifts_is_zeroed(self):
		donor = make_donor()
		frappe.db.set_value("LPN Donor", donor.name, {"lifetime_total": 55, "donation_count": 2})
		recompute_donor_rollups(donor.name)
		self.assertEqual(frappe.db.get_value("LPN Donor", donor.name, "donation_count"), 0)


class TestRollupsOnEachGift(FrappeTestCase):
	def test_each_gift_adds_itself_and_a_cancel_recomputes_the_extremes(self):
		donor = make_donor()
		first = make_donation(donor=donor.name, amount=100, donation_date="2026-01-10")
		biggest = make_donation(donor=donor.name, amount=900, donation_date="2026-02-10")
		make_donation(donor=donor.name, amount=300, donation_date="2026-03-10")
		fields = ["lifetime_total", "donation_count", "largest_gift", "first_gift_date"]
		row = frappe.db.get_value("LPN Donor", donor.name, fields, as_dict=True)
		self.assertEqual((row.lifetime_total, row.donation_count, row.largest_gift), (1300, 3, 900))
		biggest.cancel()
		first.cancel()
		row = frappe.db.get_value("LPN Donor", donor.name, fields, as_dict=True)
		self.assertEqual((row.lifetime_total, row.donation_count, row.largest_gift), (300, 1, 300))
		self.assertEqual(str(row.first_gift_date), "2026-03-10")
		# the nightly full recompute agrees with what the gifts did one by one
		recompute_donor_rollups(donor.name)
		again = frappe.db.get_value("LPN Donor", donor.name, fields, as_dict=True)
		self.assertEqual(again, row)


class TestRollupsFollowTheFiscalYear(FrappeTestCase):
	"""Failed before the fix: donor year totals used the calendar year while the reports use the fiscal year."""

	def setUp(self):
		# A fiscal year that starts this month (February when it is January): the first of the month starts
		# this fiscal year, the day before it is last fiscal year, whatever the calendar says.
		self.today = getdate(today())
		self.start_month = self.today.month if self.today.month > 1 else 2
		self.this_start = (
			date(self.today.year, self.start_month, 1)
			if self.today.month > 1
			else date(self.today.year - 1, self.start_month, 1)
		)

	def test_each_gift_and_the_recompute_count_fiscal_years(self):
		with change_settings("LPN Fundraising Settings", {"fiscal_year_start_month": self.start_month}):
			donor = make_donor()
			make_donation(donor=donor.name, amount=100, donation_date=self.this_start)
			make_donation(donor=donor.name, amount=20, donation_date=self.this_start - timedelta(days=1))
			make_donation(
				donor=donor.name,
				amount=3,
				donation_date=self.this_start.replace(year=self.this_start.year - 1) - timedelta(days=1),
			)
			fields = ["current_year_total", "last_year_total", "lifetime_total"]
			posted = frappe.db.get_value("LPN Donor", donor.name, fields, as_dict=True)
			self.assertEqual(
				(posted.current_year_total, posted.last_year_total, posted.lifetime_total), (100, 20, 123)
			)
			recompute_donor_rollups(donor.name)
			self.assertEqual(frappe.db.get_value("LPN Donor", donor.name, fields, as_dict=True), posted)
			self.assertEqual(
				year_bounds(),
				{
					"year_start": self.this_start,
					"last_year_start": self.this_start.replace(year=self.this_start.year - 1),
				},
			)
