"""LYBUNT: donors who gave Last Year But Unfortunately Not This year (fiscal years)."""

import frappe
from frappe import _
from frappe.utils import cint, flt

from lpn_crm.fundraising.analytics import current_fiscal_year, lybunt_donors
from lpn_crm.fundraising.report_columns import column, donor_columns


def execute(filters=None):
	filters = frappe._dict(filters or {})
	year = cint(filters.fiscal_year) or current_fiscal_year()
	data = lybunt_donors(year)
	summary = [
		{"value": len(data), "label": _("LYBUNT donors for {0}").format(year), "datatype": "Int"},
		{
			"value": sum(flt(row.last_year_total) for row in data),
			"label": _("They gave in {0}").format(year - 1),
			"datatype": "Currency",
		},
	]
	return columns(), data, None, None, summary


def columns() -> list[dict]:
	return [
		*donor_columns(),
		column("last_year_total", _("Last Year Total"), "Currency", 140),
		column("last_year_gifts", _("Gifts Last Year"), "Int", 110),
		column("last_gift_date", _("Last Gift"), "Date", 110),
		column("lifetime_total", _("Lifetime Total"), "Currency", 140),
	]
