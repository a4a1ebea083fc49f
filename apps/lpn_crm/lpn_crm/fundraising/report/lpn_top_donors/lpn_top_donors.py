"""The donors who gave most (in THB, submitted donations) between two dates."""

import frappe
from frappe import _
from frappe.utils import cint

from lpn_crm.fundraising.analytics import top_donors
from lpn_crm.fundraising.report_columns import column, donor_columns
from lpn_crm.fundraising.report_periods import period_message, period_of


def execute(filters=None):
	filters = frappe._dict(filters or {})
	period = period_of(filters)
	data = top_donors(period.from_date, period.to_date, cint(filters.limit) or 20)
	for rank, row in enumerate(data, start=1):
		row["rank"] = rank
	return columns(), data, period_message(period)


def columns() -> list[dict]:
	return [
		column("rank", _("Rank"), "Int", 70),
		*donor_columns(phone=False),
		column("total", _("Total"), "Currency", 140),
		column("gifts", _("Gifts"), "Int", 80),
		column("largest_gift", _("Largest Gift"), "Currency", 130),
		column("last_gift_date", _("Last Gift"), "Date", 110),
	]
