"""Posting gifts: everything a submitted donation sets in motion, for one donation or a batch of them.

The desk's submit posts one donation (the controller's on_submit); the Stripe event processor posts a whole
batch of new gifts in a handful of statements. Both go through `post`, so a gift is numbered, totalled and
thanked the same way however it arrived.
"""

import frappe
from frappe import _
from frappe.utils import flt

from lpn_crm.domain.money import BASE_CURRENCY, MoneyError, base_amount, require_positive, to_decimal
from lpn_crm.fundraising import acknowledgement, bulk, edonation, receipts, recurring, rollups
from lpn_crm.fundraising.exceptions import InvalidAmountError, MissingExchangeRateError

DONATION = "LPN Donation"
PAID = "Paid"


def post(donations: list) -> None:
	"""Post newly submitted donations (Documents or dicts with their fields): receipt, status, e-Donation
	state, recurring gifts, donor and campaign totals, and the thank-you emails after commit."""
	if not donations:
		return
	numbers = receipts.issue_receipts(donations)
	states = edonation.eligibility_of(donations)
	for donation in donations:
		values = {"receipt": numbers[donation.name], "status": PAID, **states.get(donation.name, {})}
		bulk.update_row(DONATION, donation.name, values)
		donation.update(values)
	recurring.follow_donations(donations)
	rollups.add_gifts(donations)
	acknowledgement.queue_thank_yous([donation.name for donation in donations])


def check_amounts(donation) -> None:
	"""Amount positive and rounded; base amount in THB from the exchange rate (1 for THB)."""
	try:
		donation.amount = flt(require_positive(to_decimal(donation.amount), _("Amount")))
	except MoneyError as error:
		frappe.throw(_(str(error)), InvalidAmountError)
	if donation.currency == BASE_CURRENCY:
		donation.exchange_rate = 1
	elif not flt(donation.exchange_rate) or flt(donation.exchange_rate) <= 0:
		frappe.throw(
			_("Enter the exchange rate from {0} to THB for this donation").format(donation.currency),
			MissingExchangeRateError,
		)
	donation.base_amount = flt(base_amount(to_decimal(donation.amount), to_decimal(donation.exchange_rate)))


def set_reference_key(donation) -> None:
	"""The key that keeps one payment from being recorded twice: unique per payment method."""
	donation.payment_reference = (donation.payment_reference or "").strip() or None
	donation.payment_reference_key = (
		f"{donation.payment_method}:{donation.payment_reference}" if donation.payment_reference else None
	)


def insert_submitted(gifts: list[dict]) -> list:
	"""New, already paid gifts (machine-made: payment events) as submitted donations, validated one by one
	as the form validates them, written in one insert, then posted together."""
	docs = [bulk.new_doc(DONATION, values) for values in gifts]
	for doc in docs:
		doc.docstatus = 1
	bulk.insert_validated(docs)
	post(docs)
	return docs
