"""Posting gifts: everything a submitted donation sets in motion, for one donation or a batch of them.

The desk's submit posts one donation (the controller's on_submit); the Stripe event processor posts a whole
batch of new gifts in a handful of statements. Both go through `post`, so a gift is numbered, totalled and
thanked the same way however it arrived.
"""

from lpn_crm.fundraising import acknowledgement, bulk, edonation, receipts, recurring, rollups

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
