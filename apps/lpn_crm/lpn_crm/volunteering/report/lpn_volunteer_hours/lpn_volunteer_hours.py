# Copyright (c) 2026, Labour Protection Network
"""Volunteer hours per volunteer, organisation or month: attended shifts and their hours, and the
no-shows beside them. One grouped query over the bookings."""

import frappe
from frappe import _
from frappe.utils import getdate

from lpn_crm.access import CLINIC_COORDINATOR, SYSTEM_MANAGER, check_roles

GROUPS = {
	"Volunteer": ("v.name", "v.full_name"),
	"Organisation": (
		"coalesce(nullif(v.organisation, ''), '-')",
		"coalesce(nullif(v.organisation, ''), '-')",
	),
	"Month": ("date_format(s.shift_date, '%%Y-%%m')", "date_format(s.shift_date, '%%Y-%%m')"),
}


def execute(filters=None):
	check_roles((CLINIC_COORDINATOR, SYSTEM_MANAGER))
	filters = frappe._dict(filters or {})
	group_by = filters.group_by or "Volunteer"
	if group_by not in GROUPS:
		frappe.throw(_("Group the report by Volunteer, Organisation or Month, not {0}").format(group_by))
	key, label = GROUPS[group_by]
	conditions, values = ["b.status in ('Attended', 'No-show')"], {}
	if filters.from_date:
		conditions.append("s.shift_date >= %(from_date)s")
		values["from_date"] = getdate(filters.from_date)
	if filters.to_date:
		conditions.append("s.shift_date <= %(to_date)s")
		values["to_date"] = getdate(filters.to_date)
	if filters.clinic:
		conditions.append("s.clinic = %(clinic)s")
		values["clinic"] = filters.clinic
	rows = frappe.db.sql(
		f"""select {key} as `key`, {label} as label,
			sum(b.status = 'Attended') as shifts, sum(if(b.status = 'Attended', b.hours, 0)) as hours,
			sum(b.status = 'No-show') as no_shows
		from `tabLPN Shift Booking` b
		join `tabLPN Clinic Shift` s on s.name = b.shift
		join `tabLPN Volunteer` v on v.name = b.volunteer
		where {" and ".join(conditions)}
		group by `key`, label order by `key`""",
		values,
		as_dict=True,
	)
	columns = [
		{"fieldname": "label", "label": _(group_by), "fieldtype": "Data", "width": 240},
		{"fieldname": "shifts", "label": _("Shifts Attended"), "fieldtype": "Int", "width": 130},
		{"fieldname": "hours", "label": _("Hours"), "fieldtype": "Float", "precision": 2, "width": 110},
		{"fieldname": "no_shows", "label": _("No-shows"), "fieldtype": "Int", "width": 110},
	]
	return columns, [{k: r[k] for k in ("label", "shifts", "hours", "no_shows")} for r in rows]
