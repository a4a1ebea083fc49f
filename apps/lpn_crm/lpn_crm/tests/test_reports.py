"""The fundraising reports against the set definitions in domain.retention, on a small known history.

The history lives in far-future fiscal years (2039-2043), where no other test puts donations, so the
reports' answers for those years are exactly what this history makes them.
"""

import json
from datetime import date
from decimal import Decimal

import frappe
from frappe.desk.query_report import run
from frappe.tests.utils import FrappeTestCase, change_settings

from lpn_crm.access import DONOR, FUNDRAISING_MANAGER, FUNDRAISING_USER
from lpn_crm.domain.retention import lybunt, new_donors, retention_rate, sybunt
from lpn_crm.domain.thai_dates import fiscal_year
from lpn_crm.fundraising import analytics
from lpn_crm.tests.factories import make_donation, make_donor, make_fund, make_user

REPORTS = ("LPN LYBUNT", "LPN SYBUNT", "LPN Donations Analysis", "LPN Top Donors", "LPN Donor Retention")

# donor key -> list of (date, amount in THB, payment method, fund)
HISTORY = {
	"early_only": [("2039-05-01", 500, "Cash", "General Fund")],
	"lapsed_2041": [
		("2040-03-01", 1000, "Cash", "General Fund"),
		("2041-02-01", 2000, "Cash", "General Fund"),
	],
	"steady": [
		("2040-06-01", 100, "Bank Transfer", "General Fund"),
		("2041-06-01", 200, "Bank Transfer", "General Fund"),
		("2042-06-01", 300, "PromptPay", "Report Test Fund"),
		("2043-01-15", 400, "PromptPay", "Report Test Fund"),
	],
	"lybunt_2043": [
		("2042-01-10", 5000, "Bank Transfer", "Report Test Fund"),
		("2042-12-31", 700, "Cheque", "General Fund"),
	],
	"new_2042": [("2042-03-03", 250, "PromptPay", "General Fund")],
	"new_2043": [("2043-02-02", 9000, "Card (Stripe)", "Report Test Fund")],
	"back_2043": [("2040-08-08", 50, "Cash", "General Fund"), ("2043-03-03", 60, "Cash", "General Fund")],
}


