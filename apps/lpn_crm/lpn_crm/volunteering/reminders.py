"""The clinic's scheduled emails: shift reminders 48 h and 24 h before, a coordinator alert when a
shift 72 h out still lacks a required language or skill, and a volunteer alert 30 days before their
licence or safeguarding training expires. Each is recorded on its document, so a run that comes late
or twice sends nothing twice."""

from datetime import timedelta

import frappe
from frappe.utils import add_days, get_datetime, getdate, now_datetime

from lpn_crm.domain import volunteering as rules
from lpn_crm.volunteering import notify
from lpn_crm.volunteering.shifts import coverage

COVERAGE_ALERT_HOURS = 72
CREDENTIAL_ALERT_DAYS = 30


def shift_reminders(now=None) -> int:
	"""Email confirmed volunteers of shifts starting within 48 h; returns how many emails were queued."""
	now = get_datetime(now) if now else now_datetime()
	rows = frappe.db.sql(
		"""select b.name, b.reminders_sent, s.name as shift, s.starts_at
		from `tabLPN Shift Booking` b join `tabLPN Clinic Shift` s on s.name = b.shift
		where b.status = 'Confirmed' and s.status in ('Open', 'Full') and s.starts_at > %s and s.starts_at <= %s""",
		(now, now + timedelta(hours=max(rules.REMINDER_HOURS))),
		as_dict=True,
	)
	sent = 0
	for row in rows:
		already = [int(h) for h in (row.reminders_sent or "").split(",") if h]
		due = rules.due_reminder(now, get_datetime(row.starts_at), already)
		if due is None:
			continue
		shift = frappe.get_cached_doc("LPN Clinic Shift", row.shift)
		booking = frappe.get_doc("LPN Shift Booking", row.name)
		notify.reminder(shift, booking, due)
		booking.db_set("reminders_sent", ",".join(str(h) for h in [*already, due]), update_modified=False)
		sent += 1
	return sent


def coverage_alerts(now=None) -> int:
	"""Alert the coordinator of each open shift starting within 72 h that still lacks a required
	language or skill (once per shift); returns how many alerts were queued."""
	now = get_datetime(now) if now else now_datetime()
	names = frappe.get_all(
		"LPN Clinic Shift",
		filters={
			"status": ("in", rules.BOOKABLE_SHIFT_STATES),
			"coverage_alert_sent": 0,
			"starts_at": ("between", (now, now + timedelta(hours=COVERAGE_ALERT_HOURS))),
		},
		pluck="name",
	)
	gaps = coverage(names)
	alerted = 0
	for name in names:
		missing = {**gaps[name]["languages"], **gaps[name]["skills"]}
		if not missing:
			continue
		shift = frappe.get_doc("LPN Clinic Shift", name)
		notify.coverage_gap(shift, missing)
		shift.db_set("coverage_alert_sent", 1, update_modified=False)
		alerted += 1
	return alerted


def credential_alerts(today=None) -> int:
	"""Email active volunteers whose licence or safeguarding training expires within 30 days (once per
	expiry date); returns how many emails were queued."""
	today = getdate(today) if today else getdate()
	horizon = add_days(today, CREDENTIAL_ALERT_DAYS)
	sent = 0
	for field, is_licence in (("licence_expiry", True), ("safeguarding_expiry", False)):
		for volunteer in frappe.get_all(
			"LPN Volunteer",
			filters={"status": "Active", field: ("between", (today, horizon))},
			fields=[
				"name",
				"email",
				"user",
				"full_name",
				"preferred_language",
				field,
				"licence_alert_sent_for",
			],
		):
			expiry = getdate(volunteer[field])
			marker = f"{'licence' if is_licence else 'training'}:{expiry}"
			if marker in (volunteer.licence_alert_sent_for or "").split(";"):
				continue
			volunteer.doctype = "LPN Volunteer"
			notify.credential_expiring(volunteer, is_licence, expiry)
			kept = [m for m in (volunteer.licence_alert_sent_for or "").split(";") if m]
			frappe.db.set_value(
				"LPN Volunteer",
				volunteer.name,
				"licence_alert_sent_for",
				";".join([*kept, marker][-4:]),
				update_modified=False,
			)
			sent += 1
	return sent
