"""Donor and campaign totals, kept right by set-based SQL: one statement per donor or campaign, never one
per gift."""

from dataclasses import asdict

import frappe
from frappe.utils import getdate, today

from lpn_crm.domain.money import to_decimal
from lpn_crm.domain.rollups import gift_totals
from lpn_crm.domain.thai_dates import giving_year_bounds
from lpn_crm.fundraising.settings import get_settings

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
	"""Where a donor's "current year" and "last year" begin: fiscal years, as the reports count them."""
	last_start, this_start = giving_year_bounds(
		getdate(on_date or today()), get_settings().fiscal_year_start_month
	)
	return {"year_start": this_start, "last_year_start": last_start}


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


# Submitted gifts add themselves to their donors' and campaigns' totals in one statement per donor and per
# campaign, touching only those rows. Simultaneous gifts (an appeal day, a webhook burst) then queue on
# those rows instead of reading each other's donations under lock, which deadlocks; rows are updated in
# name order, so two batches never wait on each other the wrong way round.
ADD_GIFTS_TO_DONOR_SQL = """
update `tabLPN Donor` set
	lifetime_total = lifetime_total + %(total)s,
	donation_count = donation_count + %(count)s,
	largest_gift = greatest(coalesce(largest_gift, 0), %(largest)s),
	first_gift_date = least(coalesce(first_gift_date, %(first_date)s), %(first_date)s),
	last_gift_date = greatest(coalesce(last_gift_date, %(last_date)s), %(last_date)s),
	current_year_total = current_year_total + %(current_year)s,
	last_year_total = last_year_total + %(last_year)s
where name = %(key)s
"""


def add_gifts(donations: list) -> None:
	"""Newly submitted donations, added to their donors' and campaigns' totals."""
	bounds = year_bounds()

	def totals(key_field: str) -> dict:
		return gift_totals(
			(
				(donation.get(key_field), to_decimal(donation.base_amount), getdate(donation.donation_date))
				for donation in donations
				if donation.get(key_field)
			),
			bounds["year_start"],
			bounds["last_year_start"],
		)

	for donor, gifts in sorted(totals("donor").items()):
		frappe.db.sql(ADD_GIFTS_TO_DONOR_SQL, {"key": donor, **asdict(gifts)})
	for campaign, gifts in sorted(totals("campaign").items()):
		frappe.db.sql(
			"""update `tabLPN Campaign` set raised = raised + %(total)s, donation_count = donation_count + %(count)s
			where name = %(campaign)s""",
			{"total": gifts.total, "count": gifts.count, "campaign": campaign},
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
