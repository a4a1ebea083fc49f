"""Donation receipts: numbered per fiscal year, never reused, never skipped.

The number comes from a counter row that is incremented inside the submitting transaction: a second
submit waits on the row lock (no collision), and a submit that rolls back rolls the counter back too
(no gap). A cancelled donation keeps its receipt, marked Cancelled; an amendment gets a new number.
"""

import frappe
from frappe import _
from frappe.database import get_db
from frappe.utils import now_datetime

from lpn_crm.domain.receipts import format_receipt_number
from lpn_crm.domain.thai_dates import fiscal_year
from lpn_crm.fundraising.settings import get_settings

RECEIPT = "LPN Receipt"
PRINT_FORMAT = "LPN Donation Receipt"


def next_sequence(key: str) -> int:
	"""Atomically take the next number of counter `key` (a row of Frappe's own Series table).

	The UPDATE takes the row's lock at once, so simultaneous submits queue on it and each gets the next
	number; a rolled-back submit rolls its number back. A year's first counter row is made beforehand in a
	transaction of its own: inserting it inside the submit would make simultaneous first submits of a year
	lock the same gap and deadlock.
	"""
	if not frappe.db.sql("select 1 from `tabSeries` where `name` = %s", key):
		create_counter(key)
	frappe.db.sql(
		"update `tabSeries` set `current` = last_insert_id(`current` + 1) where `name` = %s", (key,)
	)
	if frappe.db._cursor.rowcount != 1:
		frappe.throw(_("Receipt counter {0} could not be created").format(key))
	return int(frappe.db.sql("select last_insert_id()")[0][0])


def create_counter(key: str) -> None:
	"""Make counter `key` at 0 on a connection of its own, committed at once (0 uses up no number)."""
	conf = frappe.conf
	db = get_db(
		host=conf.db_host,
		port=conf.db_port,
		user=conf.db_user or conf.db_name,
		password=conf.db_password,
		cur_db_name=conf.db_name,
		socket=conf.db_socket,
	)
	db.connect()
	try:
		# Read first, without a lock: an INSERT IGNORE on a row another submit holds would wait on it.
		if not db.sql("select 1 from `tabSeries` where `name` = %s", (key,)):
			db.sql("insert ignore into `tabSeries` (`name`, `current`) values (%s, 0)", (key,))
		db.commit()
	finally:
		db.close()


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
