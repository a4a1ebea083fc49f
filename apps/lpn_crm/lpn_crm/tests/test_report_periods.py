"""The date-range reports cover all time unless told otherwise, and say which period they cover."""

import frappe
from frappe.desk.query_report import run
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_years, today

from lpn_crm.fundraising.analytics import current_fiscal_year
from lpn_crm.tests.factories import make_donation, make_fund


def rows_of(result) -> list[dict]:
	return [row for row in result["result"] if isinstance(row, dict)]


class TestReportPeriods(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.fund = make_fund("Period Test Fund")
		cls.old = make_donation(amount=9_000_000, donation_date=add_years(today(), -3), fund=cls.fund)
		cls.recent = make_donation(amount=100, donation_date=today(), fund=cls.fund)

	def test_top_donors_without_filters_count_every_gift_ever(self):
		result = run("LPN Top Donors", filters={"limit": 1000})
		self.assertIn(self.old.donor, [row["donor"] for row in rows_of(result)])
		self.assertIn("All time", result["message"])

	def test_this_fiscal_year_leaves_out_older_gifts_and_says_so(self):
		result = run("LPN Top Donors", filters={"period": "This Fiscal Year", "limit": 1000})
		donors = [row["donor"] for row in rows_of(result)]
		self.assertNotIn(self.old.donor, donors)
		self.assertIn(self.recent.donor, donors)
		self.assertIn(f"Fiscal year {current_fiscal_year()}", result["message"])

	def test_donations_analysis_totals_everything_given_by_default(self):
		result = run("LPN Donations Analysis", filters={"group_by": "Fund", "fund": self.fund})
		self.assertEqual([row["total"] for row in rows_of(result)], [9_000_100])

	def test_a_range_given_is_the_range_used(self):
		result = run(
			"LPN Donations Analysis",
			filters={
				"group_by": "Fund",
				"fund": self.fund,
				"period": "Date Range",
				"from_date": today(),
				"to_date": today(),
			},
		)
		self.assertEqual([row["total"] for row in rows_of(result)], [100])

	def test_an_unknown_period_or_a_range_ending_before_it_starts_is_refused(self):
		with self.assertRaises(frappe.ValidationError):
			run("LPN Top Donors", filters={"period": "Forever"})
		with self.assertRaises(frappe.ValidationError):
			run(
				"LPN Top Donors",
				filters={"period": "Date Range", "from_date": today(), "to_date": "2000-01-01"},
			)
