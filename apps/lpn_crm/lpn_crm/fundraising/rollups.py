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


# A submitted gift adds itself to its donor's and campaign's totals in one statement each, touching only
# that donor's and that campaign's row. Simultaneous gifts (an appeal day, a webhook burst) then queue on
# those rows instead of reading each other's donations under lock, which deadlocks.
ADD_GIFT_TO_DONOR_SQL = """
update `tabLPN Donor` set
	lifetime_total = lifetime_total + %(amount)s,
	donation_count = donation_count + 1,
	largest_gift = greatest(coalesce(largest_gift, 0), %(amount)s),
	first_gift_date = least(coalesce(first_gift_date, %(date)s), %(date)s),
	last_gift_date = greatest(coalesce(last_gift_date, %(date)s), %(date)s),
	current_year_total = current_year_total + if(%(date)s >= %(year_start)s, %(amount)s, 0),
	last_year_total = last_year_total
		+ if(%(date)s >= %(last_year_start)s and %(date)s < %(year_start)s, %(amount)s, 0)
where name = %(donor)s
"""


def add_gift(donation) -> None:
	"""A newly submitted donation, added to its donor's and campaign's totals."""
	values = {
		**year_bounds(),
		"amount": donation.base_amount,
		"date": getdate(donation.donation_date),
		"donor": donation.donor,
	}
	frappe.db.sql(ADD_GIFT_TO_DONOR_SQL, values)
	if donation.campaign:
		frappe.db.sql(
			"""update `tabLPN Campaign` set raised = raised + %(amount)s, donation_count = donation_count + 1
			where name = %(campaign)s""",
			{"amount": donation.base_amount, "campaign": donation.campaign},
		)


def remove_gift(donation) -> None:
	"""A cancelled donation, taken out: largest, first and last gift need the donor's gifts read again."""
	recompute_donor_rollups(donation.donor)
	if donation.campaign:
		frappe.db.sql(
			"""update `tabLPN Campaign` set raised = raised - %(amount)s, donation_count = donation_count - 1
			where name = %(campaign)s""",
			{"amount": donation.base_amount, "campaign": donation.campaign},
		)


def nightly_rollups() -> None:
	"""Scheduler entry: the year boundary moves everyone's current/last-year totals."""
	recompute_donor_rollups()
	recompute_campaign_totals()
