"""Arrears, reminders, coverage and the term ledger of child sponsorship (issue 12, items 7 and 8)."""

import email
from decimal import Decimal

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_months, getdate, random_string, today

from lpn_crm.domain.sponsorship_money import arrears_of, term_of
from lpn_crm.setup.email_templates import ensure_email_templates
from lpn_crm.sponsorship import finance, reminders
from lpn_crm.sponsorship.cards import monthly_gap, sponsorships_in_arrears
from lpn_crm.sponsorship.report.lpn_child_term_ledger import lpn_child_term_ledger
from lpn_crm.sponsorship.report.lpn_sponsorship_arrears import lpn_sponsorship_arrears
from lpn_crm.sponsorship.report.lpn_sponsorship_coverage import lpn_sponsorship_coverage
from lpn_crm.tests.factories import make_donor, make_user
from lpn_crm.tests.sponsorship_factories import make_child, make_sponsorship, pay

SETTINGS = "LPN Sponsorship Settings"


def set_settings(**values):
	frappe.db.set_single_value(SETTINGS, values)
	frappe.clear_document_cache(SETTINGS, SETTINGS)


class SponsorshipMoneyCase(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		ensure_email_templates()
		set_settings(
			terms_per_year=2, arrears_grace_days=7, send_arrears_reminders=1, school_year_first_month=5
		)

	def tearDown(self):
		frappe.set_user("Administrator")


class TestArrears(SponsorshipMoneyCase):
	def arrears(self, sponsorship, as_of=None):
		rows = finance.arrears_rows(as_of=as_of, sponsorship=sponsorship.name)
		self.assertEqual(len(rows), 1)
		return rows[0]

	def test_sql_agrees_with_the_domain_rule_for_each_sponsorship(self):
		start = add_months(today(), -5)
		cases = [
			(500, [500] * 6),  # paid up
			(500, [500] * 3),  # three behind
			(800, [800, 400]),  # one and a half paid: one month counts
			(1000, [6000]),  # a half-year transfer
			(700, []),  # nothing yet
		]
		for monthly, payments in cases:
			sponsorship = make_sponsorship(monthly_amount=monthly, start_date=start)
			for amount in payments:
				pay(sponsorship, amount)
			expected = arrears_of(
				getdate(start), None, getdate(today()), monthly, sum(payments), grace_days=7
			)
			row = self.arrears(sponsorship)
			self.assertEqual(
				(row.expected, row.paid, row.missed, Decimal(str(row.arrears)).quantize(Decimal("0.01"))),
				(expected.expected, expected.paid, expected.missed, expected.amount),
				(monthly, payments),
			)
			self.assertEqual(getdate(row.first_unpaid), expected.first_unpaid)
			self.assertEqual(row.reminder_level, expected.reminder_level)

	def test_cancelled_and_refunded_money_does_not_pay_a_month(self):
		sponsorship = make_sponsorship(monthly_amount=500, start_date=add_days(today(), -20))
		cancelled = pay(sponsorship, 500)
		cancelled.cancel()
		self.assertEqual(self.arrears(sponsorship).paid, 0)
		kept = pay(sponsorship, 500)
		kept.db_set("refunded_amount", 200)
		self.assertEqual(self.arrears(sponsorship).paid, 0)

	def test_a_payment_in_another_currency_counts_at_its_thb_value(self):
		sponsorship = make_sponsorship(monthly_amount=1000, currency="THB", start_date=add_days(today(), -40))
		pay(sponsorship, 30, currency="USD", exchange_rate=35)  # 1,050 THB
		row = self.arrears(sponsorship)
		self.assertEqual((row.expected, row.paid, row.missed), (2, 1, 1))

	def test_only_active_sponsorships_are_in_arrears(self):
		start = add_months(today(), -4)
		paused = make_sponsorship("Paused", start_date=start)
		proposed = make_sponsorship("Proposed", start_date=start)
		names = {row.sponsorship for row in finance.arrears_rows(only_missed=True)}
		self.assertNotIn(paused.name, names)
		self.assertNotIn(proposed.name, names)

	def test_the_report_and_the_card_agree(self):
		behind = make_sponsorship(start_date=add_months(today(), -3))
		columns, rows = lpn_sponsorship_arrears.execute({"as_of": today(), "only_missed": 1})
		self.assertIn(behind.name, {row.sponsorship for row in rows})
		self.assertEqual(sponsorships_in_arrears()["value"], len(rows))
		self.assertIn("missed", [column["fieldname"] for column in columns])

	def test_a_fundraising_user_reads_the_report_and_a_sponsor_is_refused(self):
		staff = make_user("spm.staff@example.org", "LPN Fundraising User")
		sponsor = make_user("spm.sponsor@example.org", "LPN Sponsor", user_type="Website User")
		frappe.set_user(staff.name)
		lpn_sponsorship_arrears.execute({})
		frappe.set_user(sponsor.name)
		for call in (
			lambda: lpn_sponsorship_arrears.execute({}),
			lambda: lpn_sponsorship_coverage.execute({}),
			lambda: lpn_child_term_ledger.execute({"school_year": 2026, "term": 1}),
			sponsorships_in_arrears,
			monthly_gap,
		):
			self.assertRaises(frappe.PermissionError, call)


class TestReminders(SponsorshipMoneyCase):
	def setUp(self):
		super().setUp()
		# Only this test's sponsorships are behind: the others made in this run are paid up or ended.
		frappe.db.sql("update `tabLPN Sponsorship` set status = 'Ended' where status = 'Active'")

	def reminders_of(self, sponsorship):
		return frappe.get_all(
			"LPN Sponsorship Reminder",
			filters={"sponsorship": sponsorship.name},
			fields=["level", "first_unpaid", "missed_months", "language"],
			order_by="creation asc",
		)

	def emails_about(self, sponsorship) -> list[str]:
		"""The HTML bodies of the emails queued about the sponsorship, decoded from their MIME form."""
		bodies = []
		for raw in frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "LPN Sponsorship", "reference_name": sponsorship.name},
			pluck="message",
			order_by="creation asc, name asc",
		):
			for part in email.message_from_string(raw).walk():
				if part.get_content_type() == "text/html":
					bodies.append(part.get_payload(decode=True).decode("utf-8"))
		return bodies

	def test_levels_one_two_three_each_once_in_the_sponsors_language(self):
		donor = make_donor(preferred_language="th", email=f"th.{random_string(6).lower()}@example.org")
		start = getdate(add_months(today(), -6))
		sponsorship = make_sponsorship(sponsor=donor.name, start_date=start, monthly_amount=500)
		for _month in range(4):
			pay(sponsorship, 500)
		# Six months from start plus grace, four paid: month 5 (due start+4) is the first unpaid.
		first_due = add_months(start, 4)
		for days_after, level in ((8, 1), (8, 1), (39, 2), (70, 3), (100, 3)):
			reminders.send_arrears_reminders(as_of=add_days(first_due, days_after))
			self.assertEqual([r.level for r in self.reminders_of(sponsorship)][-1], level)
		logged = self.reminders_of(sponsorship)
		self.assertEqual([r.level for r in logged], [1, 2, 3])
		self.assertEqual({r.language for r in logged}, {"th"})
		self.assertEqual({getdate(r.first_unpaid) for r in logged}, {getdate(first_due)})
		messages = self.emails_about(sponsorship)
		self.assertEqual(len(messages), 3)
		# Level 3 says a coordinator will call; levels 1 and 2 do not.
		self.assertEqual(["ผู้ประสานงาน" in message for message in messages].count(True), 1)

	def test_catching_up_and_falling_behind_starts_again_at_level_one(self):
		start = getdate(add_months(today(), -3))
		sponsorship = make_sponsorship(start_date=start, monthly_amount=500)
		reminders.send_arrears_reminders(as_of=add_days(start, 8))
		pay(sponsorship, 500)
		reminders.send_arrears_reminders(as_of=add_days(start, 10))  # paid up: nothing new
		reminders.send_arrears_reminders(as_of=add_days(add_months(start, 1), 8))
		self.assertEqual([r.level for r in self.reminders_of(sponsorship)], [1, 1])

	def test_three_months_behind_at_once_gets_the_third_alone(self):
		start = getdate(add_months(today(), -4))
		sponsorship = make_sponsorship(start_date=start, monthly_amount=500)
		reminders.send_arrears_reminders(as_of=add_days(add_months(start, 3), 8))
		self.assertEqual([r.level for r in self.reminders_of(sponsorship)], [3])

	def test_reminders_switched_off_send_nothing(self):
		set_settings(send_arrears_reminders=0)
		sponsorship = make_sponsorship(start_date=add_months(today(), -3))
		self.assertEqual(reminders.send_arrears_reminders(), [])
		self.assertEqual(self.reminders_of(sponsorship), [])

	def test_the_sponsors_name_is_escaped_in_the_email(self):
		donor = make_donor(
			donor_name="<script>alert(1)</script> Nok", email=f"x.{random_string(6).lower()}@example.org"
		)
		sponsorship = make_sponsorship(sponsor=donor.name, start_date=add_months(today(), -2))
		reminders.send_arrears_reminders()
		message = "".join(self.emails_about(sponsorship))
		self.assertTrue("Nok" in message and "<script>alert" not in message, "the name is not inert text")


