"""Submitted donations between two dates, grouped by fund, payment method, month or campaign."""

import frappe
from frappe import _
from frappe.utils import flt

from lpn_crm.fundraising.analytics import donations_by
from lpn_crm.fundraising.report.lpn_top_donors.lpn_top_donors import date_range
from lpn_crm.fundraising.report_columns import column

GROUP_COLUMNS = {
	"Fund": {"fieldtype": "Link", "options": "LPN Fund"},
	"Payment Method": {"fieldtype": "Data"},
	"Month": {"fieldtype": "Data"},
	"Campaign": {"fieldtype": "Link", "options": "LPN Campaign"},
}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	grouping = filters.group_by or "Fund"
	from_date, to_date = date_range(filters)
	data = donations_by(
		grouping,
		from_date,
		to_date,
		fund=filters.fund,
		campaign=filters.campaign,
		payment_method=filters.payment_method,
	)
	return columns(grouping), data, None, chart(data)


def columns(grouping: str) -> list[dict]:
	return [
		column("group_key", _(grouping), width=180, **GROUP_COLUMNS.get(grouping, {})),
		column("donations", _("Donations"), "Int", 110),
		column("donors", _("Donors"), "Int", 100),
		column("total", _("Total"), "Currency", 150),
		column("average_gift", _("Average Gift"), "Currency", 130),
	]


def chart(data: list[dict]) -> dict:
	return {
		"data": {
			"labels": [row.group_key or _("(none)") for row in data],
			"datasets": [{"name": _("Total"), "values": [flt(row.total) for row in data]}],
		},
		"type": "bar",
		"fieldtype": "Currency",
	}
