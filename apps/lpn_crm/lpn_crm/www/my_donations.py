"""A logged-in donor's own gifts and receipts. Reads go through permission-checked get_list only."""

import frappe
from frappe import _

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.throw(_("Log in to see your donations"), frappe.PermissionError)
	context.title = _("My donations")
	context.donors = frappe.get_list("LPN Donor", fields=["name", "donor_name"], limit=0)
	context.donations = frappe.get_list(
		"LPN Donation",
		filters={"docstatus": ("!=", 0)},
		fields=["name", "donor", "donation_date", "amount", "currency", "fund", "status", "receipt"],
		order_by="donation_date desc",
		limit=500,
	)
	years = sorted(
		{row.donation_date.year for row in context.donations if row.status != "Cancelled"}, reverse=True
	)
	context.annual_receipts = [
		{"year": year, "donor": donor.name, "donor_name": donor.donor_name}
		for donor in context.donors
		for year in years
	]
	return context
