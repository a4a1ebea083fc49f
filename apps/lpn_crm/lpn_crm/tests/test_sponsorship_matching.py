"""Matching waiting sponsors with waiting children, holds that lapse by themselves, and disbursements that
are released only with a verified enrolment (issue 12, items 4 and 7)."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_months, getdate, today

from lpn_crm.api.matching import board, match, place_hold, release_hold
from lpn_crm.domain.sponsorship_money import term_of
from lpn_crm.sponsorship.doctype.lpn_disbursement.lpn_disbursement import (
	DisbursementError,
	EnrolmentNotVerifiedError,
)
from lpn_crm.sponsorship.holds import HOLD, HoldRefusedError, lapse_holds
from lpn_crm.tests.factories import make_user
from lpn_crm.tests.sponsorship_factories import make_child, make_sponsorship
from lpn_crm.tests.test_sponsorship_finance import make_disbursement

COORDINATOR = "spm.coordinator@example.org"


class MatchingCase(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		make_user(COORDINATOR, "LPN Sponsorship Coordinator")
		frappe.db.set_single_value("LPN Sponsorship Settings", "hold_days", 5)

	def tearDown(self):
		frappe.set_user("Administrator")


class TestMatchingBoard(MatchingCase):
	def test_waiting_children_beside_waiting_sponsors_filtered_by_the_sponsors_wishes(self):
		nine = make_child(
			date_of_birth=add_months(today(), -12 * 9 - 1), origin="Myanmar", education_level="Primary"
		)
		laos = make_child(
			date_of_birth=add_months(today(), -12 * 9 - 1), origin="Laos", education_level="Primary"
		)
		older = make_child(
			date_of_birth=add_months(today(), -12 * 14 - 1), origin="Myanmar", education_level="Primary"
		)
		wish = make_sponsorship(
			"Proposed", preferred_age_band="7-9", preferred_origin="Myanmar", preferred_level="Any"
		)
		frappe.set_user(COORDINATOR)
		everyone = board()
		self.assertIn(wish.name, [s.name for s in everyone["sponsorships"]])
		self.assertTrue({nine.name, laos.name, older.name} <= {c.name for c in everyone["children"]})
		fitting = {c.name for c in board(sponsorship=wish.name)["children"]}
		self.assertIn(nine.name, fitting)
		self.assertNotIn(laos.name, fitting)
		self.assertNotIn(older.name, fitting)
		self.assertEqual(everyone["hold_days"], 5)

	def test_the_board_shows_nothing_sensitive_about_a_child(self):
		make_child(family_name="Secretfamily", school="Secret School", community="Mae Sot camp")
		frappe.set_user(COORDINATOR)
		shown = frappe.as_json(board())
		for secret in ("Secretfamily", "Secret School", "Mae Sot camp", "date_of_birth"):
			self.assertNotIn(secret, shown)

	def test_a_fundraising_user_and_a_sponsor_are_refused(self):
		child, sponsorship = make_child(), make_sponsorship("Proposed")
		for user, roles in (
			("spm.fundraiser@example.org", ("LPN Fundraising User",)),
			("spm.sponsor2@example.org", ("LPN Sponsor",)),
		):
			make_user(user, *roles)
			frappe.set_user(user)
			for call in (
				board,
				lambda: place_hold(sponsorship.name, child.name),
				lambda: match(sponsorship.name, child.name),
			):
				self.assertRaises(frappe.PermissionError, call)
			frappe.set_user("Administrator")
		self.assertFalse(frappe.db.exists(HOLD, {"child": child.name}))


class TestHolds(MatchingCase):
	def test_a_hold_reserves_the_child_for_the_settings_days_and_lapses_by_itself(self):
		child, sponsorship = make_child(), make_sponsorship("Proposed")
		frappe.set_user(COORDINATOR)
		answer = place_hold(sponsorship.name, child.name)
		self.assertEqual(getdate(answer["until"]), getdate(add_days(today(), 5)))
		other = make_sponsorship("Proposed")
		self.assertRaises(HoldRefusedError, place_hold, other.name, child.name)
		frappe.set_user("Administrator")
		self.assertEqual(lapse_holds(), 0)  # not yet
		frappe.db.set_value(HOLD, answer["hold"], "until", add_days(today(), -1))
		self.assertGreaterEqual(lapse_holds(), 1)
		hold = frappe.get_doc(HOLD, answer["hold"])
		self.assertEqual((hold.status, getdate(hold.closed_on)), ("Lapsed", getdate(today())))
		frappe.set_user(COORDINATOR)
		place_hold(other.name, child.name, 3)  # the child is free again

	def test_a_lapsed_hold_cannot_be_reopened(self):
		hold = frappe.get_doc(HOLD, place_hold(make_sponsorship("Proposed").name, make_child().name)["hold"])
		hold.status = "Lapsed"
		hold.save()
		hold.status = "Active"
		self.assertRaises(HoldRefusedError, hold.save)

	def test_bad_holds_are_refused_and_nothing_is_written(self):
		child, sponsorship = make_child(), make_sponsorship("Proposed")
		active = make_sponsorship("Active")
		graduated = make_child()
		frappe.db.set_value("LPN Child", graduated.name, "status", "Graduated")
		before = frappe.db.count(HOLD)
		for sponsorship_name, child_name, days in (
			(sponsorship.name, child.name, 0),
			(sponsorship.name, child.name, 61),
			(active.name, child.name, 5),  # already running, with its own child
			(sponsorship.name, graduated.name, 5),
		):
			self.assertRaises(HoldRefusedError, place_hold, sponsorship_name, child_name, days)
		self.assertEqual(frappe.db.count(HOLD), before)

	def test_release_frees_the_child(self):
		child, sponsorship = make_child(), make_sponsorship("Proposed")
		frappe.set_user(COORDINATOR)
		answer = place_hold(sponsorship.name, child.name)
		self.assertEqual(release_hold(answer["hold"])["status"], "Released")
		shown = next(c for c in board()["children"] if c.name == child.name)
		self.assertIsNone(shown.hold)
		self.assertFalse(frappe.db.exists(HOLD, {"child": child.name, "status": "Active"}))


class TestMatch(MatchingCase):
	def test_matching_gives_the_sponsorship_its_child_and_closes_its_holds(self):
		held, other = make_child(), make_child()
		sponsorship = make_sponsorship("Proposed")
		frappe.set_user(COORDINATOR)
		hold = place_hold(sponsorship.name, held.name)["hold"]
		self.assertEqual(
			match(sponsorship.name, held.name), {"sponsorship": sponsorship.name, "child": held.name}
		)
		self.assertEqual(frappe.db.get_value("LPN Sponsorship", sponsorship.name, "child"), held.name)
		self.assertEqual(frappe.db.get_value(HOLD, hold, "status"), "Matched")
		self.assertRaises(HoldRefusedError, match, sponsorship.name, other.name)  # already matched

	def test_a_child_held_for_another_sponsor_cannot_be_matched(self):
		child = make_child()
		first, second = make_sponsorship("Proposed"), make_sponsorship("Proposed")
		frappe.set_user(COORDINATOR)
		place_hold(first.name, child.name)
		self.assertRaises(HoldRefusedError, match, second.name, child.name)
		self.assertFalse(frappe.db.get_value("LPN Sponsorship", second.name, "child"))


class TestDisbursement(MatchingCase):
	def setUp(self):
		super().setUp()
		self.year, self.term = term_of(getdate(today()), 2)

	def test_released_only_with_verified_enrolment_recorded_by_the_verifier(self):
		child = make_child()
		frappe.set_user(COORDINATOR)
		draft = make_disbursement(child.name, self.year, self.term, amount=3000)
		self.assertRaises(EnrolmentNotVerifiedError, draft.submit)
		self.assertEqual(frappe.db.get_value("LPN Disbursement", draft.name, "docstatus"), 0)
		draft.reload()
		draft.enrolment_verified = 1
		draft.save()
		self.assertRaises(EnrolmentNotVerifiedError, draft.submit)  # no proof attached
		draft.reload()
		draft.enrolment_proof = "/private/files/enrolment.pdf"
		draft.save()
		draft.submit()
		self.assertEqual(
			(draft.docstatus, draft.verified_by, getdate(draft.verified_on), draft.term_label),
			(1, COORDINATOR, getdate(today()), f"{self.year}-T{self.term}"),
		)

	def test_bad_amounts_and_terms_are_refused_and_nothing_is_written(self):
		child = make_child()
		before = frappe.db.count("LPN Disbursement")
		for amount, year, term in ((0, self.year, 1), (-5, self.year, 1), (100, self.year, 3), (100, 26, 1)):
			self.assertRaises(DisbursementError, make_disbursement, child.name, year, term, amount=amount)
		self.assertEqual(frappe.db.count("LPN Disbursement"), before)

	def test_a_fundraising_user_cannot_see_the_recipient(self):
		make_user("spm.fundraiser@example.org", "LPN Fundraising User")
		disbursement = make_disbursement(
			make_child().name, self.year, self.term, recipient="Ma Aye (grandmother)"
		)
		frappe.set_user("spm.fundraiser@example.org")
		doc = frappe.get_doc("LPN Disbursement", disbursement.name)
		doc.apply_fieldlevel_read_permissions()
		self.assertIsNone(doc.get("recipient"))
		self.assertEqual(doc.amount, disbursement.amount)
