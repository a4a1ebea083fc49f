"""Posting gifts: everything a submitted donation sets in motion, for one donation or a batch of them.

The desk's submit posts one donation (the controller's on_submit); the Stripe event processor submits a whole
batch of gifts, each a Document submitted as the desk submits it, and posts them together in a handful of
statements. Both go through `post`, so a gift is numbered, totalled and thanked the same way however it
arrived.
"""

import frappe
from frappe.model.docstatus import DocStatus

from lpn_crm.fundraising import acknowledgement, bulk, edonation, receipts, recurring, rollups
from lpn_crm.lpn_integrations import outbox

DONATION = "LPN Donation"
PAID = "Paid"
# A flag on donations whose on_submit leaves the posting to the batch that submits them (submit_together).
POSTED_TOGETHER = "lpn_posted_together"


def on_submit(donation) -> None:
	"""The controller's on_submit: post the donation, unless it is one of a batch that posts them together."""
	if not donation.flags.get(POSTED_TOGETHER):
		post([donation])


def post(donations: list) -> None:
	"""Post newly submitted donations (Documents or dicts with their fields): receipt, status, e-Donation
	state, recurring gifts, donor and campaign totals, the thank-you emails after commit, and the ERPNext
	outbox rows (one insert for the batch, in the same transaction)."""
	if not donations:
		return
	numbers = receipts.issue_receipts(donations)
	states = edonation.eligibility_of(donations)
	values = {
		donation.name: {"receipt": numbers[donation.name], "status": PAID, **states.get(donation.name, {})}
		for donation in donations
	}
	bulk.update_rows(DONATION, values)
	for donation in donations:
		donation.update(values[donation.name])
	recurring.follow_donations(donations)
	rollups.add_gifts(donations)
	acknowledgement.queue_thank_yous([donation.name for donation in donations])
	outbox.queue_gifts(donations)


def set_reference_key(donation) -> None:
	"""The key that keeps one payment from being recorded twice: unique per payment method."""
	donation.payment_reference = (donation.payment_reference or "").strip() or None
	donation.payment_reference_key = (
		f"{donation.payment_method}:{donation.payment_reference}" if donation.payment_reference else None
	)


def insert_submitted(gifts: list[dict], references: list[dict | None] | None = None) -> list:
	"""New, already paid gifts (machine-made: payment events) as submitted donations, each inserted as a whole
	Document, then posted together. `references` says where each came from (Frappe's updater_reference: the
	document it was made from, shown on its Version row)."""
	docs = []
	for values, reference in zip(gifts, references or [None] * len(gifts), strict=True):
		doc = frappe.new_doc(DONATION)
		doc.update(values)
		doc.docstatus = DocStatus.submitted()
		doc.flags.updater_reference = reference
		doc.flags[POSTED_TOGETHER] = True
		docs.append(doc)
	bulk.insert_documents(docs)
	post(docs)
	bulk.add_versions(docs)
	return docs


def submit_together(drafts: list) -> None:
	"""Submit draft donations (Documents, their changes made), each as the desk submits it, then post them
	together."""
	for doc in drafts:
		doc.flags[POSTED_TOGETHER] = True
	bulk.submit_documents(drafts)
	post(drafts)
	bulk.add_versions(drafts)
