"""The clinic's calendar side: weekly shifts in one action, attendance and hours, the hours report,
reminders and alerts from the scheduler, and the volunteers' iCal feed."""

from datetime import timedelta

import frappe
from frappe.utils import add_days, get_datetime, getdate, now_datetime, today
from icalendar import Calendar

from lpn_crm.access import CLINIC_COORDINATOR
from lpn_crm.api.volunteering import (
	check_in,
	ical,
	mark_attendance,
	repeat_shift,
	reset_calendar_link,
)
from lpn_crm.tests.factories import make_shift, make_user, make_volunteer
from lpn_crm.tests.test_volunteering import COORDINATOR, VolunteeringCase, emails_to
from lpn_crm.volunteering import calendar, reminders
from lpn_crm.volunteering.booking import BookingError
from lpn_crm.volunteering.report.lpn_volunteer_hours.lpn_volunteer_hours import execute as hours_report


class ScheduleCase(VolunteeringCase):
	def setUp(self):
		make_user(COORDINATOR, CLINIC_COORDINATOR)

	def move_to_now(self, shift):
		"""The shift (made ahead and booked) has just begun, as time would have it."""
		start = now_datetime() - timedelta(minutes=10)
		end = start + timedelta(hours=3, minutes=30)
		if end.date() != start.date():
			self.skipTest("a shift running now would cross midnight")
		frappe.db.set_value(
			"LPN Clinic Shift",
			shift.name,
			{
				"shift_date": start.date(),
				"start_time": start.strftime("%H:%M:00"),
				"end_time": end.strftime("%H:%M:00"),
				"starts_at": start.replace(second=0, microsecond=0),
				"ends_at": end.replace(second=0, microsecond=0),
			},
		)


class TestRepeat(ScheduleCase):
	def test_twelve_saturdays_in_one_action_skipping_dates_that_have_the_shift(self):
		first = getdate(add_days(today(), 7))
		while first.weekday() != 5:
			first = add_days(first, 1)
		shift = make_shift(shift_date=first, languages={"Burmese": 1})
		existing = make_shift(shift_date=add_days(first, 14), clinic=shift.clinic)
		frappe.set_user(COORDINATOR)
		result = repeat_shift(shift.name, 12)
		self.assertEqual(len(result["created"]), 10)
		self.assertEqual(set(result["skipped"]), {str(first), str(existing.shift_date)})
		dates = frappe.get_all(
			"LPN Clinic Shift", filters={"clinic": shift.clinic}, pluck="shift_date", order_by="shift_date"
		)
		self.assertEqual(len(dates), 12)
		self.assertEqual({getdate(d).weekday() for d in dates}, {5})
		copy = frappe.get_doc("LPN Clinic Shift", result["created"][0])
		self.assertEqual([r.language for r in copy.required_languages], ["Burmese"])
		self.assertEqual(copy.status, "Open")
		again = repeat_shift(shift.name, 12)
		self.assertEqual(again["created"], [], "running it twice makes nothing twice")

	def test_a_nonsense_number_of_weeks_is_refused(self):
		shift = make_shift()
		frappe.set_user(COORDINATOR)
		with self.assertRaises(frappe.ValidationError):
			repeat_shift(shift.name, 0)


class TestAttendance(ScheduleCase):
	def test_the_coordinator_marks_attendance_and_hours_count(self):
		shift = make_shift(start_time="09:00:00", end_time="13:30:00")
		came, stayed_away = make_volunteer(organisation="MAP Foundation"), make_volunteer(organisation="HRDF")
		came_booking, away_booking = self.booked(came, shift), self.booked(stayed_away, shift)
		frappe.set_user(COORDINATOR)
		with self.assertRaises(BookingError):
			mark_attendance(came_booking, "Attended")  # the shift has not begun
		frappe.set_user("Administrator")
		frappe.db.set_value(
			"LPN Clinic Shift",
			shift.name,
			{"shift_date": add_days(today(), -1), "starts_at": add_days(now_datetime(), -1)},
		)
		frappe.set_user(COORDINATOR)
		self.assertEqual(mark_attendance(came_booking, "Attended")["hours"], 4.5)
		self.assertEqual(mark_attendance(away_booking, "No-show")["hours"], 0)
		with self.assertRaises(BookingError):
			mark_attendance(came_booking, "Confirmed")
		frappe.set_user("Administrator")
		day = add_days(today(), -1)
		_columns, rows = hours_report({"group_by": "Organisation", "from_date": day, "to_date": day})
		by_org = {r["label"]: r for r in rows}
		self.assertEqual((by_org["MAP Foundation"]["hours"], by_org["MAP Foundation"]["shifts"]), (4.5, 1))
		self.assertEqual(by_org["HRDF"]["no_shows"], 1)
		_, by_volunteer = hours_report({"group_by": "Volunteer", "from_date": day, "to_date": day})
		self.assertIn(came.full_name, {r["label"] for r in by_volunteer})

	def test_the_hours_report_is_for_coordinators(self):
		volunteer = make_volunteer()
		frappe.set_user(volunteer.user)
		with self.assertRaises(frappe.PermissionError):
			hours_report({"group_by": "Volunteer"})

	def test_a_volunteer_checks_in_during_the_shift_only(self):
		shift = make_shift()
		volunteer = make_volunteer()
		booking = self.booked(volunteer, shift)
		frappe.set_user(volunteer.user)
		with self.assertRaises(BookingError):
			check_in(booking)
		frappe.set_user("Administrator")
		self.move_to_now(shift)
		frappe.set_user(volunteer.user)
		answer = check_in(booking)
		self.assertEqual((answer["status"], answer["hours"]), ("Attended", 3.5))
		self.assertTrue(frappe.db.get_value("LPN Shift Booking", booking, "checked_in_at"))
		other = make_volunteer()
		frappe.set_user(other.user)
		with self.assertRaises(frappe.PermissionError):
			check_in(booking)


