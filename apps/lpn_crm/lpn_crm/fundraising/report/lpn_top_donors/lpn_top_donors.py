"""The donors who gave most (in THB, submitted donations) between two dates."""

import frappe
from frappe import _
from frappe.utils import cint

from lpn_crm.fundraising.analytics import current_fiscal_year, fiscal_year_bounds, top_donors
from lpn_crm.fundraising.report_columns import column, donor_columns


def execute(filters=None):
	filters = frappe._dict(filters or {})
	from_date, to_date = date_range(filters)
	data = top_donors(from_date, to_date, cint(filters.limit) or 20)
	for rank, row in enumerate(data, start=1):
		row["rank"] = rank
	return columns(), data


def date_range(filters) -> tuple:
	"""The filters' dates, or the current fiscal year so far."""
	bounds = fiscal_year_bounds(current_fiscal_year())
	return filters.from_date or bounds["this_start"], filters.to_date or frappe.utils.today()


def columns() -> list[dict]:
	return [
		column("rank", _("Rank"), "Int", 70),
		*donor_columns(phone=False),
		column("total", _("Total"), "Currency", 140),
		column("gifts", _("Gifts"), "Int", 80),
		column("largest_gift", _("Largest Gift"), "Currency", 130),
		column("last_gift_date", _("Last Gift"), "Date", 110),
	]
