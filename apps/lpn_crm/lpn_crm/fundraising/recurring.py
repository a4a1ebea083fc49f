"""Recurring gifts: each received donation moves the schedule on; a daily job finds lapses."""

import frappe
from frappe.utils import flt, getdate, today

from lpn_crm.domain.money import to_decimal
from lpn_crm.domain.recurring import add_periods, arrears, expected_dates, missed_periods, status_for
from lpn_crm.fundraising.alerts import LAPSED, alert_staff
from lpn_crm.fundraising.settings import get_settings

RECURRING = "LPN Recurring Donation"


def follow_donations(donations: list) -> None:
	"""Donations of recurring gifts were submitted or cancelled: each gift's progress is read again, once."""
	for name in sorted(
		{donation.recurring_donation for donation in donations if donation.recurring_donation}
	):
		refresh(name)


def refresh(name: str, on_date=None) -> str:
	"""Recompute a recurring gift's progress from its submitted donations; returns its status."""
	gift = frappe.get_doc(RECURRING, name)
	received = frappe.db.sql(
		"""select count(*), coalesce(sum(base_amount), 0), max(donation_date)
		from `tabLPN Donation` where recurring_donation = %s and docstatus = 1""",
		name,
	)[0]
	count, total, last = int(received[0]), received[1], received[2]
	on_date = getdate(on_date or today())
	start = getdate(gift.start_date)
	expected = len(expected_dates(start, gift.frequency, on_date))
	next_expected = add_periods(start, gift.frequency, count)
	missed = missed_periods(next_expected, on_date, gift.frequency, get_settings().lapse_grace_days)
	previous_status = gift.status
	status = status_for(gift.status, missed, gift.lapse_after or get_settings().default_lapse_after)
	gift.db_set(
		{
			"received_count": count,
			"total_received": total,
			"last_received_date": last,
			"expected_count": expected,
			"next_expected_date": next_expected,
			"missed_periods": missed,
			"arrears": flt(arrears(expected, count, to_decimal(gift.amount))),
			"status": status,
		},
		update_modified=False,
	)
	if status == "Lapsed" and previous_status != "Lapsed":
		alert_staff(gift, LAPSED)
	return status


def daily_lapse_check() -> None:
	"""Scheduler entry: refresh every active or lapsed gift (lapsed ones may have resumed)."""
	for name in frappe.get_all(RECURRING, filters={"status": ("in", ["Active", "Lapsed"])}, pluck="name"):
		refresh(name)
