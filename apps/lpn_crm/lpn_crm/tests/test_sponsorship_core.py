"""Children and sponsorships (issue 12, items 1, 2 and 10): coverage and the child's status, the workflow,
bad input refused with nothing written, and every payment a posted donation to the child-education fund."""

from decimal import Decimal

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, flt, today

from lpn_crm.access import FUNDRAISING_USER, SPONSORSHIP_COORDINATOR
from lpn_crm.api.sponsorship import record_payment
from lpn_crm.domain.sponsorship import child_status
from lpn_crm.domain.sponsorship_money import monthly_need
from lpn_crm.sponsorship import coverage
from lpn_crm.sponsorship.exceptions import ChildFullyCoveredError, SponsorshipValidationError
from lpn_crm.sponsorship.money_settings import child_education_fund
from lpn_crm.tests.factories import make_donor, make_user
from lpn_crm.tests.sponsorship_factories import make_child, make_sponsorship

SETTINGS = "LPN Sponsorship Settings"
COORDINATOR = "coordinator.core@lpn.test"
FUNDRAISER = "fundraiser.core@lpn.test"


def set_terms(terms: int) -> None:
	frappe.db.set_single_value(SETTINGS, "terms_per_year", terms)
	frappe.clear_document_cache(SETTINGS, SETTINGS)


