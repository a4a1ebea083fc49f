"""Appeals and what they brought: recipients, opens (as Frappe tracks them), gifts, amount, cost and the
amount raised per baht spent; read from the totals the appeals keep (fundraising.rollups)."""

import frappe
from frappe import _
from frappe.utils import flt

from lpn_crm.domain.campaigns import raised_per_thb


def execute(filters=None):
	filters = frappe._dict(filters or {})
	conditions = {"status": "Sent"}
	if filters.campaign:
		conditions["campaign"] = filters.campaign
	rows = frappe.get_list(
		"LPN Appeal",
		filters=conditions,
		fields=[
			"name",
			"title",
			"campaign",
			"sent_on",
			"recipient_count",
			"opened_count",
			"donation_count",
			"donor_count",
			"raised",
			"cost",
		],
		order_by="sent_on desc",
	)
	data = [
		{
			"appeal": row.name,
			"title": row.title,
			"campaign": row.campaign,
			"sent_on": row.sent_on,
			"recipients": row.recipient_count,
			"opened": row.opened_count,
			"gifts": row.donation_count,
			"donors": row.donor_count,
			"raised": flt(row.raised),
			"cost": flt(row.cost),
			"raised_per_thb": raised_per_thb(flt(row.raised), flt(row.cost)),
		}
		for row in rows
	]
	return columns(), data


def columns() -> list[dict]:
	return [
		{
			"fieldname": "appeal",
			"label": _("Appeal"),
			"fieldtype": "Link",
			"options": "LPN Appeal",
			"width": 140,
		},
		{"fieldname": "title", "label": _("Title"), "fieldtype": "Data", "width": 200},
		{
			"fieldname": "campaign",
			"label": _("Campaign"),
			"fieldtype": "Link",
			"options": "LPN Campaign",
			"width": 160,
		},
		{"fieldname": "sent_on", "label": _("Sent On"), "fieldtype": "Datetime", "width": 150},
		{"fieldname": "recipients", "label": _("Recipients"), "fieldtype": "Int", "width": 100},
		{"fieldname": "opened", "label": _("Opened"), "fieldtype": "Int", "width": 90},
		{"fieldname": "gifts", "label": _("Gifts"), "fieldtype": "Int", "width": 80},
		{"fieldname": "donors", "label": _("Donors"), "fieldtype": "Int", "width": 80},
		{
			"fieldname": "raised",
			"label": _("Raised (THB)"),
			"fieldtype": "Currency",
			"options": "THB",
			"width": 130,
		},
		{
			"fieldname": "cost",
			"label": _("Cost (THB)"),
			"fieldtype": "Currency",
			"options": "THB",
			"width": 110,
		},
		{
			"fieldname": "raised_per_thb",
			"label": _("Raised per THB Spent"),
			"fieldtype": "Float",
			"width": 140,
		},
	]
