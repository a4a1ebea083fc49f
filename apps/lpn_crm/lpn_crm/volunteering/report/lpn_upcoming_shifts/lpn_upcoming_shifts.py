# Copyright (c) 2026, Labour Protection Network
"""The coordinator's look ahead: open and full shifts, seats left and the languages and skills no
confirmed volunteer covers yet."""

import frappe
from frappe import _

from lpn_crm.access import CLINIC_COORDINATOR, SYSTEM_MANAGER, check_roles
from lpn_crm.volunteering.shifts import label_of, upcoming


def execute(filters=None):
	check_roles((CLINIC_COORDINATOR, SYSTEM_MANAGER))
	filters = frappe._dict(filters or {})
	days = min(max(int(filters.days or 14), 1), 366)
	rows = upcoming(days, {"clinic": filters.clinic} if filters.clinic else None)
	columns = [
		{
			"fieldname": "name",
			"label": _("Shift"),
			"fieldtype": "Link",
			"options": "LPN Clinic Shift",
			"width": 120,
		},
		{
			"fieldname": "clinic",
			"label": _("Clinic"),
			"fieldtype": "Link",
			"options": "LPN Clinic",
			"width": 180,
		},
		{"fieldname": "shift_date", "label": _("Date"), "fieldtype": "Date", "width": 110},
		{"fieldname": "start_time", "label": _("Start Time"), "fieldtype": "Time", "width": 90},
		{"fieldname": "seats_left", "label": _("Seats Left"), "fieldtype": "Int", "width": 100},
		{"fieldname": "waitlist_count", "label": _("Waitlisted"), "fieldtype": "Int", "width": 100},
		{"fieldname": "languages", "label": _("Languages Still Needed"), "fieldtype": "Data", "width": 200},
		{"fieldname": "skills", "label": _("Skills Still Needed"), "fieldtype": "Data", "width": 200},
	]
	data = [
		{
			**{
				k: r[k]
				for k in ("name", "clinic", "shift_date", "start_time", "seats_left", "waitlist_count")
			},
			"languages": label_of(r.uncovered_languages),
			"skills": label_of(r.uncovered_skills),
		}
		for r in rows
	]
	return columns, data
