"""Donation receipts: numbered per fiscal year, never reused, never skipped.

The number comes from a counter row that is incremented inside the submitting transaction: a second
submit waits on the row lock (no collision), and a submit that rolls back rolls the counter back too
(no gap). A cancelled donation keeps its receipt, marked Cancelled; an amendment gets a new number.
"""

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime

from lpn_crm.domain.receipts import format_receipt_number
from lpn_crm.domain.thai_dates import fiscal_year
from lpn_crm.fundraising.bulk import insert_records, next_sequence
from lpn_crm.fundraising.settings import get_settings

RECEIPT = "LPN Receipt"
PRINT_FORMAT = "LPN Donation Receipt"
GIFT_FIELDS = ("fund", "campaign", "payment_method", "in_kind_description")


def issue_receipts(donations: list) -> dict[str, str]:
	"""Number and write the receipts of newly submitted donations; {donation name: receipt number}.

	Numbers run on without a gap in the order given, each fiscal year taking its block in one statement,
	and the receipts are written in one insert: a batch of gifts costs what one gift does.
	"""
	settings = get_settings()
	by_year: dict[int, list] = {}
	for donation in donations:
		year = fiscal_year(getdate(donation.donation_date), settings.fiscal_year_start_month)
		by_year.setdefault(year, []).append(donation)
	donors = {
		row.name: row
		for row in frappe.db.sql(
			"""select name, preferred_language, tax_id, address_line, city, postal_code, country
			from `tabLPN Donor` where name in %(donors)s""",
			{"donors": tuple({donation.donor for donation in donations})},
			as_dict=True,
		)
	}
	campaigns = campaign_titles({donation.get("campaign") for donation in donations} - {None, ""})
	numbers: dict[str, str] = {}
	rows = []
	for year, group in by_year.items():
		first = next_sequence(f"{settings.receipt_prefix}-{year}-", len(group))
		for offset, donation in enumerate(group):
			number = format_receipt_number(year, first + offset, settings.receipt_prefix)
			numbers[donation.name] = number
			rows.append(
				{
					"name": number,
					"receipt_number": number,
					"donation": donation.name,
					"donor": donation.donor,
					"donor_name": donation.donor_name,
					"status": "Issued",
					"receipt_date": getdate(donation.donation_date),
					"fiscal_year": year,
					"amount": donation.amount,
					"currency": donation.currency,
					"base_amount": donation.base_amount,
					"language": donors[donation.donor].preferred_language or "en",
					# what a Thai receipt for tax deduction names: the donor's tax ID and address
					"donor_tax_id": donors[donation.donor].tax_id,
					"donor_address": address_of(donors[donation.donor]),
					"campaign_title": campaigns.get(donation.get("campaign")),
					# What the receipt prints about the gift, copied now: a print format reads only the
					# document it prints (it may not load a donation named in the request).
					**{field: donation.get(field) for field in GIFT_FIELDS},
					"is_in_kind": 1 if donation.get("is_in_kind") else 0,
				}
			)
	insert_records(RECEIPT, rows)
	return numbers


def campaign_titles(names: set) -> dict[str, str]:
	if not names:
		return {}
	return dict(
		frappe.get_all(
			"LPN Campaign", filters={"name": ("in", list(names))}, fields=["name", "title"], as_list=True
		)
	)


def address_of(donor) -> str:
	"""The donor's postal address as it is printed: street, then city and postcode, then a country abroad."""
	lines = [donor.address_line, " ".join(part for part in (donor.city, donor.postal_code) if part)]
	if donor.country and donor.country != "Thailand":
		lines.append(donor.country)
	return "\n".join(line.strip() for line in lines if line and line.strip())


def receipt_for_print(donation) -> "frappe.model.document.Document | None":
	"""Jinja: the receipt of the donation being printed, read through the permission check (the donation's
	print format shows its receipt; a draft has none)."""
	if not donation.get("receipt") or donation.get("doctype") != "LPN Donation":
		return None
	receipt = frappe.get_doc(RECEIPT, donation.receipt)
	return receipt if receipt.has_permission("read") else None


def cancel_receipt(donation, reason: str | None = None) -> None:
	if not donation.receipt:
		return
	frappe.db.set_value(
		RECEIPT,
		donation.receipt,
		{
			"status": "Cancelled",
			"cancelled_on": now_datetime(),
			"cancel_reason": reason or _("Donation {0} was cancelled").format(donation.name),
		},
	)
