# Copyright (c) 2026, Labour Protection Network
"""Expected monthly payments against those received, per Active sponsorship: months missed, the amount
behind in the sponsorship's currency, and the reminder reached (1, 2, 3)."""

import frappe
from frappe import _

from lpn_crm.access import FUNDRAISING_STAFF, SPONSORSHIP_COORDINATOR, check_roles
from lpn_crm.sponsorship.finance import arrears_rows


def execute(filters=None):
	check_roles((SPONSORSHIP_COORDINATOR, *FUNDRAISING_STAFF))
	filters = frappe._dict(filters or {})
	rows = arrears_rows(as_of=filters.as_of or None, only_missed=bool(int(filters.only_missed or 0)))
	for row in rows:
		row.payment_channel_label = _(row.payment_channel or "")
	columns = [
		{
			"fieldname": "sponsorship",
			"label": _("Sponsorship"),
			"fieldtype": "Link",
			"options": "LPN Sponsorship",
			"width": 150,
		},
		{"fieldname": "sponsor_name", "label": _("Sponsor"), "fieldtype": "Data", "width": 160},
		{"fieldname": "child_first_name", "label": _("Child"), "fieldtype": "Data", "width": 110},
		{
			"fieldname": "payment_channel_label",
			"label": _("Payment Channel"),
			"fieldtype": "Data",
			"width": 140,
		},
		{
			"fieldname": "monthly_amount",
			"label": _("Monthly Amount"),
			"fieldtype": "Currency",
			"options": "currency",
			"width": 120,
		},
		{"fieldname": "expected", "label": _("Months Expected"), "fieldtype": "Int", "width": 110},
		{"fieldname": "paid", "label": _("Months Paid"), "fieldtype": "Int", "width": 100},
		{"fieldname": "missed", "label": _("Months Missed"), "fieldtype": "Int", "width": 110},
		{
			"fieldname": "arrears",
			"label": _("Arrears"),
			"fieldtype": "Currency",
			"options": "currency",
			"width": 110,
		},
		{"fieldname": "first_unpaid", "label": _("First Unpaid Month"), "fieldtype": "Date", "width": 130},
		{"fieldname": "reminder_level", "label": _("Reminder"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "currency",
			"label": _("Currency"),
			"fieldtype": "Link",
			"options": "Currency",
			"hidden": 1,
		},
	]
	return columns, rows
