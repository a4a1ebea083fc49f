"""Fundraising analytics: the one set-based, read-only SQL query behind each fundraising report.

The reports call these functions and only shape their rows; the benchmark (lpn_crm.benchmarks.fundraising)
times exactly these functions. Years are fiscal years as the settings define them (named by the calendar
year they end in); only submitted donations (docstatus 1) count, in THB (base_amount).
"""

from datetime import date

import frappe
from frappe.utils import cint, getdate, today

from lpn_crm.domain.retention import rate_from_counts
from lpn_crm.domain.thai_dates import fiscal_year, fiscal_year_start
from lpn_crm.fundraising.settings import get_settings

TOP_DONORS_MAX = 1000

# Report groupings -> SQL expression. Never built from user input: the filter picks a key.
DONATION_GROUPINGS = {
	"Fund": "fund",
	"Payment Method": "payment_method",
	"Month": "date_format(donation_date, '%%Y-%%m')",
	"Campaign": "coalesce(campaign, '')",
}


def fiscal_year_start_month() -> int:
	return get_settings().fiscal_year_start_month


def current_fiscal_year(on_date=None) -> int:
	return fiscal_year(getdate(on_date or today()), fiscal_year_start_month())


def fiscal_year_bounds(year: int) -> dict[str, date]:
	"""Start of last year, of this year and of next year, for fiscal year `year`."""
	start_month = fiscal_year_start_month()
	return {
		"last_start": fiscal_year_start(year - 1, start_month),
		"this_start": fiscal_year_start(year, start_month),
		"next_start": fiscal_year_start(year + 1, start_month),
	}


# The donor lists read each submitted donation once, in donor order, from the donor/docstatus/date/amount
# index (fundraising.indexes), join it to its donor by primary key and group as they go: no temporary
# table. STRAIGHT_JOIN keeps that order: left to choose, MariaDB reads the donors first and sorts a
# temporary table of every donation (20 times slower at 1,000,000 donations); aggregating in a derived
# table first writes tens of thousands of groups to disk (1.5 times slower). Tens of thousands of wide
# rows also sort faster in Python than in MariaDB's small sort buffer, so the lists are ordered after.

# LYBUNT: donors with a gift in [last_start, next_start) whose latest gift there is before this_start,
# that is, who gave last year and not this year.
LYBUNT_SQL = """
select x.donor, d.donor_name, d.email, d.phone,
	sum(x.base_amount) as last_year_total, count(*) as last_year_gifts,
	max(x.donation_date) as last_gift_date, d.lifetime_total
from `tabLPN Donation` x straight_join `tabLPN Donor` d on d.name = x.donor
where x.docstatus = 1 and x.donation_date >= %(last_start)s and x.donation_date < %(next_start)s
group by x.donor
having max(x.donation_date) < %(this_start)s
"""

# SYBUNT: donors with a gift before this year and none this year (includes the LYBUNT donors unless
# `lapsed_before` moves the cut-off back to the start of last year).
SYBUNT_SQL = """
select x.donor, d.donor_name, d.email, d.phone,
	sum(x.base_amount) as total_given, count(*) as gifts,
	min(x.donation_date) as first_gift_date, max(x.donation_date) as last_gift_date
from `tabLPN Donation` x straight_join `tabLPN Donor` d on d.name = x.donor
where x.docstatus = 1 and x.donation_date < %(next_start)s
group by x.donor
having max(x.donation_date) < %(lapsed_before)s
"""

# Retention in one pass over the donors: per donor, a bit per fiscal year given in (bit 0 = `base`, the
# year before the first year asked for) and the first fiscal year ever given in; then one column per year
# and measure: donors = the year's bit set, retained = that bit and the one below it set, new = the first
# year is this year. Grouping by donor and year instead makes a temporary table of every donor-year (20
# times slower at 1,000,000 donations); joining a list of years instead of columns, 1.3 times slower.
RETENTION_SQL = """
select {columns}
from (
	select bit_or(case when donation_date >= %(base_start)s then 1 << ({fiscal_year} - %(base)s) else 0 end)
			as years,
		min({fiscal_year}) as first_fy
	from `tabLPN Donation`
	where docstatus = 1 and donation_date < %(end)s
	group by donor
) g
"""
# domain.thai_dates.fiscal_year() in SQL: a year starting after January is named by the year it ends in.
FISCAL_YEAR_SQL = "(year(donation_date) + (%(start_month)s > 1 and month(donation_date) >= %(start_month)s))"
# Bits of a BIGINT, one per year from `base`.
RETENTION_MAX_YEARS = 63


def retention_columns(years: int) -> str:
	"""The select list of RETENTION_SQL for `years` years after `base` (bit offsets are ints, not input)."""
	columns = ["sum(g.years & 1) as donors_0"]
	for bit in range(1, years + 1):
		columns += [
			f"sum(g.years >> {bit} & 1) as donors_{bit}",
			f"sum(g.years >> {bit} & g.years >> {bit - 1} & 1) as retained_{bit}",
			f"sum(g.first_fy = %(base)s + {bit}) as new_donors_{bit}",
		]
	return ",\n\t".join(columns)


DONATIONS_BY_SQL = """
select {expression} as group_key, count(*) as donations, count(distinct donor) as donors,
	sum(base_amount) as total, avg(base_amount) as average_gift
from `tabLPN Donation`
where docstatus = 1 and donation_date between %(from_date)s and %(to_date)s {conditions}
group by group_key
order by {order}
"""

