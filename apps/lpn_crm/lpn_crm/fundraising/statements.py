"""The annual consolidated receipt: every gift of one donor in one year, on one page."""

import frappe
from frappe.utils.pdf import get_pdf

from lpn_crm.domain.money import to_decimal


def annual_statement(donor, year: int) -> dict:
	donations = frappe.get_all(
		"LPN Donation",
		filters={
			"donor": donor.name,
			"docstatus": 1,
			"donation_date": ("between", [f"{year}-01-01", f"{year}-12-31"]),
		},
		fields=["name", "donation_date", "amount", "currency", "base_amount", "fund", "receipt"],
		order_by="donation_date asc, name asc",
	)
	total = sum((to_decimal(row.base_amount) for row in donations), to_decimal(0))
	return {"donor": donor, "year": year, "donations": donations, "total": total}


def annual_statement_html(donor, year: int) -> str:
	context = annual_statement(donor, year)
	context["settings"] = frappe.get_cached_doc("LPN Fundraising Settings")
	return frappe.render_template("lpn_crm/templates/annual_receipt.html", context)


def annual_statement_pdf(donor, year: int) -> bytes:
	return get_pdf(annual_statement_html(donor, year))
