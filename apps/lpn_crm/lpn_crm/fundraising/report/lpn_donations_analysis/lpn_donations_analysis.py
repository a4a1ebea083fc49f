"""Submitted donations between two dates, grouped by fund, payment method, month or campaign."""

import frappe
from frappe import _
from frappe.utils import flt

from lpn_crm.fundraising.analytics import donations_by
from lpn_crm.fundraising.report_columns import column
from lpn_crm.fundraising.report_periods import period_message, period_of

GROUP_COLUMNS = {
	"Fund": {"fieldtype": "Link", "options": "LPN Fund"},
	"Payment Method": {"fieldtype": "Data"},
	"Month": {"fieldtype": "Data"},
	"Campaign": {"fieldtype": "Link", "options": "LPN Campaign"},
}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	grouping = filters.group_by or "Fund"
	period = period_of(filters)
	data = donations_by(
		grouping,
		period.from_date,
		period.to_date,
		fund=filters.fund,
		campaign=filters.campaign,
		payment_method=filters.payment_method,
	)
	return columns(grouping), data, period_message(period), chart(data)


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
