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
from lpn_crm.fundraising.settings import get_settings

RECEIPT = "LPN Receipt"
PRINT_FORMAT = "LPN Donation Receipt"


def next_sequence(key: str, count: int = 1) -> int:
	"""Atomically take the next `count` numbers of counter `key` (a row of Frappe's own Series table) and
	return the first of them.

	One statement creates the counter or moves it on, taking the row's exclusive lock at once: simultaneous
	submits queue on that lock and each gets the next numbers (an INSERT IGNORE then UPDATE would take a
	shared lock first and deadlock on the upgrade), and a rolled-back submit rolls its numbers back.
	Frappe's own naming series use the same rows, so names taken here never collide with theirs.
	"""
	if count < 1:
		raise ValueError(f"take at least one number from a series, not {count}")
	frappe.db.sql(
		"""insert into `tabSeries` (`name`, `current`) values (%(key)s, last_insert_id(%(count)s))
		on duplicate key update `current` = last_insert_id(`current` + %(count)s)""",
		{"key": key, "count": count},
	)
	return int(frappe.db.sql("select last_insert_id()")[0][0]) - count + 1


RECEIPT_FIELDS = (
	"name",
	"creation",
	"modified",
	"owner",
	"modified_by",
	"docstatus",
	"idx",
	"receipt_number",
	"donation",
	"donor",
	"donor_name",
	"status",
	"receipt_date",
	"fiscal_year",
	"amount",
	"currency",
	"base_amount",
	"language",
)


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
	now, user = now_datetime(), frappe.session.user
	numbers: dict[str, str] = {}
	rows = []
	for year, group in by_year.items():
		first = next_sequence(f"{settings.receipt_prefix}-{year}-", len(group))
		for offset, donation in enumerate(group):
			number = format_receipt_number(year, first + offset, settings.receipt_prefix)
			numbers[donation.name] = number
			rows.append(
				(
					number,
					now,
					now,
					user,
					user,
					0,
					0,
					number,
					donation.name,
					donation.donor,
					donation.donor_name,
					"Issued",
					getdate(donation.donation_date),
					year,
					donation.amount,
					donation.currency,
					donation.base_amount,
					languages.get(donation.donor) or "en",
				)
			)
	frappe.db.bulk_insert(RECEIPT, fields=list(RECEIPT_FIELDS), values=rows)
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
