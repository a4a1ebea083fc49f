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
	languages = dict(
		frappe.db.sql(
			"select name, preferred_language from `tabLPN Donor` where name in %(donors)s",
			{"donors": tuple({donation.donor for donation in donations})},
		)
	)
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
					"language": languages.get(donation.donor) or "en",
					# What the receipt prints about the gift, copied now: a print format reads only the
					# document it prints (it may not load a donation named in the request).
					**{field: donation.get(field) for field in GIFT_FIELDS},
					"is_in_kind": 1 if donation.get("is_in_kind") else 0,
				}
			)
	insert_records(RECEIPT, rows)
	return numbers


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
