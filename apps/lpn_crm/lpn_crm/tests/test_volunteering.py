"""Booking clinic shifts through the endpoints the portal page and a phone app use: seats, the waitlist,
cancellations, and every kind of bad input refused with a clear error and nothing written."""

from datetime import timedelta

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings
from frappe.utils import add_days, now_datetime, today

from lpn_crm.access import CLINIC_COORDINATOR
from lpn_crm.api.volunteering import book_shift, cancel_booking
from lpn_crm.tests.factories import make_shift, make_user, make_volunteer
from lpn_crm.volunteering import booking as service


def bookings_of(shift) -> list[tuple[str, str]]:
	return frappe.get_all(
		"LPN Shift Booking",
		filters={"shift": shift.name},
		fields=["volunteer", "status"],
		order_by="booked_at asc, name asc",
		as_list=True,
	)


COORDINATOR = "clinic.coordinator@example.org"


def emails_to(email: str) -> int:
	return frappe.db.count("Email Queue Recipient", {"recipient": email})


class VolunteeringCase(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")

	def book_as(self, volunteer, shift) -> dict:
		frappe.set_user(volunteer.user)
		try:
			return book_shift(shift.name)
		finally:
			frappe.set_user("Administrator")

	def booked(self, volunteer, shift) -> str:
		"""The name of the booking `volunteer` makes of `shift`."""
		return self.book_as(volunteer, shift)["booking"]

	def cancel_as(self, volunteer, booking: str, reason: str | None = None) -> dict:
		frappe.set_user(volunteer.user)
		try:
			return cancel_booking(booking, reason)
		finally:
			frappe.set_user("Administrator")

	def assert_refused(self, volunteer, shift, error, message: str):
		before = frappe.db.count("LPN Shift Booking")
		with self.assertRaises(error) as caught:
			self.book_as(volunteer, shift)
		self.assertIn(message, str(caught.exception))
		self.assertEqual(frappe.db.count("LPN Shift Booking"), before, "a refused booking wrote nothing")


class TestBooking(VolunteeringCase):
	def test_seats_are_confirmed_then_waitlisted(self):
		shift = make_shift(capacity=2)
		a, b, c = make_volunteer(), make_volunteer(), make_volunteer()
		first, second, third = (self.book_as(v, shift) for v in (a, b, c))
		self.assertEqual(first["status"], "Confirmed")
		self.assertEqual(second["status"], "Confirmed")
		self.assertEqual(third, {"booking": third["booking"], "status": "Waitlisted"})
		self.assertEqual(frappe.db.get_value("LPN Shift Booking", third["booking"], "volunteer"), c.name)
		shift.reload()
		self.assertEqual((shift.status, shift.confirmed_count, shift.waitlist_count), ("Full", 2, 1))

	def test_bad_shifts_are_refused(self):
		volunteer = make_volunteer()
		for status in ("Draft", "Cancelled", "Completed"):
			# volunteers do not see such shifts at all
			self.assert_refused(
				volunteer, make_shift(status=status), frappe.PermissionError, "not open for booking"
			)
		# a cancelled shift they had booked, they see; booking it again is refused as such
		shift = make_shift()
		self.book_as(volunteer, shift)
		shift.reload()
		shift.status = "Cancelled"
		shift.save()
		self.assert_refused(
			volunteer, shift, service.ShiftNotBookableError, "cannot be booked: it is Cancelled"
		)
		past = make_shift(shift_date=add_days(today(), -1))
		self.assert_refused(volunteer, past, service.ShiftNotBookableError, "already started")

	def test_booking_the_same_shift_twice_is_refused(self):
		shift = make_shift()
		volunteer = make_volunteer()
		self.book_as(volunteer, shift)
		self.assert_refused(volunteer, shift, service.AlreadyBookedError, "already booked this shift")

	def test_a_waitlisted_volunteer_cannot_book_again_either(self):
		shift = make_shift(capacity=1)
		self.book_as(make_volunteer(), shift)
		volunteer = make_volunteer()
		self.assertEqual(self.book_as(volunteer, shift)["status"], "Waitlisted")
		self.assert_refused(volunteer, shift, service.AlreadyBookedError, "already booked")

	def test_an_overlapping_shift_is_refused_and_back_to_back_is_not(self):
		day = add_days(today(), 5)
		morning = make_shift(shift_date=day, start_time="09:00:00", end_time="13:00:00")
		overlapping = make_shift(shift_date=day, start_time="12:00:00", end_time="15:00:00")
		afternoon = make_shift(shift_date=day, start_time="13:00:00", end_time="17:00:00")
		volunteer = make_volunteer()
		self.book_as(volunteer, morning)
		self.assert_refused(volunteer, overlapping, service.OverlapError, "overlaps")
		self.assertEqual(self.book_as(volunteer, afternoon)["status"], "Confirmed")

	def test_inactive_and_unqualified_volunteers_are_refused(self):
		shift = make_shift()
		inactive = make_volunteer(status="Inactive")
		self.assert_refused(inactive, shift, service.NotEligibleError, "Only active volunteers")
		needs_licence = make_shift(requires_licence=1)
		lapsed = make_volunteer(licence_expiry=add_days(needs_licence.shift_date, -1))
		self.assert_refused(lapsed, needs_licence, service.NotEligibleError, "professional licence")
		valid = make_volunteer(licence_expiry=needs_licence.shift_date)
		self.assertEqual(self.book_as(valid, needs_licence)["status"], "Confirmed")
		needs_training = make_shift(requires_training=1)
		self.assert_refused(make_volunteer(), needs_training, service.NotEligibleError, "safeguarding")

	def test_someone_without_a_volunteer_record_cannot_book(self):
		shift = make_shift()
		frappe.set_user("Guest")
		with self.assertRaises(frappe.PermissionError):
			book_shift(shift.name)

	def test_a_shift_that_does_not_exist_is_a_clear_error(self):
		volunteer = make_volunteer()
		frappe.set_user(volunteer.user)
		with self.assertRaises(frappe.DoesNotExistError):
			book_shift("SHIFT-NOPE")

	def test_end_time_before_start_is_refused(self):
		with self.assertRaises(frappe.ValidationError) as caught:
			make_shift(start_time="13:00:00", end_time="09:00:00")
		self.assertIn("must be after the start time", str(caught.exception))

	def test_capacity_cannot_drop_below_confirmed_bookings(self):
		shift = make_shift(capacity=3)
		for volunteer in (make_volunteer(), make_volunteer()):
			self.book_as(volunteer, shift)
		shift.reload()
		shift.capacity = 1
		with self.assertRaises(frappe.ValidationError) as caught:
			shift.save()
		self.assertIn("below the 2 bookings", str(caught.exception))
		self.assertEqual(frappe.db.get_value("LPN Clinic Shift", shift.name, "capacity"), 3)
		shift.reload()
		shift.capacity = 2
		shift.save()
		self.assertEqual(shift.status, "Full")

	def test_raising_the_capacity_takes_the_waitlist_in_order(self):
		shift = make_shift(capacity=1)
		self.book_as(make_volunteer(), shift)
		first, second = make_volunteer(), make_volunteer()
		self.book_as(first, shift)
		self.book_as(second, shift)
		shift.reload()
		shift.capacity = 2
		shift.save()
		statuses = dict(bookings_of(shift))
		self.assertEqual((statuses[first.name], statuses[second.name]), ("Confirmed", "Waitlisted"))

	def test_bookings_cannot_be_written_around_the_service(self):
		"""A booking made by REST or the desk would skip the shift's lock and could give a seat twice."""
		shift = make_shift()
		volunteer = make_volunteer()
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc(
				{
					"doctype": "LPN Shift Booking",
					"shift": shift.name,
					"volunteer": volunteer.name,
					"status": "Confirmed",
				}
			).insert(ignore_permissions=True)
		booking = self.book_as(volunteer, shift)["booking"]
		doc = frappe.get_doc("LPN Shift Booking", booking)
		doc.status = "Attended"
		with self.assertRaises(frappe.PermissionError):
			doc.save(ignore_permissions=True)


class TestCancelAndWaitlist(VolunteeringCase):
	def setUp(self):
		make_user(COORDINATOR, CLINIC_COORDINATOR)

	def test_a_cancellation_promotes_the_first_on_the_waitlist_and_emails_them(self):
		shift = make_shift(capacity=1, shift_date=add_days(today(), 10))
		holder, first, second = make_volunteer(), make_volunteer(), make_volunteer()
		held = self.book_as(holder, shift)["booking"]
		self.book_as(first, shift)
		self.book_as(second, shift)
		emails = emails_to(first.email), emails_to(second.email)
		answer = self.cancel_as(holder, held)
		self.assertEqual(answer["status"], "Cancelled")
		statuses = dict(bookings_of(shift))
		self.assertEqual(
			statuses, {holder.name: "Cancelled", first.name: "Confirmed", second.name: "Waitlisted"}
		)
		self.assertEqual(
			answer["promoted"], frappe.db.get_value("LPN Shift Booking", {"volunteer": first.name})
		)
		self.assertEqual((emails_to(first.email), emails_to(second.email)), (emails[0] + 1, emails[1]))
		shift.reload()
		self.assertEqual((shift.status, shift.confirmed_count, shift.waitlist_count), ("Full", 1, 1))

	def test_the_waitlist_skips_a_volunteer_who_may_no_longer_take_the_seat(self):
		shift = make_shift(capacity=1)
		holder, gone, next_one = make_volunteer(), make_volunteer(), make_volunteer()
		held = self.book_as(holder, shift)["booking"]
		self.book_as(gone, shift)
		self.book_as(next_one, shift)
		frappe.db.set_value("LPN Volunteer", gone.name, "status", "Inactive")
		self.cancel_as(holder, held)
		statuses = dict(bookings_of(shift))
		self.assertEqual((statuses[gone.name], statuses[next_one.name]), ("Waitlisted", "Confirmed"))

	def test_cancelling_a_waitlisted_booking_promotes_nobody(self):
		shift = make_shift(capacity=1)
		holder, waiting = make_volunteer(), make_volunteer()
		self.book_as(holder, shift)
		waiting_booking = self.book_as(waiting, shift)["booking"]
		self.assertIsNone(self.cancel_as(waiting, waiting_booking)["promoted"])
		shift.reload()
		self.assertEqual((shift.status, shift.confirmed_count, shift.waitlist_count), ("Full", 1, 0))

	def test_a_freed_seat_reopens_the_shift(self):
		shift = make_shift(capacity=1)
		volunteer = make_volunteer()
		booking = self.book_as(volunteer, shift)["booking"]
		self.cancel_as(volunteer, booking)
		shift.reload()
		self.assertEqual(shift.status, "Open")
		self.assertEqual(self.book_as(volunteer, shift)["status"], "Confirmed", "a volunteer may book again")

	@change_settings("LPN Volunteering Settings", {"cancel_cutoff_hours": 24})
	def test_a_late_cancellation_needs_a_reason_and_alerts_the_coordinator(self):
		coordinator = COORDINATOR
		soon = now_datetime() + timedelta(hours=5)
		shift = make_shift(
			shift_date=soon.date(),
			start_time=soon.strftime("%H:00:00") if soon.hour < 22 else "22:00:00",
			end_time="23:30:00",
			coordinator=coordinator,
		)
		if shift.starts_at <= now_datetime():
			self.skipTest("too close to midnight for a shift later today")
		volunteer = make_volunteer()
		booking = self.book_as(volunteer, shift)["booking"]
		with self.assertRaises(service.ReasonRequiredError) as caught:
			self.cancel_as(volunteer, booking, "  ")
		self.assertIn("needs a reason", str(caught.exception))
		self.assertEqual(frappe.db.get_value("LPN Shift Booking", booking, "status"), "Confirmed")
		alerts = emails_to(coordinator)
		self.cancel_as(volunteer, booking, "My child is ill")
		self.assertEqual(
			frappe.db.get_value("LPN Shift Booking", booking, "cancel_reason"), "My child is ill"
		)
		self.assertEqual(emails_to(coordinator), alerts + 1)

	@change_settings("LPN Volunteering Settings", {"cancel_cutoff_hours": 24})
	def test_an_early_cancellation_needs_no_reason(self):
		shift = make_shift(shift_date=add_days(today(), 3), coordinator=COORDINATOR)
		volunteer = make_volunteer()
		booking = self.book_as(volunteer, shift)["booking"]
		alerts = emails_to(COORDINATOR)
		self.assertEqual(self.cancel_as(volunteer, booking)["status"], "Cancelled")
		self.assertEqual(emails_to(COORDINATOR), alerts)

	def test_cancelling_twice_or_someone_elses_booking_is_refused(self):
		shift = make_shift()
		owner, other = make_volunteer(), make_volunteer()
		booking = self.book_as(owner, shift)["booking"]
		with self.assertRaises(frappe.PermissionError):
			self.cancel_as(other, booking)
		self.assertEqual(frappe.db.get_value("LPN Shift Booking", booking, "status"), "Confirmed")
		self.cancel_as(owner, booking)
		with self.assertRaises(service.BookingError):
			self.cancel_as(owner, booking)

	def test_cancelling_the_shift_cancels_its_bookings_and_tells_the_volunteers(self):
		shift = make_shift(capacity=1)
		holder, waiting = make_volunteer(), make_volunteer()
		self.book_as(holder, shift)
		self.book_as(waiting, shift)
		before = emails_to(holder.email), emails_to(waiting.email)
		shift.reload()
		shift.status = "Cancelled"
		shift.save()
		self.assertEqual({s for _, s in bookings_of(shift)}, {"Cancelled"})
		self.assertEqual((emails_to(holder.email), emails_to(waiting.email)), (before[0] + 1, before[1] + 1))


class TestWithoutOutgoingEmail(VolunteeringCase):
	def test_a_site_without_outgoing_email_still_activates_books_and_promotes(self):
		"""Failed before the fix: with no outgoing Email Account (a new site, the demo), making a volunteer
		Active raised OutgoingEmailError from the welcome email and nothing was saved."""
		from lpn_crm.tests.setup import TEST_OUTBOX

		frappe.db.set_value("Email Account", TEST_OUTBOX, {"default_outgoing": 0, "enable_outgoing": 0})
		frappe.local.outgoing_email_account = {}
		try:
			shift = make_shift(capacity=1)
			holder, waiting = make_volunteer(), make_volunteer()
			self.assertTrue(frappe.db.get_value("LPN Volunteer", holder.name, "user"))
			held = self.book_as(holder, shift)["booking"]
			self.book_as(waiting, shift)
			self.assertTrue(self.cancel_as(holder, held)["promoted"])
			self.assertTrue(frappe.db.exists("Error Log", {"method": ("like", "Clinic email not sent%")}))
		finally:
			frappe.db.set_value("Email Account", TEST_OUTBOX, {"default_outgoing": 1, "enable_outgoing": 1})
			frappe.local.outgoing_email_account = {}
