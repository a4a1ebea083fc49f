"""The Sponsorship section's number cards that no filter on one doctype can give (Number Card type Custom):
sponsorships behind with their payments, and the monthly gap of all children's need."""

import frappe
from frappe.utils import flt

from lpn_crm.access import FUNDRAISING_STAFF, SPONSORSHIP_COORDINATOR, staff_only
from lpn_crm.sponsorship.finance import arrears_rows, coverage_rows


@frappe.whitelist()
@staff_only(SPONSORSHIP_COORDINATOR, *FUNDRAISING_STAFF)
def sponsorships_in_arrears(filters: str | dict | None = None) -> dict:
	"""How many Active sponsorships have missed at least one monthly payment (past the grace days)."""
	return {"value": len(arrears_rows(only_missed=True)), "fieldtype": "Int"}


@frappe.whitelist()
@staff_only(SPONSORSHIP_COORDINATOR, *FUNDRAISING_STAFF)
def monthly_gap(filters: str | dict | None = None) -> dict:
	"""THB a month still to find for the children in the programme."""
	total = sum(flt(row.monthly_gap) for row in coverage_rows())
	return {"value": total, "fieldtype": "Currency", "options": "THB"}