class TestFundraisingReports(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_fund("General Fund")
		make_fund("Report Test Fund")
		cls.donors = {key: make_donor(donor_name=f"Report {key}").name for key in HISTORY}
		for key, gifts in HISTORY.items():
			for day, amount, method, fund in gifts:
				make_donation(
					donor=cls.donors[key], amount=amount, donation_date=day, payment_method=method, fund=fund
				)
		# Neither drafts nor cancelled donations count.
		make_donation(
			donor=cls.donors["early_only"],
			amount=1,
			donation_date="2043-01-01",
			payment_method="Cash",
			submit=False,
		)
		make_donation(
			donor=cls.donors["early_only"], amount=1, donation_date="2043-01-02", payment_method="Cash"
		).cancel()
		cls.mine = set(cls.donors.values())

	def gave_in(self, year: int, start_month: int = 1) -> set[str]:
		return {key for key, years in self.fiscal_years(start_month).items() if year in years}

	def gave_before(self, year: int, start_month: int = 1) -> set[str]:
		return {key for key, years in self.fiscal_years(start_month).items() if min(years) < year}

	def fiscal_years(self, start_month: int) -> dict[str, set[int]]:
		"""Donor name -> the fiscal years the history says they gave in, by domain.thai_dates."""
		return {
			self.donors[key]: {fiscal_year(date.fromisoformat(day), start_month) for day, *_ in gifts}
			for key, gifts in HISTORY.items()
		}

	def report_donors(self, report: str, **filters) -> set[str]:
		result = run(report, filters=filters)
		return {row["donor"] for row in result["result"] if isinstance(row, dict)} & self.mine

	def test_lybunt_is_the_set_definition(self):
		for year in (2041, 2042, 2043):
			expected = lybunt(self.gave_in(year - 1), self.gave_in(year))
			self.assertEqual(self.report_donors("LPN LYBUNT", fiscal_year=year), expected, year)
		self.assertEqual(
			self.report_donors("LPN LYBUNT", fiscal_year=2043),
			{self.donors["lybunt_2043"], self.donors["new_2042"]},
		)

	def test_lybunt_rows_carry_last_years_giving(self):
		rows = {row.donor: row for row in analytics.lybunt_donors(2043)}
		row = rows[self.donors["lybunt_2043"]]
		self.assertEqual(row.last_year_total, 5700)
		self.assertEqual(row.last_year_gifts, 2)
		self.assertEqual(str(row.last_gift_date), "2042-12-31")

	def test_sybunt_is_the_set_definition_and_includes_lybunt(self):
		for year in (2041, 2042, 2043):
			expected = sybunt(self.gave_before(year), self.gave_in(year))
			self.assertEqual(self.report_donors("LPN SYBUNT", fiscal_year=year), expected, year)
		self.assertIn(self.donors["lybunt_2043"], self.report_donors("LPN SYBUNT", fiscal_year=2043))
		self.assertEqual(
			self.report_donors("LPN SYBUNT", fiscal_year=2043),
			{self.donors[key] for key in ("early_only", "lapsed_2041", "lybunt_2043", "new_2042")},
		)

	def test_sybunt_without_lybunt(self):
		year = 2043
		expected = sybunt(self.gave_before(year), self.gave_in(year)) - lybunt(
			self.gave_in(year - 1), self.gave_in(year)
		)
		self.assertEqual(
			self.report_donors("LPN SYBUNT", fiscal_year=year, lapsed_before_last_year=1), expected
		)

	def test_retention_counts_are_the_set_definitions(self):
		result = run("LPN Donor Retention", filters={"from_year": 2040, "to_year": 2043})
		rows = {row["fiscal_year"]: row for row in result["result"] if isinstance(row, dict)}
		self.assertEqual(sorted(rows), [2040, 2041, 2042, 2043])
		for year in (2041, 2042, 2043):
			last, this = self.gave_in(year - 1), self.gave_in(year)
			row = rows[year]
			self.assertEqual(row["previous_year_donors"], len(last), year)
			self.assertEqual(row["retained"], len(last & this), year)
			self.assertEqual(row["lapsed"], len(lybunt(last, this)), year)
			self.assertEqual(Decimal(str(row["retention_rate"])), retention_rate(last, this), year)
			self.assertEqual(row["new_donors"], len(new_donors(self.gave_before(year), this)), year)
			self.assertEqual(row["donors"], len(this), year)
		# 2042's donors: steady (gave again), lybunt_2043 and new_2042 (did not).
		self.assertEqual(rows[2043]["retention_rate"], Decimal("33.33"))
		self.assertEqual(rows[2043]["returning_donors"], 1)  # back_2043

	def test_retention_of_a_year_after_none_is_empty_not_zero(self):
		rows = analytics.retention_by_year(2060, 2060)
		self.assertEqual(rows[0]["previous_year_donors"], 0)
		self.assertIsNone(rows[0]["retention_rate"])

	@change_settings("LPN Fundraising Settings", {"fiscal_year_start_month": 10})
	def test_years_follow_the_fiscal_year_setting(self):
		# From October: the gift of 31 Dec 2042 falls in fiscal year 2043, so lybunt_2043 gave in 2043.
		self.assertNotIn(self.donors["lybunt_2043"], self.report_donors("LPN LYBUNT", fiscal_year=2043))
		self.assertEqual(analytics.fiscal_year_bounds(2043)["this_start"], date(2042, 10, 1))
		retention = {row["fiscal_year"]: row for row in analytics.retention_by_year(2041, 2043)}
		for year in (2041, 2042, 2043):
			last, this = self.gave_in(year - 1, 10), self.gave_in(year, 10)
			self.assertEqual(self.report_donors("LPN LYBUNT", fiscal_year=year), lybunt(last, this), year)
			self.assertEqual(
				self.report_donors("LPN SYBUNT", fiscal_year=year),
				sybunt(self.gave_before(year, 10), this),
				year,
			)
			self.assertEqual(retention[year]["retained"], len(last & this), year)
			self.assertEqual(retention[year]["new_donors"], len(new_donors(self.gave_before(year, 10), this)))

	def test_donations_analysis_groups_by_fund_method_and_month(self):
		filters = {"from_date": "2043-01-01", "to_date": "2043-12-31"}
		by_method = self.analysis(group_by="Payment Method", **filters)
		self.assertEqual(by_method["PromptPay"]["total"], 400)
		self.assertEqual(by_method["Card (Stripe)"]["total"], 9000)
		self.assertEqual(by_method["Cash"]["donations"], 1)  # the cancelled 1-baht gift is out
		by_month = self.analysis(group_by="Month", **filters)
		self.assertEqual(
			{key: row["total"] for key, row in by_month.items()},
			{"2043-01": 400, "2043-02": 9000, "2043-03": 60},
		)
		by_fund = self.analysis(group_by="Fund", from_date="2042-01-01", to_date="2042-12-31")
		self.assertEqual(by_fund["Report Test Fund"]["total"], 5300)
		self.assertEqual(by_fund["General Fund"]["total"], 950)
		self.assertEqual(by_fund["General Fund"]["donors"], 2)
		only_fund = self.analysis(group_by="Month", fund="Report Test Fund", **filters)
		self.assertEqual(sum(row["total"] for row in only_fund.values()), 9400)

	def analysis(self, **filters) -> dict:
		result = run("LPN Donations Analysis", filters=filters)
		return {
			row["group_key"]: row for row in result["result"] if isinstance(row, dict) and "group_key" in row
		}

	def test_donations_analysis_refuses_unknown_groupings(self):
		with self.assertRaises(frappe.ValidationError):
			analytics.donations_by("donor; drop table x", "2043-01-01", "2043-12-31")

	def test_top_donors_by_total_in_range(self):
		result = run(
			"LPN Top Donors", filters={"from_date": "2042-01-01", "to_date": "2043-12-31", "limit": 3}
		)
		rows = [row for row in result["result"] if isinstance(row, dict)]
		self.assertEqual(
			[row["donor"] for row in rows],
			[self.donors["new_2043"], self.donors["lybunt_2043"], self.donors["steady"]],
		)
		self.assertEqual([row["total"] for row in rows], [9000, 5700, 700])
		self.assertEqual([row["rank"] for row in rows], [1, 2, 3])

	def test_fundraising_staff_may_run_the_reports_and_donors_may_not(self):
		staff = make_user("report-staff@lpn.test", FUNDRAISING_USER)
		donor_user = make_user("report-donor@lpn.test", DONOR, user_type="Website User")
		for report in REPORTS:
			frappe.set_user(staff.name)
			try:
				self.assertIn("result", run(report, filters={"fiscal_year": 2043}))
			finally:
				frappe.set_user("Administrator")
			frappe.set_user(donor_user.name)
			try:
				with self.assertRaises(frappe.PermissionError):
					run(report, filters={})
			finally:
				frappe.set_user("Administrator")


class TestFundraisingDesk(FrappeTestCase):
	def test_number_cards_and_chart_exist_after_migrate(self):
		for card in ("LPN Donations This Month", "LPN Active Recurring Gifts", "LPN Donors Needing Review"):
			doc = frappe.get_doc("Number Card", card)
			self.assertTrue(doc.is_standard)
			self.assertEqual(doc.module, "Fundraising")
		chart = frappe.get_doc("Dashboard Chart", "LPN Monthly Donations")
		self.assertEqual(
			(chart.chart_type, chart.time_interval, chart.timespan), ("Sum", "Monthly", "Last Year")
		)

	def test_fundraising_managers_see_the_desk_page(self):
		from frappe.desk.desktop import get_desktop_page

		frappe.set_user(make_user("desk-manager@lpn.test", FUNDRAISING_MANAGER).name)
		try:
			page = get_desktop_page(json.dumps({"name": "LPN", "title": "LPN"}))
		finally:
			frappe.set_user("Administrator")
		# The other sections' cards (Sponsorship: sponsorships a Fundraising Manager reads) may show too.
		shown = {card.number_card_name for card in page["number_cards"]["items"]}
		for card in ("LPN Donations This Month", "LPN Active Recurring Gifts", "LPN Donors Needing Review"):
			self.assertIn(card, shown)
		self.assertIn("LPN Monthly Donations", [chart.chart_name for chart in page["charts"]["items"]])
		cards = {card.label: [link.link_to for link in card.links] for card in page["cards"]["items"]}
		self.assertIn("LPN LYBUNT", cards["Fundraising Reports"])
		self.assertIn("LPN e-Donation Batch", cards["Fundraising"])

	def test_the_giving_index_replaces_the_donor_index_on_migrate(self):
		self.assertTrue(frappe.db.has_index("tabLPN Donation", "giving_by_donor"))
		self.assertIsNone(frappe.db.get_column_index("tabLPN Donation", "donor", unique=False))
		# Frappe's schema sync sees the donor field as indexed, so a migrate does not bring it back.
		columns = {
			column.name: column for column in frappe.db.get_table_columns_description("tabLPN Donation")
		}
		self.assertTrue(columns["donor"].index)

	def test_number_cards_count_what_they_say(self):
		from frappe.desk.doctype.number_card.number_card import get_result

		card = frappe.get_doc("Number Card", "LPN Donations This Month")
		before = get_result(card.as_json(), card.filters_json)
		make_donation(amount=1234)
		make_donation(amount=99, submit=False)
		self.assertEqual(get_result(card.as_json(), card.filters_json) - before, 1234)

	def test_workspace_links_the_fundraising_desk(self):
		workspace = frappe.get_doc("Workspace", "LPN")
		links = {link.link_to for link in workspace.links}
		for name in (
			"LPN Donor",
			"LPN Donation",
			"LPN Recurring Donation",
			"LPN Campaign",
			"LPN Fund",
			"LPN e-Donation Batch",
			*REPORTS,
		):
			self.assertIn(name, links)
		cards = [card.number_card_name for card in workspace.number_cards]
		for card in ("LPN Donations This Month", "LPN Active Recurring Gifts", "LPN Donors Needing Review"):
			self.assertIn(card, cards)
		self.assertIn("LPN Monthly Donations", [chart.chart_name for chart in workspace.charts])
		self.assertIn("Labour Protection Network", workspace.content)
