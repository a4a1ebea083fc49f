"""Donor retention per fiscal year: last year's donors, how many gave again, the rate, new donors."""

import frappe
from frappe import _
from frappe.utils import cint, flt

from lpn_crm.fundraising.analytics import current_fiscal_year, retention_by_year

DEFAULT_YEARS = 5
MAX_YEARS = 50


def execute(filters=None):
	filters = frappe._dict(filters or {})
	to_year = cint(filters.to_year) or current_fiscal_year()
	from_year = cint(filters.from_year) or to_year - DEFAULT_YEARS + 1
	if from_year > to_year:
		frappe.throw(_("From Year must not be after To Year"))
	from_year = max(from_year, to_year - MAX_YEARS + 1)
	data = retention_by_year(from_year, to_year)
	return columns(), data, None, chart(data)


def columns() -> list[dict]:
	return [
		{"fieldname": "fiscal_year", "label": _("Fiscal Year"), "fieldtype": "Data", "width": 100},
		{
			"fieldname": "previous_year_donors",
			"label": _("Donors Last Year"),
			"fieldtype": "Int",
			"width": 140,
		},
		{"fieldname": "retained", "label": _("Retained"), "fieldtype": "Int", "width": 100},
		{"fieldname": "lapsed", "label": _("Lapsed"), "fieldtype": "Int", "width": 100},
		{"fieldname": "retention_rate", "label": _("Retention Rate %"), "fieldtype": "Percent", "width": 130},
		{"fieldname": "new_donors", "label": _("New Donors"), "fieldtype": "Int", "width": 110},
		{"fieldname": "returning_donors", "label": _("Returning Donors"), "fieldtype": "Int", "width": 130},
		{"fieldname": "donors", "label": _("Donors This Year"), "fieldtype": "Int", "width": 130},
	]


def chart(data: list[dict]) -> dict:
	return {
		"data": {
			"labels": [str(row["fiscal_year"]) for row in data],
			"datasets": [
				{"name": _("Retention Rate %"), "values": [flt(row["retention_rate"]) for row in data]}
			],
		},
		"type": "line",
	}
