"""A buyer's round-up or added gift: a donation of its own, with its own receipt, never sales income.

It is inserted and submitted as the desk does, so it passes the one posting step every gift passes
(receipt, totals, thank-you, the ERPNext outbox).
"""

import frappe
from frappe import _

DONATION = "LPN Donation"
DONOR = "LPN Donor"
# A buyer who gives without naming themselves: one donor record for all of them.
WALK_IN_DONOR = "Shop and Stall Visitors"
PAYMENT_METHODS = {"Cash": "Cash", "PromptPay": "PromptPay", "Bank Transfer": "Bank Transfer"}


def walk_in_donor() -> str:
	name = frappe.db.get_value(DONOR, {"donor_name": WALK_IN_DONOR}, "name")
	if name:
		return name
	doc = frappe.get_doc({"doctype": DONOR, "donor_name": WALK_IN_DONOR, "donor_type": "Person"})
	doc.flags.silent_duplicates = True
	return doc.insert(ignore_permissions=True).name


def default_fund() -> str | None:
	return frappe.db.get_single_value("LPN Stripe Settings", "default_fund")


def record_gift(sale) -> str:
	"""The sale's added gift as a submitted donation; its name."""
	fund = sale.gift_fund or default_fund()
	if not fund:
		frappe.throw(_("Choose the fund the buyer's gift goes to"), frappe.MandatoryError)
	donation = frappe.get_doc(
		{
			"doctype": DONATION,
			"donor": sale.customer or walk_in_donor(),
			"donation_date": sale.sale_date,
			"amount": sale.gift_amount,
			"currency": "THB",
			"payment_method": PAYMENT_METHODS.get(sale.payment_method, "Cash"),
			# Unique per payment method: the same sale's gift is never recorded twice.
			"payment_reference": sale.name,
			"fund": fund,
		}
	)
	donation.insert(ignore_permissions=True)
	donation.flags.ignore_permissions = True
	donation.submit()
	return donation.name


def cancel_gift(sale) -> None:
	"""The sale is cancelled: the money went back, and so the gift is cancelled too (its receipt kept,
	marked cancelled)."""
	if not sale.donation:
		return
	donation = frappe.get_doc(DONATION, sale.donation)
	if donation.docstatus == 1:
		donation.flags.ignore_permissions = True
		donation.cancel()
