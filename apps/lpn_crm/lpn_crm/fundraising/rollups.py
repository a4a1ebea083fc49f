"""Donor and campaign totals, kept right by set-based SQL (one statement, never a Python loop)."""

import frappe
from frappe.utils import getdate, today

# One aggregate over submitted donations joined onto donors. With `donor` it touches one donor's rows
# through the donor index; without it, every donor in one statement.
DONOR_ROLLUP_SQL = """
update `tabLPN Donor` d
left join (
	select donor,
		sum(base_amount) as lifetime_total,
		count(*) as donation_count,
		max(base_amount) as largest_gift,
		min(donation_date) as first_gift_date,
		max(donation_date) as last_gift_date,
		sum(case when donation_date >= %(year_start)s then base_amount else 0 end) as current_year_total,
		sum(case when donation_date >= %(last_year_start)s and donation_date < %(year_start)s
			then base_amount else 0 end) as last_year_total
	from `tabLPN Donation`
	where docstatus = 1 {donation_filter}
	group by donor
) g on g.donor = d.name
set d.lifetime_total = coalesce(g.lifetime_total, 0),
	d.donation_count = coalesce(g.donation_count, 0),
	d.largest_gift = coalesce(g.largest_gift, 0),
	d.first_gift_date = g.first_gift_date,
	d.last_gift_date = g.last_gift_date,
	d.current_year_total = coalesce(g.current_year_total, 0),
	d.last_year_total = coalesce(g.last_year_total, 0)
{donor_filter}
"""


def year_bounds(on_date=None) -> dict:
	year = getdate(on_date or today()).year
	return {"year_start": f"{year}-01-01", "last_year_start": f"{year - 1}-01-01"}


def recompute_donor_rollups(donor: str | None = None, on_date=None) -> None:
	"""Recompute one donor's totals, or every donor's when `donor` is None."""
	values = year_bounds(on_date)
	if donor:
		values["donor"] = donor
		sql = DONOR_ROLLUP_SQL.format(
			donation_filter="and donor = %(donor)s", donor_filter="where d.name = %(donor)s"
		)
	else:
		sql = DONOR_ROLLUP_SQL.format(donation_filter="", donor_filter="")
	frappe.db.sql(sql, values)


def recompute_campaign_totals(campaign: str | None = None) -> None:
	values = {"campaign": campaign}
	where = "where c.name = %(campaign)s" if campaign else ""
	donation_filter = "and campaign = %(campaign)s" if campaign else "and campaign is not null"
	frappe.db.sql(
		f"""
		update `tabLPN Campaign` c
		left join (
			select campaign, sum(base_amount) as raised, count(*) as donation_count
			from `tabLPN Donation`
			where docstatus = 1 {donation_filter}
			group by campaign
		) g on g.campaign = c.name
		set c.raised = coalesce(g.raised, 0), c.donation_count = coalesce(g.donation_count, 0)
		{where}
		""",
		values,
	)


def nightly_rollups() -> None:
	"""Scheduler entry: the year boundary moves everyone's current/last-year totals."""
	recompute_donor_rollups()
	recompute_campaign_totals()