class TestReminders(ScheduleCase):
	def test_reminders_go_48_and_24_hours_before_and_once_each(self):
		shift = make_shift(shift_date=add_days(today(), 4))
		volunteer = make_volunteer()
		self.booked(volunteer, shift)
		starts = get_datetime(frappe.db.get_value("LPN Clinic Shift", shift.name, "starts_at"))
		before = emails_to(volunteer.email)
		# other shifts on the site may be due too: count this volunteer's emails only
		reminders.shift_reminders(starts - timedelta(hours=50))
		self.assertEqual(emails_to(volunteer.email), before)
		reminders.shift_reminders(starts - timedelta(hours=47))
		self.assertEqual(emails_to(volunteer.email), before + 1)
		reminders.shift_reminders(starts - timedelta(hours=46))
		self.assertEqual(emails_to(volunteer.email), before + 1, "the 48 h reminder goes once")
		reminders.shift_reminders(starts - timedelta(hours=23))
		reminders.shift_reminders(starts - timedelta(hours=22))
		self.assertEqual(emails_to(volunteer.email), before + 2)

	def test_the_coordinator_hears_of_a_shift_72_hours_out_that_lacks_a_language(self):
		shift = make_shift(shift_date=add_days(today(), 5), coordinator=COORDINATOR, languages={"Shan": 1})
		covered = make_shift(shift_date=add_days(today(), 5), coordinator=COORDINATOR, languages={"Karen": 1})
		self.booked(make_volunteer(languages=("Karen",)), covered)
		starts = get_datetime(frappe.db.get_value("LPN Clinic Shift", shift.name, "starts_at"))
		before = emails_to(COORDINATOR)
		alerted = lambda name: frappe.db.get_value("LPN Clinic Shift", name, "coverage_alert_sent")  # noqa: E731
		reminders.coverage_alerts(starts - timedelta(hours=80))
		self.assertEqual((alerted(shift.name), emails_to(COORDINATOR)), (0, before))
		self.assertGreaterEqual(reminders.coverage_alerts(starts - timedelta(hours=70)), 1)
		self.assertEqual((alerted(shift.name), alerted(covered.name)), (1, 0))
		reminders.coverage_alerts(starts - timedelta(hours=69))
		self.assertEqual(emails_to(COORDINATOR), before + 1, "once per shift, none for the covered one")

	def test_a_volunteer_hears_30_days_before_their_licence_expires(self):
		volunteer = make_volunteer(
			licence_expiry=add_days(today(), 30), safeguarding_expiry=add_days(today(), 90)
		)
		before = emails_to(volunteer.email)
		reminders.credential_alerts(add_days(today(), -1))
		self.assertEqual(emails_to(volunteer.email), before, "31 days ahead: not yet")
		reminders.credential_alerts(today())
		reminders.credential_alerts(add_days(today(), 1))
		self.assertEqual(emails_to(volunteer.email), before + 1)


class TestCalendarFeed(ScheduleCase):
	def test_the_feed_lists_my_shifts_and_a_new_link_revokes_the_old(self):
		shift = make_shift(shift_date=add_days(today(), 6))
		volunteer = make_volunteer()
		self.booked(volunteer, shift)
		frappe.set_user(volunteer.user)
		url = reset_calendar_link()["url"]
		token = url.split("token=")[1]
		frappe.set_user("Guest")
		ical(token)
		self.assertEqual(frappe.local.response.content_type, "text/calendar; charset=utf-8")
		events = Calendar.from_ical(frappe.local.response.filecontent).walk("VEVENT")
		self.assertEqual(len(events), 1)
		self.assertEqual(
			events[0].decoded("dtstart").replace(tzinfo=None), get_datetime(f"{shift.shift_date} 09:00:00")
		)
		frappe.set_user(volunteer.user)
		reset_calendar_link()
		frappe.set_user("Guest")
		for bad in (token, "", "not-a-token"):
			with self.assertRaises(calendar.NotFound):
				ical(bad)
		self.assertNotEqual(frappe.db.get_value("LPN Volunteer", volunteer.name, "ical_token"), token)
