"""Who sees what of the clinic, and the volunteer's onboarding from application to website login."""

import frappe
from frappe.tests.utils import FrappeTestCase

from lpn_crm.access import CLINIC_COORDINATOR, FUNDRAISING_MANAGER
from lpn_crm.api.volunteering import mark_attendance, repeat_shift
from lpn_crm.tests.factories import make_shift, make_user, make_volunteer
from lpn_crm.tests.test_volunteering import COORDINATOR, VolunteeringCase
from lpn_crm.volunteering import permissions


class TestVolunteerAccess(VolunteeringCase):
	def setUp(self):
		make_user(COORDINATOR, CLINIC_COORDINATOR)

	def test_a_volunteer_sees_their_own_record_and_bookings_only(self):
		shift = make_shift()
		me, other = make_volunteer(), make_volunteer()
		mine, theirs = self.booked(me, shift), self.booked(other, shift)
		frappe.set_user(me.user)
		self.assertEqual(frappe.get_list("LPN Volunteer", pluck="name"), [me.name])
		self.assertEqual(frappe.get_list("LPN Shift Booking", pluck="name"), [mine])
		self.assertTrue(frappe.has_permission("LPN Shift Booking", "read", mine))
		self.assertFalse(frappe.has_permission("LPN Shift Booking", "read", theirs))
		self.assertFalse(frappe.has_permission("LPN Volunteer", "read", other.name))
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc("LPN Volunteer", other.name).check_permission("read")

	def test_a_volunteer_reads_open_shifts_and_not_drafts(self):
		open_shift, draft = make_shift(), make_shift(status="Draft")
		me = make_volunteer()
		frappe.set_user(me.user)
		visible = set(frappe.get_list("LPN Clinic Shift", pluck="name", limit=0))
		self.assertIn(open_shift.name, visible)
		self.assertNotIn(draft.name, visible)
		self.assertTrue(frappe.has_permission("LPN Clinic Shift", "read", open_shift.name))
		self.assertFalse(frappe.has_permission("LPN Clinic Shift", "read", draft.name))
		self.assertFalse(frappe.has_permission("LPN Clinic Shift", "write", open_shift.name))

	def test_list_and_document_checks_agree(self):
		"""One condition serves both: every row the list shows passes has_permission, and no other does."""
		shift = make_shift()
		me, other = make_volunteer(), make_volunteer()
		self.booked(me, shift)
		self.booked(other, shift)
		make_shift(status="Draft")
		frappe.set_user(me.user)
		for doctype in permissions.VOLUNTEER_SCOPED:
			listed = set(frappe.get_list(doctype, pluck="name", limit=0))
			every = frappe.get_all(doctype, pluck="name", limit=0)
			for name in every:
				self.assertEqual(
					frappe.has_permission(doctype, "read", name), name in listed, f"{doctype} {name}"
				)

	def test_a_coordinator_sees_everything(self):
		shift = make_shift(status="Draft")
		volunteer = make_volunteer()
		frappe.set_user(COORDINATOR)
		self.assertEqual(permissions.volunteer_condition("LPN Shift Booking"), "")
		self.assertIn(shift.name, frappe.get_list("LPN Clinic Shift", pluck="name", limit=0))
		self.assertTrue(frappe.has_permission("LPN Volunteer", "write", volunteer.name))

	def test_guests_and_other_staff_see_nothing(self):
		shift = make_shift()
		for user in ("Guest", make_user("fundraiser.only@example.org", FUNDRAISING_MANAGER).name):
			frappe.set_user(user)
			for doctype in ("LPN Clinic Shift", "LPN Shift Booking", "LPN Volunteer"):
				self.assertFalse(frappe.has_permission(doctype, "read"), f"{user} reads {doctype}")
			with self.assertRaises(frappe.PermissionError):
				frappe.get_list("LPN Clinic Shift")
			self.assertFalse(frappe.has_permission("LPN Clinic Shift", "read", shift.name))

	def test_coordinator_endpoints_refuse_a_volunteer(self):
		shift = make_shift()
		volunteer = make_volunteer()
		booking = self.booked(volunteer, shift)
		frappe.set_user(volunteer.user)
		with self.assertRaises(frappe.PermissionError):
			repeat_shift(shift.name, 4)
		with self.assertRaises(frappe.PermissionError):
			mark_attendance(booking, "Attended")


