"""Gifts per day to each live campaign over the last days: the workspace chart of the Campaigns section.
One grouped query through the campaign_recent index (campaign, docstatus, creation)."""

import frappe
from frappe import _
from frappe.utils import add_days, cint, getdate, today

DEFAULT_DAYS = 30


def execute(filters=None):
	filters = frappe._dict(filters or {})
	days = min(max(cint(filters.days) or DEFAULT_DAYS, 1), 366)
	start = add_days(today(), -days + 1)
	campaigns = frappe.get_list(
		"LPN Campaign", filters={"status": "Live"}, fields=["name", "title"], order_by="raised desc", limit=8
	)
	counts = {}
	if campaigns:
		for campaign, day, gifts in frappe.db.sql(
			"""select campaign, date(creation), count(*) from `tabLPN Donation`
			where campaign in %(campaigns)s and docstatus = 1 and creation >= %(start)s
			group by campaign, date(creation)""",
			{"campaigns": tuple(row.name for row in campaigns), "start": start},
		):
			counts[(campaign, str(day))] = gifts
	dates = [str(add_days(start, offset)) for offset in range(days)]
	columns = [{"fieldname": "day", "label": _("Day"), "fieldtype": "Date", "width": 110}] + [
		{"fieldname": row.name, "label": row.title, "fieldtype": "Int", "width": 120} for row in campaigns
	]
	data = [{"day": day, **{row.name: counts.get((row.name, day), 0) for row in campaigns}} for day in dates]
	chart = {
		"data": {
			"labels": [frappe.utils.formatdate(getdate(day), "dd MMM") for day in dates],
			"datasets": [
				{"name": row.title, "values": [counts.get((row.name, day), 0) for day in dates]}
				for row in campaigns
			],
		},
		"type": "line",
	}
	return columns, data, None, chart
