"""The period a date-range report covers: all time by default, a fiscal year, or dates given; and the line
that says so above the report, so no one reads this year's figures for everything ever given."""

from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import cint, format_date, getdate, today

from lpn_crm.fundraising.analytics import current_fiscal_year, fiscal_year_bounds

ALL_TIME = "All Time"
THIS_FISCAL_YEAR = "This Fiscal Year"
LAST_FISCAL_YEAR = "Last Fiscal Year"
FISCAL_YEAR = "Fiscal Year"
DATE_RANGE = "Date Range"
PERIODS = (ALL_TIME, THIS_FISCAL_YEAR, LAST_FISCAL_YEAR, FISCAL_YEAR, DATE_RANGE)


def period_of(filters) -> frappe._dict:
	"""{from_date, to_date, label} of the report's filters. Without a period, dates given are a range and no
	dates at all are all time (the reports used to fall back to this fiscal year without saying so)."""
	period = filters.get("period") or (DATE_RANGE if filters.get("from_date") else ALL_TIME)
	if period not in PERIODS:
		frappe.throw(
			_("{0} is not a period: choose one of {1}").format(period, ", ".join(_(p) for p in PERIODS))
		)
	end = getdate(filters.get("to_date") or today())
	if period == ALL_TIME:
		first, last = frappe.db.sql(
			"select min(donation_date), max(donation_date) from `tabLPN Donation` where docstatus = 1"
		)[0]
		if not filters.get("to_date") and last:
			end = max(end, getdate(last))
		start, name = min(getdate(first or end), end), _("All time")
	elif period == DATE_RANGE:
		start = getdate(filters.get("from_date") or end)
		name = _("Dates chosen")
	else:
		year = {THIS_FISCAL_YEAR: current_fiscal_year(), LAST_FISCAL_YEAR: current_fiscal_year() - 1}.get(
			period, cint(filters.get("fiscal_year")) or current_fiscal_year()
		)
		bounds = fiscal_year_bounds(year)
		start = bounds["this_start"]
		end = min(bounds["next_start"] - timedelta(days=1), getdate(today()))
		name = _("Fiscal year {0}").format(year)
	if start > end:
		frappe.throw(
			_("The period starts after it ends: {0} is after {1}").format(
				format_date(start), format_date(end)
			)
		)
	label = _("{0}: {1} to {2}").format(name, format_date(start), format_date(end))
	return frappe._dict(from_date=start, to_date=end, label=label)


def period_message(period: frappe._dict) -> str:
	"""The line above the report naming the period it covers (HTML: the label is built from dates)."""
	return f'<div class="lpn-report-period">{frappe.utils.escape_html(period.label)}</div>'
