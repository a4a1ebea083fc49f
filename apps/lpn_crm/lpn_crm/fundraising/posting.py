"""Posting gifts: everything a submitted donation sets in motion, for one donation or a batch of them.

The desk's submit posts one donation (the controller's on_submit); the Stripe event processor posts a whole
batch of new gifts in a handful of statements. Both go through `post`, so a gift is numbered, totalled and
thanked the same way however it arrived.
"""

import frappe
from frappe import _
from frappe.model.naming import _format_autoname
from frappe.utils import flt, getdate, now_datetime

from lpn_crm.domain.money import BASE_CURRENCY, MoneyError, base_amount, require_positive, to_decimal
from lpn_crm.fundraising import acknowledgement, edonation, receipts, recurring, rollups
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
		frappe.db.set_value(DONATION, donation.name, values, update_modified=False)
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


# What a new gift row carries besides the fields its maker gives; the database fills the rest with the
# doctype's defaults.
NEW_GIFT_DEFAULTS = {
	"status": PAID,
	"acknowledgement_status": "Pending",
	"edonation_status": "Not Eligible",
	"is_in_kind": 0,
	"needs_review": 0,
	"refunded_amount": 0,
}
NEW_GIFT_FIELDS = (
	"donor", "donor_name", "donation_date", "amount", "currency", "exchange_rate", "base_amount",
	"payment_method", "payment_reference", "payment_reference_key", "fund", "campaign", "recurring_donation",
	"stripe_checkout_session", "stripe_payment_intent", "stripe_charge", "stripe_invoice",
)  # fmt: skip


def insert_submitted(gifts: list[dict]) -> list[frappe._dict]:
	"""Write new, already paid gifts as submitted donations in one insert, then post them.

	For machine-made gifts (payment events), whose values the caller has checked: the same amount and
	reference rules as the form apply, and the unique reference key still refuses a payment recorded twice
	(the whole insert fails then, and the caller falls back to one gift at a time).
	"""
	if not gifts:
		return []
	donations = [frappe._dict(NEW_GIFT_DEFAULTS, **gift) for gift in gifts]
	for donation in donations:
		check_amounts(donation)
		set_reference_key(donation)
		donation.donation_date = getdate(donation.donation_date)
	for donation, name in zip(donations, new_names(len(donations)), strict=True):
		donation.name = name
	now, user = now_datetime(), frappe.session.user
	fields = ["name", "creation", "modified", "owner", "modified_by", "docstatus", "idx"]
	fields += [*NEW_GIFT_FIELDS, *NEW_GIFT_DEFAULTS]
	frappe.db.bulk_insert(
		DONATION,
		fields=fields,
		values=[
			(d.name, now, now, user, user, 1, 0, *(d.get(field) for field in fields[7:])) for d in donations
		],
	)
	post(donations)
	return donations


def new_names(count: int) -> list[str]:
	"""`count` new donation names from the doctype's own naming series (format:DON-{YYYY}-{######})."""
	autoname = frappe.get_meta(DONATION).autoname
	pattern, hashes = autoname.rsplit("{", 1)
	digits = hashes.rstrip("}")
	if not pattern.startswith("format:") or set(digits) != {"#"}:
		raise ValueError(f"{DONATION} names must end in a {{###}} series to be made in bulk, not {autoname}")
	key = _format_autoname(pattern, frappe._dict(doctype=DONATION))
	first = receipts.next_sequence(key, count)
	return [f"{key}{number:0{len(digits)}d}" for number in range(first, first + count)]