class TestCoverage(SponsorshipMoneyCase):
	def row(self, child):
		return next(row for row in finance.coverage_rows() if row.child == child.name)

	def test_fully_partly_and_not_sponsored_with_the_monthly_gap(self):
		need = 6000  # a term: 1,000 a month with two terms
		alone = make_child(scholarship_need_per_term=need)
		shared = make_child(scholarship_need_per_term=need)
		waiting = make_child(scholarship_need_per_term=need)
		make_sponsorship(child=alone.name, monthly_amount=1000)
		make_sponsorship(child=shared.name, monthly_amount=400)
		make_sponsorship(child=shared.name, monthly_amount=300)
		make_sponsorship("Paused", child=waiting.name, monthly_amount=1000)  # a paused one covers nothing
		self.assertEqual(
			[
				(r.coverage, float(r.covered), float(r.monthly_gap), r.sponsors)
				for r in map(self.row, (alone, shared, waiting))
			],
			[
				("Fully Sponsored", 1000, 0, 1),
				("Partly Sponsored", 700, 300, 2),
				("Not Sponsored", 0, 1000, 0),
			],
		)

	def test_the_report_filters_and_sums_the_gap(self):
		child = make_child(scholarship_need_per_term=12000, origin="Laos")
		_columns, rows, _message, _chart, summary = lpn_sponsorship_coverage.execute(
			{"coverage": "Not Sponsored", "origin": "Laos"}
		)
		self.assertIn(child.name, [row.child for row in rows])
		self.assertEqual({row.coverage for row in rows}, {"Not Sponsored"})
		self.assertEqual({row.origin for row in rows}, {"Laos"})
		self.assertEqual(summary[-1]["value"], sum(row.monthly_gap for row in rows))
		self.assertEqual(
			monthly_gap()["value"], float(sum(row.monthly_gap for row in finance.coverage_rows()))
		)

	def test_graduated_children_are_not_counted(self):
		child = make_child()
		frappe.db.set_value("LPN Child", child.name, "status", "Graduated")
		self.assertNotIn(child.name, [row.child for row in finance.coverage_rows()])