class TestOnboarding(FrappeTestCase):
	def setUp(self):
		make_user(COORDINATOR, CLINIC_COORDINATOR)

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_an_application_starts_at_applied_with_no_login(self):
		frappe.set_user("Guest")
		doc = frappe.get_doc(
			{
				"doctype": "LPN Volunteer",
				"full_name": "Applicant Aye",
				"email": "applicant.aye@example.org",
				"status": "Active",
				"user": "Administrator",
			}
		).insert(ignore_permissions=True)  # what the public web form does
		frappe.set_user("Administrator")
		doc.reload()
		self.assertEqual((doc.status, doc.user), ("Applied", None))

	def test_the_workflow_takes_an_applicant_to_active_and_gives_a_login(self):
		from frappe.model.workflow import apply_workflow

		frappe.set_user("Guest")
		doc = frappe.get_doc(
			{"doctype": "LPN Volunteer", "full_name": "Applicant Mya", "email": "applicant.mya@example.org"}
		).insert(ignore_permissions=True)
		frappe.set_user(COORDINATOR)
		for action, state in (("Screen", "Screened"), ("Train", "Trained"), ("Activate", "Active")):
			doc = apply_workflow(frappe.get_doc("LPN Volunteer", doc.name), action)
			self.assertEqual(doc.status, state)
		frappe.set_user("Administrator")
		doc.reload()
		self.assertEqual(doc.user, "applicant.mya@example.org")
		self.assertIn("LPN Volunteer", frappe.get_roles(doc.user))
		self.assertEqual(frappe.db.get_value("User", doc.user, "user_type"), "Website User")

	def test_an_applicant_cannot_skip_a_state(self):
		frappe.set_user("Guest")
		doc = frappe.get_doc(
			{"doctype": "LPN Volunteer", "full_name": "Applicant Hla", "email": "applicant.hla@example.org"}
		).insert(ignore_permissions=True)
		frappe.set_user(COORDINATOR)
		doc = frappe.get_doc("LPN Volunteer", doc.name)
		doc.status = "Active"
		with self.assertRaises(frappe.ValidationError):
			doc.save()

	def test_the_application_web_form_is_public_and_lists_only_safe_fields(self):
		form = frappe.get_doc("Web Form", "volunteer-application")
		self.assertEqual((form.doc_type, form.login_required, form.published), ("LPN Volunteer", 0, 1))
		fields = {f.fieldname for f in form.web_form_fields if f.fieldname}
		self.assertFalse(fields & {"status", "user", "background_check", "ical_token"})


class TestVolunteeringDemo(FrappeTestCase):
	def test_the_demo_has_two_active_volunteers_with_logins_and_a_month_of_shifts(self):
		from pathlib import Path

		from frappe.utils import add_days, getdate, today

		from lpn_crm.setup.demo import load_demo_data

		load_demo_data(str(Path(__file__).resolve().parents[4] / "fixtures" / "demo"))
		for email in ("volunteer.a@lpn.localhost", "volunteer.b@lpn.localhost"):
			volunteer = frappe.db.get_value(
				"LPN Volunteer", {"email": email}, ["status", "user"], as_dict=True
			)
			self.assertEqual((volunteer.status, volunteer.user), ("Active", email))
			self.assertIn("LPN Volunteer", frappe.get_roles(email))
		dates = frappe.get_all(
			"LPN Clinic Shift",
			filters={"clinic": ("in", ("Mahachai Clinic", "Bangkok Outreach Clinic")), "status": "Open"},
			pluck="shift_date",
		)
		self.assertGreaterEqual(len(dates), 12)
		self.assertTrue(all(getdate(today()) < getdate(d) <= getdate(add_days(today(), 31)) for d in dates))
		self.assertEqual(load_demo_data(str(Path(__file__).resolve().parents[4] / "fixtures" / "demo")), {})
