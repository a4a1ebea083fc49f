"""A logged-in donor's own gifts and receipts, a page at a time. Reads go through permission-checked
get_list only."""

from datetime import date

import frappe
from frappe import _
from frappe.utils import cint

from lpn_crm.domain.thai_dates import buddhist_year

no_cache = 1
PAGE_SIZE = 20
GIVEN = {"docstatus": ("!=", 0)}


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.throw(_("Log in to see your donations"), frappe.PermissionError)
	context.title = _("My donations")
	context.donors = frappe.get_list("LPN Donor", fields=["name", "donor_name"], limit=0)
	total = frappe.get_list("LPN Donation", filters=GIVEN, fields=["count(name) as total"])[0].total
	pages = max(1, -(-total // PAGE_SIZE))
	page = min(max(cint(frappe.form_dict.get("page")) or 1, 1), pages)
	context.donations = frappe.get_list(
		"LPN Donation",
		filters=GIVEN,
		fields=["name", "donor", "donation_date", "amount", "currency", "fund", "status", "receipt"],
		order_by="donation_date desc, name desc",
		limit_start=(page - 1) * PAGE_SIZE,
		limit_page_length=PAGE_SIZE,
	)
	context.paging = {
		"page": page,
		"pages": pages,
		"total": total,
		"first": (page - 1) * PAGE_SIZE + 1 if total else 0,
		"last": min(page * PAGE_SIZE, total),
	}
	context.annual_receipts = [
		{"year": year, "label": year_label(year), "donor": donor.name, "donor_name": donor.donor_name}
		for donor in context.donors
		for year in gift_years()
	]
	return context


def gift_years() -> list[int]:
	"""Every year the donor gave in (not only the page shown), newest first."""
	rows = frappe.get_list(
		"LPN Donation",
		filters={**GIVEN, "status": ("!=", "Cancelled")},
		fields=["year(donation_date) as year"],
		group_by="year(donation_date)",
		order_by="year desc",
	)
	return [int(row.year) for row in rows if row.year]


def year_label(year: int) -> str:
	"""A year in the reader's calendar: the Buddhist Era in Thai (2025 is พ.ศ. 2568), as the receipt."""
	if (frappe.lang or "").startswith("th"):
		return _("B.E. {0}").format(buddhist_year(date(year, 1, 1)))
	return str(year)