class TestTermLedger(SponsorshipMoneyCase):
	def test_need_pledged_received_and_disbursed_for_one_term(self):
		year, term = term_of(getdate(today()), 2)
		start, _after = finance.term_bounds(year, term, 2, 5)
		child = make_child(scholarship_need_per_term=6000)
		sponsorship = make_sponsorship(
			child=child.name, monthly_amount=1000, start_date=add_months(start, -12)
		)
		pay(sponsorship, 1000, donation_date=start)
		pay(sponsorship, 1000, donation_date=add_days(start, -1))  # the term before
		disbursement = make_disbursement(child.name, year, term, amount=2500, verified=True)
		disbursement.submit()
		make_disbursement(child.name, year, term, amount=999)  # a draft is not money out
		row = lpn_child_term_ledger.execute({"school_year": year, "term": term, "child": child.name})[1][0]
		self.assertEqual(
			(row.need, row.pledged, row.received, row.disbursed, row.to_disburse, row.balance),
			(6000, 6000, 1000, 2500, 3500, -1500),
		)


def make_disbursement(child: str, year: int, term: int, amount=1000, verified=False, **args):
	values = {
		"doctype": "LPN Disbursement",
		"child": child,
		"school_year": year,
		"term": term,
		"amount": amount,
		"recipient_type": "School",
		"recipient": "Wat Sri Mahathat Learning Centre",
		**args,
	}
	if verified:
		values.update(enrolment_verified=1, enrolment_proof="/private/files/enrolment-letter.pdf")
	return frappe.get_doc(values).insert()


class TestSponsorshipDesk(SponsorshipMoneyCase):
	def test_a_coordinator_sees_the_sponsorship_section_with_its_cards_and_reports(self):
		import json

		from frappe.desk.desktop import get_desktop_page

		frappe.set_user(make_user("spm.desk@example.org", "LPN Sponsorship Coordinator").name)
		page = get_desktop_page(json.dumps({"name": "LPN", "title": "LPN"}))
		shown = {card.number_card_name for card in page["number_cards"]["items"]}
		for card in (
			"LPN Children Waiting",
			"LPN Active Sponsorships",
			"LPN Sponsorships in Arrears",
			"LPN Monthly Sponsorship Gap",
		):
			self.assertIn(card, shown)
		cards = {card.label: [link.link_to for link in card.links] for card in page["cards"]["items"]}
		for report in (
			"LPN Sponsorship Coverage",
			"LPN Sponsorship Arrears",
			"LPN Child Term Ledger",
			"LPN Child Access",
		):
			self.assertIn(report, cards["Sponsorship Reports"])
		self.assertIn("LPN Disbursement", cards["Sponsorship"])
		shortcuts = {s.link_to for s in page["shortcuts"]["items"]}
		self.assertIn("lpn-sponsorship-matching", shortcuts)
