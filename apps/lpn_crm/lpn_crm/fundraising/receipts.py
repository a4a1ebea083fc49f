"""Donation receipts: numbered per fiscal year, never reused, never skipped.

The number comes from a counter row that is incremented inside the submitting transaction: a second
submit waits on the row lock (no collision), and a submit that rolls back rolls the counter back too
(no gap). A cancelled donation keeps its receipt, marked Cancelled; an amendment gets a new number.
"""

import frappe
from frappe import _
from frappe.utils import now_datetime

from lpn_crm.domain.receipts import format_receipt_number
from lpn_crm.domain.thai_dates import fiscal_year
from lpn_crm.fundraising.settings import get_settings

RECEIPT = "LPN Receipt"
PRINT_FORMAT = "LPN Donation Receipt"


def next_sequence(key: str) -> int:
	"""Atomically take the next number of counter `key` (a row of Frappe's own Series table).

	One statement creates the counter or moves it on, taking the row's exclusive lock at once: simultaneous
	submits queue on that lock and each gets the next number (an INSERT IGNORE then UPDATE would take a
	shared lock first and deadlock on the upgrade), and a rolled-back submit rolls its number back.
	"""
	frappe.db.sql(
		"""insert into `tabSeries` (`name`, `current`) values (%s, last_insert_id(1))
		on duplicate key update `current` = last_insert_id(`current` + 1)""",
		(key,),
	)
	return int(frappe.db.sql("select last_insert_id()")[0][0])


def issue_receipt(donation) -> str:
	settings = get_settings()
	year = fiscal_year(frappe.utils.getdate(donation.donation_date), settings.fiscal_year_start_month)
	sequence = next_sequence(f"{settings.receipt_prefix}-{year}-")
	number = format_receipt_number(year, sequence, settings.receipt_prefix)
	donor_language = frappe.db.get_value("LPN Donor", donation.donor, "preferred_language") or "en"
	frappe.get_doc(
		{
			"doctype": RECEIPT,
			"receipt_number": number,
			"donation": donation.name,
			"donor": donation.donor,
			"donor_name": donation.donor_name,
			"status": "Issued",
			"receipt_date": donation.donation_date,
			"fiscal_year": year,
			"amount": donation.amount,
			"currency": donation.currency,
			"base_amount": donation.base_amount,
			"language": donor_language,
		}
	).insert(ignore_permissions=True)
	return number


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
