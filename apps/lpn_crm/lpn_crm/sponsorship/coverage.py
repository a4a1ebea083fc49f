"""A child's coverage: monthly need, what the active sponsorships give (THB) and the status that follows,
kept right for many children at once in one statement (a sponsorship changed, the terms per year changed).

The rule is `domain.sponsorship.child_status` (with `domain.sponsorship_money`'s monthly need and coverage
state); the SQL below says the same for a set of children, and the site tests hold the two together.
"""

from decimal import Decimal

import frappe
from frappe.utils import flt

from lpn_crm.domain.sponsorship import COUNTING_SPONSORSHIP_STATES, COVERAGE_STATUSES
from lpn_crm.domain.sponsorship_money import monthly_need
from lpn_crm.sponsorship.money_settings import terms_per_year


def refresh_children(children: list[str] | None = None) -> None:
	"""Monthly need, sponsored monthly, gap and status of `children` (every child when None), set-based."""
	children = [c for c in (children or []) if c] if children is not None else None
	if children == []:
		return
	values = {
		"terms": terms_per_year(),
		"counting": COUNTING_SPONSORSHIP_STATES,
		"following": COVERAGE_STATUSES,
		"children": tuple(children or ()),
	}
	only = "and c.name in %(children)s" if children else ""
	only_sponsorships = "and child in %(children)s" if children else ""
	frappe.db.sql(
		f"""
		update `tabLPN Child` c
		left join (
			select child, sum(base_monthly_amount) as covered
			from `tabLPN Sponsorship`
			where status in %(counting)s and ifnull(child, '') != '' {only_sponsorships}
			group by child
		) s on s.child = c.name
		set
			c.monthly_need = round(ifnull(c.scholarship_need_per_term, 0) * %(terms)s / 12, 2),
			c.sponsored_monthly = ifnull(s.covered, 0),
			c.monthly_gap = greatest(0, round(ifnull(c.scholarship_need_per_term, 0) * %(terms)s / 12, 2)
				- ifnull(s.covered, 0)),
			c.status = case
				when c.status not in %(following)s then c.status
				when ifnull(s.covered, 0) <= 0 then 'Waiting'
				when ifnull(s.covered, 0) >= round(ifnull(c.scholarship_need_per_term, 0) * %(terms)s / 12, 2)
					then 'Sponsored'
				else 'Partly Sponsored'
			end
		where 1 = 1 {only}
		""",
		values,
	)
	for child in children or ():
		frappe.clear_document_cache("LPN Child", child)


def covered_monthly(child: str, except_sponsorship: str | None = None) -> Decimal:
	"""THB a month the child's active sponsorships give, but for `except_sponsorship`."""
	total = frappe.db.sql(
		"""select sum(base_monthly_amount) from `tabLPN Sponsorship`
		where child = %s and status in %s and name != %s""",
		(child, COUNTING_SPONSORSHIP_STATES, except_sponsorship or ""),
	)[0][0]
	return Decimal(str(flt(total)))


def need_of(scholarship_need_per_term) -> Decimal:
	return monthly_need(scholarship_need_per_term or 0, terms_per_year())