TOP_DONORS_SQL = """
select g.donor, d.donor_name, d.email, g.total, g.gifts, g.largest_gift, g.last_gift_date
from (
	select donor, sum(base_amount) as total, count(*) as gifts, max(base_amount) as largest_gift,
		max(donation_date) as last_gift_date
	from `tabLPN Donation`
	where docstatus = 1 and donation_date between %(from_date)s and %(to_date)s
	group by donor
	order by total desc, donor
	limit %(limit)s
) g
left join `tabLPN Donor` d on d.name = g.donor
order by g.total desc, g.donor
"""


@frappe.read_only()
def lybunt_donors(year: int) -> list[dict]:
	"""Donors who gave in fiscal year `year - 1` but not in `year`, biggest givers first."""
	rows = frappe.db.sql(LYBUNT_SQL, fiscal_year_bounds(year), as_dict=True)
	rows.sort(key=lambda row: (-row.last_year_total, row.donor))
	return rows


@frappe.read_only()
def sybunt_donors(year: int, lapsed_before_last_year: bool = False) -> list[dict]:
	"""Donors who gave in some fiscal year before `year` but not in `year`, latest gift first.

	Includes the LYBUNT donors; with `lapsed_before_last_year` only those whose last gift is older
	than last year (SYBUNT minus LYBUNT).
	"""
	bounds = fiscal_year_bounds(year)
	bounds["lapsed_before"] = bounds["last_start"] if lapsed_before_last_year else bounds["this_start"]
	rows = frappe.db.sql(SYBUNT_SQL, bounds, as_dict=True)
	rows.sort(key=lambda row: row.donor)
	rows.sort(key=lambda row: row.last_gift_date, reverse=True)  # stable: latest first, then by donor
	return rows


@frappe.read_only()
def retention_counts(from_year: int, to_year: int) -> dict[int, frappe._dict]:
	"""Per fiscal year from `from_year` to `to_year`: donors, retained (also gave the year before) and
	new donors (first gift ever); for `from_year - 1`, donors only (retained and new are None)."""
	base = from_year - 1
	if not 0 < to_year - base < RETENTION_MAX_YEARS:
		frappe.throw(frappe._("Retention covers 1 to {0} years").format(RETENTION_MAX_YEARS - 1))
	start_month = fiscal_year_start_month()
	values = {
		"base": base,
		"base_start": fiscal_year_start(base, start_month),
		"start_month": start_month,
		"end": fiscal_year_start(to_year + 1, start_month),
	}
	sql = RETENTION_SQL.format(columns=retention_columns(to_year - base), fiscal_year=FISCAL_YEAR_SQL)
	row = frappe.db.sql(sql, values, as_dict=True)[0]
	counts = {base: frappe._dict(donors=cint(row.donors_0), retained=None, new_donors=None)}
	for bit in range(1, to_year - base + 1):
		counts[base + bit] = frappe._dict(
			donors=cint(row[f"donors_{bit}"]),
			retained=cint(row[f"retained_{bit}"]),
			new_donors=cint(row[f"new_donors_{bit}"]),
		)
	return counts


def retention_by_year(from_year: int, to_year: int) -> list[dict]:
	"""One row per fiscal year: last year's donors, how many gave again, the rate, new and returning
	donors. Built from retention_counts() (one query); the rate is domain.retention's."""
	counts = retention_counts(from_year, to_year)
	rows = []
	for year in range(from_year, to_year + 1):
		this, last = counts[year], counts[year - 1]
		donors, retained, new = this.donors, this.retained, this.new_donors
		rows.append(
			{
				"fiscal_year": year,
				"previous_year_donors": last.donors,
				"retained": retained,
				"lapsed": last.donors - retained,
				"retention_rate": rate_from_counts(last.donors, retained),
				"new_donors": new,
				"returning_donors": donors - retained - new,
				"donors": donors,
			}
		)
	return rows


@frappe.read_only()
def donations_by(
	grouping: str,
	from_date,
	to_date,
	fund: str | None = None,
	campaign: str | None = None,
	payment_method: str | None = None,
) -> list[dict]:
	"""Submitted donations in a date range grouped by fund, payment method, month or campaign."""
	if grouping not in DONATION_GROUPINGS:
		frappe.throw(frappe._("Cannot group donations by {0}").format(grouping))
	values = {"from_date": getdate(from_date), "to_date": getdate(to_date)}
	conditions = []
	for field, value in (("fund", fund), ("campaign", campaign), ("payment_method", payment_method)):
		if value:
			values[field] = value
			conditions.append(f"and {field} = %({field})s")
	sql = DONATIONS_BY_SQL.format(
		expression=DONATION_GROUPINGS[grouping],
		conditions=" ".join(conditions),
		order="group_key" if grouping == "Month" else "total desc, group_key",
	)
	return frappe.db.sql(sql, values, as_dict=True)


@frappe.read_only()
def top_donors(from_date, to_date, limit: int = 20) -> list[dict]:
	"""The donors who gave most (in THB) between two dates, at most `limit` (1 to 1,000) of them."""
	limit = min(max(cint(limit), 1), TOP_DONORS_MAX)
	return frappe.db.sql(
		TOP_DONORS_SQL,
		{"from_date": getdate(from_date), "to_date": getdate(to_date), "limit": limit},
		as_dict=True,
	)
