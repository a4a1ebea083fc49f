"""SYBUNT: donors who gave Some Year But Unfortunately Not This year (fiscal years).

It includes the LYBUNT donors (their "some year" is last year); the "Lapsed before last year only"
filter leaves them out.
"""

import frappe
from frappe import _
from frappe.utils import cint, flt

from lpn_crm.fundraising.analytics import current_fiscal_year, sybunt_donors
from lpn_crm.fundraising.report_columns import column, donor_columns


def execute(filters=None):
	filters = frappe._dict(filters or {})
	year = cint(filters.fiscal_year) or current_fiscal_year()
	data = sybunt_donors(year, lapsed_before_last_year=bool(cint(filters.lapsed_before_last_year)))
	summary = [
		{"value": len(data), "label": _("SYBUNT donors for {0}").format(year), "datatype": "Int"},
		{
			"value": sum(flt(row.total_given) for row in data),
			"label": _("They gave before {0}").format(year),
			"datatype": "Currency",
		},
	]
	return columns(), data, None, None, summary


def columns() -> list[dict]:
	return [
		*donor_columns(),
		column("total_given", _("Total Given"), "Currency", 140),
		column("gifts", _("Gifts"), "Int", 80),
		column("first_gift_date", _("First Gift"), "Date", 110),
		column("last_gift_date", _("Last Gift"), "Date", 110),
	]
