"""Sponsorship money, computed set-based: coverage of every child's need, arrears of every sponsorship, and
each child's term ledger (need, pledged, received, disbursed). One SQL statement each, whatever the number
of donations; the rules they follow are domain.sponsorship_money's, which the tests hold them to.

Amounts are THB (base amounts) except a sponsorship's arrears, which are in its own currency.
"""

import frappe
from frappe.utils import getdate, today

from lpn_crm.domain.sponsorship import COUNTING_SPONSORSHIP_STATES
from lpn_crm.domain.sponsorship_money import term_bounds
from lpn_crm.sponsorship.money_settings import setting, terms_per_year

CHILD_DONE = ("Graduated", "Left Programme")
# Sponsorships whose pledge counts for a past term: every one that was running (Proposed ones never were).
PLEDGING = ("Active", "Paused", "Ended")

COVERAGE_SQL = """
select g.*,
	greatest(0, g.monthly_need - g.covered) as monthly_gap,
	case when g.covered <= 0 then 'Not Sponsored'
		when g.covered >= g.monthly_need then 'Fully Sponsored'
		else 'Partly Sponsored' end as coverage
from (
	select c.name as child, c.first_name, c.origin, c.status,
		c.scholarship_need_per_term as need_per_term,
		round(coalesce(c.scholarship_need_per_term, 0) * %(terms)s / 12, 2) as monthly_need,
		coalesce(sum(s.base_monthly_amount), 0) as covered,
		count(s.name) as sponsors
	from `tabLPN Child` c
	left join `tabLPN Sponsorship` s on s.child = c.name and s.status in %(counting)s
	where c.status not in %(done)s {conditions}
	group by c.name
) g
{coverage}
order by monthly_gap desc, g.child
"""


def coverage_rows(coverage: str | None = None, origin: str | None = None) -> list[dict]:
	"""Every child in the programme: monthly need, what active sponsorships cover (THB a month), the gap,
	and Fully / Partly / Not Sponsored (domain.sponsorship_money.coverage_state)."""
	values = {"terms": terms_per_year(), "done": CHILD_DONE, "counting": COUNTING_SPONSORSHIP_STATES}
	conditions = ""
	if origin:
		conditions = "and c.origin = %(origin)s"
		values["origin"] = origin
	where = ""
	if coverage:
		where = "where (case when g.covered <= 0 then 'Not Sponsored' when g.covered >= g.monthly_need "
		where += "then 'Fully Sponsored' else 'Partly Sponsored' end) = %(coverage)s"
		values["coverage"] = coverage
	sql = COVERAGE_SQL.format(conditions=conditions, coverage=where)
	return frappe.db.sql(sql, values, as_dict=True)


ARREARS_SQL = """
select a.*,
	greatest(0, a.expected - a.paid) as missed,
	greatest(0, a.expected - a.paid) * a.monthly_amount as arrears,
	date_add(a.start_date, interval a.paid month) as first_unpaid,
	least(greatest(0, a.expected - a.paid), 3) as reminder_level
from (
	select g.*, floor(round(g.received / g.monthly_amount, 4)) as paid
	from (
		select s.name as sponsorship, s.sponsor, s.sponsor_name, s.child, s.child_first_name,
			s.payment_channel, s.currency, s.monthly_amount, s.start_date, s.end_date,
			case when least(%(as_of)s, coalesce(s.end_date, %(as_of)s)) < s.start_date then 0
				else timestampdiff(month, s.start_date, least(%(as_of)s, coalesce(s.end_date, %(as_of)s))) + 1
			end as expected,
			-- money in the sponsorship currency: its own amounts, others at their THB value
			coalesce(sum(case when d.currency = s.currency then d.amount - coalesce(d.refunded_amount, 0)
				else (d.base_amount - coalesce(d.refunded_amount, 0) * d.exchange_rate)
					* s.monthly_amount / nullif(s.base_monthly_amount, 0) end), 0) as received
		from `tabLPN Sponsorship` s
		left join `tabLPN Donation` d on d.sponsorship = s.name and d.docstatus = 1
		where s.status = 'Active' and s.monthly_amount > 0 and s.start_date is not null {only}
		group by s.name
	) g
) a
{conditions}
order by missed desc, a.sponsorship
"""


def arrears_rows(
	as_of=None, grace_days: int | None = None, only_missed: bool = False, sponsorship: str | None = None
) -> list[dict]:
	"""Every Active sponsorship: monthly payments expected by `as_of` less the grace days, months the money
	received pays for, months missed, arrears in its currency, the first unpaid month's due date and the
	reminder level (1, 2, 3) it has reached. Matches domain.sponsorship_money.arrears_of row for row."""
	grace = setting("arrears_grace_days") if grace_days is None else int(grace_days)
	as_of = getdate(as_of or today())
	values = {"as_of": frappe.utils.add_days(as_of, -grace)}
	only = ""
	if sponsorship:
		only = "and s.name = %(sponsorship)s"
		values["sponsorship"] = sponsorship
	where = "where a.expected > a.paid" if only_missed else ""
	return frappe.db.sql(ARREARS_SQL.format(only=only, conditions=where), values, as_dict=True)


TERM_SQL = """
select c.name as child, c.first_name, c.status,
	coalesce(c.scholarship_need_per_term, 0) as need,
	coalesce(p.pledged, 0) as pledged,
	coalesce(r.received, 0) as received,
	coalesce(x.disbursed, 0) as disbursed,
	coalesce(r.received, 0) - coalesce(x.disbursed, 0) as balance,
	greatest(0, coalesce(c.scholarship_need_per_term, 0) - coalesce(x.disbursed, 0)) as to_disburse
from `tabLPN Child` c
left join (
	select child, sum(base_monthly_amount * greatest(0, timestampdiff(month,
		greatest(start_date, %(start)s),
		least(coalesce(date_add(end_date, interval 1 day), %(end)s), %(end)s)))) as pledged
	from `tabLPN Sponsorship`
	where status in %(pledging)s and child is not null and child != '' and start_date < %(end)s
	group by child
) p on p.child = c.name
left join (
	select s.child, sum(d.base_amount - coalesce(d.refunded_amount, 0) * d.exchange_rate) as received
	from `tabLPN Donation` d join `tabLPN Sponsorship` s on s.name = d.sponsorship
	where d.docstatus = 1 and d.donation_date >= %(start)s and d.donation_date < %(end)s
	group by s.child
) r on r.child = c.name
left join (
	select child, sum(amount) as disbursed from `tabLPN Disbursement`
	where docstatus = 1 and school_year = %(year)s and term = %(term)s
	group by child
) x on x.child = c.name
where (c.status not in %(done)s or r.received is not null or x.disbursed is not null) {conditions}
order by c.first_name, c.name
"""


def term_rows(school_year: int, term: int, child: str | None = None) -> list[dict]:
	"""Per child, for one school term: the need, what sponsorships pledged for the months of the term they
	ran, what their donations brought in during the term, and what was disbursed for it (THB)."""
	start, end = term_bounds(
		int(school_year), int(term), terms_per_year(), setting("school_year_first_month")
	)
	values = {
		"start": start,
		"end": end,
		"year": int(school_year),
		"term": int(term),
		"pledging": PLEDGING,
		"done": CHILD_DONE,
	}
	conditions = ""
	if child:
		conditions = "and c.name = %(child)s"
		values["child"] = child
	return frappe.db.sql(TERM_SQL.format(conditions=conditions), values, as_dict=True)
