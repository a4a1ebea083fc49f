"""Donor retention per fiscal year: last year's donors, how many gave again, the rate, new donors."""

import frappe
from frappe import _
from frappe.utils import cint, flt

from lpn_crm.fundraising.analytics import current_fiscal_year, retention_by_year
from lpn_crm.fundraising.report_columns import column

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
		column("fiscal_year", _("Fiscal Year"), width=100),
		column("previous_year_donors", _("Donors Last Year"), "Int", 140),
		column("retained", _("Retained"), "Int", 100),
		column("lapsed", _("Lapsed"), "Int", 100),
		column("retention_rate", _("Retention Rate %"), "Percent", 130),
		column("new_donors", _("New Donors"), "Int", 110),
		column("returning_donors", _("Returning Donors"), "Int", 130),
		column("donors", _("Donors This Year"), "Int", 130),
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