class SponsorshipCase(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		set_terms(2)
		make_user(COORDINATOR, SPONSORSHIP_COORDINATOR)
		make_user(FUNDRAISER, FUNDRAISING_USER)

	def tearDown(self):
		frappe.set_user("Administrator")

	def child_row(self, name):
		return frappe.db.get_value(
			"LPN Child", name, ["status", "monthly_need", "sponsored_monthly", "monthly_gap"], as_dict=True
		)


class TestCoverage(SponsorshipCase):
	def test_monthly_need_is_need_per_term_times_terms_over_twelve(self):
		child = make_child(scholarship_need_per_term=6000)
		self.assertEqual(flt(child.monthly_need), 1000)
		set_terms(3)
		coverage.refresh_children([child.name])
		self.assertEqual(flt(self.child_row(child.name).monthly_need), 1500)

	def test_several_sponsors_until_covered_then_status_follows(self):
		child = make_child(scholarship_need_per_term=6000)  # 1,000 a month
		self.assertEqual(child.status, "Waiting")
		first = make_sponsorship(child=child.name, monthly_amount=400)
		self.assertEqual(self.child_row(child.name).status, "Partly Sponsored")
		make_sponsorship(child=child.name, monthly_amount=600)
		row = self.child_row(child.name)
		self.assertEqual(
			(row.status, flt(row.sponsored_monthly), flt(row.monthly_gap)), ("Sponsored", 1000, 0)
		)
		apply_workflow(frappe.get_doc("LPN Sponsorship", first.name), "Pause")
		row = self.child_row(child.name)
		self.assertEqual((row.status, flt(row.monthly_gap)), ("Partly Sponsored", 400))

	def test_a_sponsor_can_sponsor_several_children(self):
		sponsor = make_donor()
		a, b = make_child(), make_child()
		make_sponsorship(child=a.name, sponsor=sponsor.name)
		make_sponsorship(child=b.name, sponsor=sponsor.name)
		self.assertEqual(frappe.db.count("LPN Sponsorship", {"sponsor": sponsor.name, "status": "Active"}), 2)

	def test_ending_the_last_sponsorship_makes_the_child_wait_again(self):
		child = make_child(scholarship_need_per_term=6000)
		sponsorship = make_sponsorship(child=child.name, monthly_amount=1000)
		self.assertEqual(self.child_row(child.name).status, "Sponsored")
		doc = frappe.get_doc("LPN Sponsorship", sponsorship.name)
		doc.end_reason = "The sponsor moved abroad"
		doc.save()  # the desk saves the reason, then offers End
		apply_workflow(doc, "End")
		self.assertEqual(self.child_row(child.name).status, "Waiting")
		self.assertEqual(
			frappe.db.get_value("LPN Sponsorship", sponsorship.name, "end_date"), frappe.utils.getdate()
		)

	def test_graduated_stays_graduated_whatever_the_sponsorships(self):
		child = make_child()
		make_sponsorship(child=child.name, monthly_amount=200)
		frappe.db.set_value("LPN Child", child.name, "status", "Graduated")
		coverage.refresh_children([child.name])
		self.assertEqual(self.child_row(child.name).status, "Graduated")

	def test_set_based_refresh_agrees_with_the_domain_rule(self):
		cases = [
			(6000, []),
			(6000, [300]),
			(6000, [500, 500]),
			(6000, [1200]),
			(0, [100]),
			(4500, [375, 375]),
		]
		children = []
		for need, amounts in cases:
			child = make_child(scholarship_need_per_term=need)
			for amount in amounts:
				make_sponsorship(child=child.name, monthly_amount=amount)
			children.append((child.name, need, sum(amounts)))
		frappe.db.sql(
			"update `tabLPN Child` set status = 'Waiting' where name in %s", ([c[0] for c in children],)
		)
		coverage.refresh_children(None)
		for name, need, covered in children:
			expected = child_status("Waiting", monthly_need(need, 2), Decimal(covered))
			self.assertEqual(self.child_row(name).status, expected, (need, covered))

	def test_a_child_record_cannot_set_its_own_coverage_status(self):
		child = make_child(scholarship_need_per_term=6000)
		child.status = "Sponsored"
		child.save()
		self.assertEqual(child.status, "Waiting")


class TestSponsorshipBadInput(SponsorshipCase):
	def assert_nothing_written(self, before: int):
		self.assertEqual(frappe.db.count("LPN Sponsorship"), before)

	def test_a_fully_covered_child_takes_no_new_sponsor(self):
		child = make_child(scholarship_need_per_term=6000)
		make_sponsorship(child=child.name, monthly_amount=1000)
		before = frappe.db.count("LPN Sponsorship")
		with self.assertRaises(ChildFullyCoveredError) as caught:
			make_sponsorship(child=child.name, monthly_amount=300)
		self.assertIn("already covered", str(caught.exception))
		self.assert_nothing_written(before)

	def test_a_coordinator_overrides_coverage_with_a_reason(self):
		child = make_child(scholarship_need_per_term=6000)
		make_sponsorship(child=child.name, monthly_amount=1000)
		frappe.set_user(COORDINATOR)
		extra = make_sponsorship(
			child=child.name,
			monthly_amount=300,
			coverage_override_reason="University entrance exam fees this year",
		)
		self.assertEqual(extra.status, "Active")
		self.assertEqual(flt(self.child_row(child.name).sponsored_monthly), 1300)

	def test_end_before_start_is_refused(self):
		before = frappe.db.count("LPN Sponsorship")
		with self.assertRaises(SponsorshipValidationError) as caught:
			make_sponsorship(start_date=today(), end_date=add_days(today(), -1))
		self.assertIn("before the start date", str(caught.exception))
		self.assert_nothing_written(before)

	def test_an_amount_of_zero_or_less_is_refused(self):
		before = frappe.db.count("LPN Sponsorship")
		for amount in (0, -50):
			with self.assertRaises(SponsorshipValidationError) as caught:
				make_sponsorship(monthly_amount=amount)
			self.assertIn("more than zero", str(caught.exception))
		self.assert_nothing_written(before)

	def test_ending_needs_a_reason_and_the_sponsorship_stays_as_it_was(self):
		sponsorship = make_sponsorship()
		doc = frappe.get_doc("LPN Sponsorship", sponsorship.name)
		with self.assertRaises(SponsorshipValidationError):
			apply_workflow(doc, "End")
		self.assertEqual(frappe.db.get_value("LPN Sponsorship", sponsorship.name, "status"), "Active")

	def test_an_active_sponsorship_needs_a_child(self):
		proposed = make_sponsorship(status="Proposed")
		self.assertFalse(proposed.child)
		with self.assertRaises(SponsorshipValidationError):
			apply_workflow(frappe.get_doc("LPN Sponsorship", proposed.name), "Activate")
		self.assertEqual(frappe.db.get_value("LPN Sponsorship", proposed.name, "status"), "Proposed")

	def test_a_child_who_left_the_programme_takes_no_sponsor(self):
		child = make_child()
		frappe.db.set_value("LPN Child", child.name, "status", "Left Programme")
		with self.assertRaises(SponsorshipValidationError):
			make_sponsorship(child=child.name)

	def test_a_currency_without_a_rate_is_refused(self):
		with self.assertRaises(SponsorshipValidationError):
			make_sponsorship(currency="EUR", monthly_amount=30)

	def test_the_workflow_refuses_a_jump_from_proposed_to_ended_without_reason(self):
		proposed = make_sponsorship(status="Proposed")
		doc = frappe.get_doc("LPN Sponsorship", proposed.name)
		doc.status = "Paused"
		with self.assertRaises(frappe.ValidationError):
			doc.save()


class TestPayments(SponsorshipCase):
	def test_a_recorded_payment_is_a_posted_gift_to_the_child_education_fund(self):
		sponsorship = make_sponsorship(monthly_amount=500)
		frappe.set_user(COORDINATOR)
		answer = record_payment(sponsorship.name, months=3, payment_reference=f"SO-{sponsorship.name}")
		frappe.set_user("Administrator")
		donation = frappe.get_doc("LPN Donation", answer["donation"])
		self.assertEqual(
			(donation.docstatus, flt(donation.amount), donation.fund, donation.sponsorship, donation.donor),
			(1, 1500, child_education_fund(), sponsorship.name, sponsorship.sponsor),
		)
		# posted as every gift: receipt numbered, paid, donor totals rolled up
		self.assertTrue(donation.receipt)
		self.assertEqual(donation.status, "Paid")
		self.assertEqual(flt(frappe.db.get_value("LPN Donor", sponsorship.sponsor, "lifetime_total")), 1500)

	def test_the_payer_pays_when_there_is_one(self):
		company = make_donor(donor_type="Organisation", donor_name="Acme Co., Ltd.")
		sponsorship = make_sponsorship(payer=company.name)
		answer = record_payment(sponsorship.name)
		self.assertEqual(frappe.db.get_value("LPN Donation", answer["donation"], "donor"), company.name)

	def test_a_sponsorship_payment_to_another_fund_is_refused(self):
		from lpn_crm.tests.factories import make_donation, make_fund

		sponsorship = make_sponsorship()
		with self.assertRaises(SponsorshipValidationError):
			make_donation(
				donor=sponsorship.sponsor, sponsorship=sponsorship.name, fund=make_fund("General Fund")
			)

	def test_a_payment_from_someone_unrelated_is_refused(self):
		from lpn_crm.tests.factories import make_donation

		sponsorship = make_sponsorship()
		with self.assertRaises(SponsorshipValidationError):
			make_donation(donor=make_donor().name, sponsorship=sponsorship.name, fund=child_education_fund())

	def test_months_out_of_range_are_refused(self):
		sponsorship = make_sponsorship()
		for months in (0, 13):
			with self.assertRaises(SponsorshipValidationError):
				record_payment(sponsorship.name, months=months)

	def test_only_staff_record_payments(self):
		sponsorship = make_sponsorship()
		sponsor = make_user("someone.core@lpn.test", "LPN Sponsor", user_type="Website User")
		frappe.set_user(sponsor.name)
		with self.assertRaises(frappe.PermissionError):
			record_payment(sponsorship.name)


class TestRoles(SponsorshipCase):
	def test_fundraising_staff_read_sponsorships_and_never_sensitive_fields(self):
		child = make_child(health_notes="Asthma", case_notes="Confidential", address="Secret street")
		sponsorship = make_sponsorship(child=child.name)
		frappe.set_user(FUNDRAISER)
		self.assertIn(sponsorship.name, frappe.get_list("LPN Sponsorship", pluck="name", limit=0))
		self.assertFalse(frappe.has_permission("LPN Sponsorship", "write", sponsorship.name))
		doc = frappe.get_doc("LPN Child", child.name)
		doc.check_permission("read")
		doc.apply_fieldlevel_read_permissions()
		for field in ("health_notes", "case_notes", "address", "legal_status"):
			self.assertFalse(doc.get(field), field)
		self.assertFalse(doc.get("guardians"))
		self.assertEqual(doc.first_name, child.first_name)
		rows = frappe.get_list("LPN Child", filters={"name": child.name}, fields=["name", "health_notes"])
		self.assertFalse(rows and rows[0].get("health_notes"))
		self.assertFalse(frappe.has_permission("LPN Sponsor Update", "read"))

	def test_coordinators_read_and_write_the_sensitive_fields(self):
		child = make_child(health_notes="Asthma")
		frappe.set_user(COORDINATOR)
		doc = frappe.get_doc("LPN Child", child.name)
		doc.apply_fieldlevel_read_permissions()
		self.assertEqual(doc.health_notes, "Asthma")
		doc.case_notes = "Visited the family"
		doc.save()
		self.assertEqual(frappe.db.get_value("LPN Child", child.name, "case_notes"), "Visited the family")

	def test_a_child_is_never_shared_outside_the_coordinators(self):
		child = make_child()
		sponsor = make_user("share.core@lpn.test", "LPN Sponsor", user_type="Website User")
		with self.assertRaises(frappe.PermissionError):
			frappe.share.add("LPN Child", child.name, sponsor.name, read=1)
		with self.assertRaises(frappe.PermissionError):
			frappe.share.add("LPN Child", child.name, FUNDRAISER, read=1)
		self.assertFalse(
			frappe.db.exists("DocShare", {"share_doctype": "LPN Child", "share_name": child.name})
		)
		frappe.share.add("LPN Child", child.name, COORDINATOR, read=1)
