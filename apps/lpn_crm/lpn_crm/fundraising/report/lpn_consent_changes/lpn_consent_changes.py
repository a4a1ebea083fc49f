"""Consent changes per month: how many donors gave and withdrew each purpose, and how (portal, desk...),
from the consent ledger (LPN Consent Log)."""

import frappe
from frappe import _
from frappe.utils import add_months, getdate, today

from lpn_crm.fundraising.report_columns import column


def execute(filters=None):
	filters = frappe._dict(filters or {})
	# Twelve months up to today by default.
	from_date = getdate(filters.from_date or add_months(getdate(today()).replace(day=1), -11))
	to_date = getdate(filters.to_date or today())
	data = consent_changes(from_date, to_date, filters.purpose, filters.channel)
	summary = [
		{
			"value": sum(row.given for row in data),
			"label": _("Given"),
			"datatype": "Int",
			"indicator": "green",
		},
		{
			"value": sum(row.withdrawn for row in data),
			"label": _("Withdrawn"),
			"datatype": "Int",
			"indicator": "red",
		},
	]
	return columns(), data, None, None, summary


def consent_changes(from_date, to_date, purpose: str | None = None, channel: str | None = None) -> list:
	"""One row per month and purpose: given, withdrawn, the net change, and how many through the portal."""
	conditions = ["changed_on >= %(from_date)s", "changed_on < date_add(%(to_date)s, interval 1 day)"]
	if purpose:
		conditions.append("purpose = %(purpose)s")
	if channel:
		conditions.append("channel = %(channel)s")
	return frappe.db.sql(
		f"""select date_format(changed_on, '%%Y-%%m') as month, purpose,
			sum(action = 'Given') as given, sum(action = 'Withdrawn') as withdrawn,
			sum(action = 'Given') - sum(action = 'Withdrawn') as net,
			sum(channel = 'Portal') as on_portal
		from `tabLPN Consent Log` where {" and ".join(conditions)}
		group by month, purpose order by month desc, purpose""",
		{"from_date": from_date, "to_date": to_date, "purpose": purpose, "channel": channel},
		as_dict=True,
	)


def columns() -> list[dict]:
	return [
		column("month", _("Month"), "Data", 90),
		column("purpose", _("Purpose"), "Data", 180),
		column("given", _("Given"), "Int", 90),
		column("withdrawn", _("Withdrawn"), "Int", 100),
		column("net", _("Net Change"), "Int", 100),
		column("on_portal", _("Through the Portal"), "Int", 140),
	]
