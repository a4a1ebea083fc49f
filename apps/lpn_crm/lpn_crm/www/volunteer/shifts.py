"""A volunteer's clinic shifts, on their phone: the open shifts they qualify for (seats left, languages
and skills still needed), their bookings with cancel and check-in, their hours, and their calendar link.
Reads go through permission-checked get_list; booking and cancelling post to lpn_crm.api.volunteering."""

from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import flt, get_datetime, now_datetime

from lpn_crm.domain import volunteering as rules
from lpn_crm.volunteering.booking import CHECK_IN_EARLY_MINUTES, credentials, cutoff_hours, needs
from lpn_crm.volunteering.shifts import label_of, upcoming

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/volunteer/shifts"
		raise frappe.Redirect
	context.no_breadcrumbs = True
	context.title = _("My clinic shifts")
	volunteers = frappe.get_list(
		"LPN Volunteer",
		filters={"user": frappe.session.user},
		fields=["name", "full_name", "status", "licence_expiry", "safeguarding_expiry"],
		limit=1,
	)
	context.volunteer = volunteers[0] if volunteers else None
	if not context.volunteer:
		return context
	volunteer = context.volunteer
	bookings = frappe.get_list(
		"LPN Shift Booking",
		filters={"volunteer": volunteer.name},
		fields=["name", "shift", "status", "hours", "booked_at"],
		order_by="booked_at desc",
		limit=500,
	)
	shift_names = list({b.shift for b in bookings})
	shift_rows = (
		{
			s.name: s
			for s in frappe.get_list(
				"LPN Clinic Shift",
				filters={"name": ("in", shift_names)},
				fields=[
					"name",
					"clinic",
					"shift_date",
					"start_time",
					"end_time",
					"starts_at",
					"ends_at",
					"status",
				],
				limit=0,
			)
		}
		if shift_names
		else {}
	)
	now = now_datetime()
	live = {}
	context.mine, context.history = [], []
	for b in bookings:
		shift = shift_rows.get(b.shift)
		if not shift:
			continue
		b.shift_info = shift
		if b.status in rules.LIVE_BOOKING_STATES and get_datetime(shift.ends_at) > now:
			live[b.shift] = b
			b.can_check_in = (
				b.status == rules.CONFIRMED
				and get_datetime(shift.starts_at) - timedelta(minutes=CHECK_IN_EARLY_MINUTES) <= now
			)
			b.can_cancel = get_datetime(shift.starts_at) > now
			b.late = b.status == rules.CONFIRMED and rules.inside_cutoff(
				now, get_datetime(shift.starts_at), cutoff_hours()
			)
			context.mine.append(b)
		elif b.status in ("Attended", "No-show"):
			context.history.append(b)
	context.mine.sort(key=lambda b: b.shift_info.starts_at)
	context.total_hours = sum(flt(b.hours) for b in context.history if b.status == "Attended")
	mine_creds = credentials(volunteer)
	held = [b.shift_info for b in context.mine if b.status == rules.CONFIRMED]
	context.shifts = []
	for shift in upcoming():
		if not rules.is_eligible(mine_creds, needs(shift)):
			continue
		shift.booking = live.get(shift.name)
		# booking it would be refused: say so instead of offering the button
		shift.clash = None if shift.booking else clash_with(shift, held)
		shift.languages_needed = label_of(shift.uncovered_languages)
		shift.skills_needed = label_of(shift.uncovered_skills)
		context.shifts.append(shift)
	context.clinics = {
		c.name: c
		for c in frappe.get_list("LPN Clinic", fields=["name", "place", "address", "map_link"], limit=0)
	}
	context.cutoff_hours = cutoff_hours()
	context.is_active = volunteer.status == rules.ACTIVE
	return context


def clash_with(shift, held: list):
	"""The volunteer's confirmed shift that `shift` overlaps, if any."""
	starts, ends = get_datetime(shift.starts_at), get_datetime(shift.ends_at)
	return next(
		(h for h in held if rules.overlaps(starts, ends, get_datetime(h.starts_at), get_datetime(h.ends_at))),
		None,
	)
