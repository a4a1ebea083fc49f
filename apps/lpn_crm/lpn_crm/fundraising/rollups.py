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


# What a gift is attributed to, by its donation field: each keeps raised (net of partial refunds), gift
# count and distinct donor count; campaigns and supporter pages also their percent of goal.
ATTRIBUTIONS = {
	"campaign": "LPN Campaign",
	"supporter_page": "LPN Supporter Page",
	"appeal": "LPN Appeal",
}
WITH_GOAL = ("LPN Campaign", "LPN Supporter Page")
# A gift's worth to a campaign: its base amount less what was refunded of it (in the gift's currency).
NET_AMOUNT_SQL = "(base_amount - coalesce(refunded_amount, 0) * coalesce(exchange_rate, 1))"
PERCENT_SQL = "{t}percent_of_goal = case when {t}goal > 0 then round({t}raised * 100 / {t}goal, 1) else 0 end"


def recompute_campaign_totals(campaign: str | None = None) -> None:
	"""Recompute one campaign's totals, or every campaign's, supporter page's and appeal's."""
	if campaign:
		recompute_attribution("campaign", campaign)
		return
	for field in ATTRIBUTIONS:
		recompute_attribution(field)


def recompute_attribution(field: str, name: str | None = None) -> None:
	"""One aggregate statement: the totals of `name` (or of every row) of the doctype `field` links to."""
	doctype = ATTRIBUTIONS[field]
	where = "where t.name = %(name)s" if name else ""
	donation_filter = f"and `{field}` = %(name)s" if name else f"and `{field}` is not null"
	percent = f", {PERCENT_SQL.format(t='t.')}" if doctype in WITH_GOAL else ""
	frappe.db.sql(
		f"""
		update `tab{doctype}` t
		left join (
			select `{field}` as target, sum({NET_AMOUNT_SQL}) as raised, count(*) as donation_count,
				count(distinct donor) as donor_count
			from `tabLPN Donation`
			where docstatus = 1 {donation_filter}
			group by `{field}`
		) g on g.target = t.name
		set t.raised = coalesce(g.raised, 0), t.donation_count = coalesce(g.donation_count, 0),
			t.donor_count = coalesce(g.donor_count, 0){percent}
		{where}
		""",
		{"name": name},
	)


def _new_donors(field: str, key: str, donors: set[str], exclude: list[str]) -> int:
	"""How many of `donors` have no other submitted gift attributed to `key`: each is a new donor to it.
	A plain (non-locking) read through the (field) index, limited to these donors."""
	if not donors:
		return 0
	others = frappe.db.sql_list(
		f"""select distinct donor from `tabLPN Donation`
		where `{field}` = %(key)s and docstatus = 1 and donor in %(donors)s and name not in %(exclude)s""",
		{"key": key, "donors": tuple(donors), "exclude": tuple(exclude) or ("",)},
	)
	return len(donors - set(others))


def _add_to_attribution(field: str, key: str, total, count: int, donors: int) -> None:
	doctype = ATTRIBUTIONS[field]
	percent = f", {PERCENT_SQL.format(t='')}" if doctype in WITH_GOAL else ""
	# MariaDB assigns left to right, so the percent reads the raised amount just written.
	frappe.db.sql(
		f"""update `tab{doctype}` set raised = raised + %(total)s, donation_count = donation_count + %(count)s,
		donor_count = donor_count + %(donors)s{percent}
		where name = %(key)s""",
		{"total": total, "count": count, "donors": donors, "key": key},
	)


def add_to_attributions(donations: list) -> None:
	"""Newly submitted donations, added to their campaigns', supporter pages' and appeals' totals: one
	update per campaign (page, appeal), in name order, whatever the number of gifts."""
	names = [donation.name for donation in donations]
	for field in ATTRIBUTIONS:
		grouped: dict[str, list] = {}
		for donation in donations:
			if donation.get(field):
				grouped.setdefault(donation.get(field), []).append(donation)
		for key, gifts in sorted(grouped.items()):
			donors = {gift.donor for gift in gifts if gift.donor}
			total = sum((to_decimal(gift.base_amount) for gift in gifts), to_decimal(0))
			_add_to_attribution(field, key, total, len(gifts), _new_donors(field, key, donors, names))


def remove_from_attributions(donation) -> None:
	"""A cancelled donation, taken out of what it was attributed to (less what was already refunded)."""
	net = to_decimal(donation.base_amount) - to_decimal(donation.refunded_amount or 0) * to_decimal(
		donation.exchange_rate or 1
	)
	for field in ATTRIBUTIONS:
		key = donation.get(field)
		if key:
			gone = _new_donors(field, key, {donation.donor}, [donation.name]) if donation.donor else 0
			_add_to_attribution(field, key, -net, -1, -gone)


def refund_recorded(donation, previous_refunded) -> None:
	"""A partial refund of a submitted donation (its refunded_amount now set): taken off its totals."""
	change = (to_decimal(donation.refunded_amount or 0) - to_decimal(previous_refunded or 0)) * to_decimal(
		donation.exchange_rate or 1
	)
	if not change:
		return
	for field in ATTRIBUTIONS:
		if donation.get(field):
			_add_to_attribution(field, donation.get(field), -change, 0, 0)


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
	"""Newly submitted donations, added to their donors' totals and to what they are attributed to."""
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
	add_to_attributions(donations)


def remove_gift(donation) -> None:
	"""A cancelled donation, taken out: largest, first and last gift need the donor's gifts read again."""
	recompute_donor_rollups(donation.donor)
	remove_from_attributions(donation)


def nightly_rollups() -> None:
	"""Scheduler entry: the year boundary moves everyone's current/last-year totals."""
	recompute_donor_rollups()
	recompute_campaign_totals()
