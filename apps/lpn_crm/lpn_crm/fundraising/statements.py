"""The annual consolidated receipt: every gift of one donor in one year, on one page.

It is the Print Format "LPN Annual Receipt" on LPN Donor, so staff print it from the donor form
(`?year=2026` in the print view's address) and donors download it from the portal, in their language.
"""

import frappe
from frappe.translate import print_language

from lpn_crm.domain.money import to_decimal

PRINT_FORMAT = "LPN Annual Receipt"


def annual_statement(donor, year: int) -> dict:
	"""The donor's submitted gifts in the calendar year and their total in THB.

	`donor` is the document being printed, already permission-checked: gifts are read by its name only.
	"""
	year = int(year)
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


def annual_statement_html(donor, year: int, language: str | None = None) -> str:
	"""The annual receipt's HTML, in `language` (default: the donor's preferred language)."""
	return _render(donor, year, language, as_pdf=False)


def annual_statement_pdf(donor, year: int, language: str | None = None) -> bytes:
	"""The annual receipt as a PDF, in `language` (default: the donor's preferred language)."""
	return _render(donor, year, language, as_pdf=True)


def _render(donor, year: int, language: str | None, as_pdf: bool):
	# The print format reads the year from the request, as the desk's print view passes it.
	previous = frappe.form_dict.get("year")
	frappe.form_dict["year"] = int(year)
	try:
		with print_language(language or donor.preferred_language or "en"):
			return frappe.get_print(donor.doctype, donor.name, PRINT_FORMAT, doc=donor, as_pdf=as_pdf)
	finally:
		frappe.form_dict["year"] = previous
