"""The one place that answers "may we email this donor for purpose X" (Thailand's PDPA: a withdrawn consent
takes effect at once, for every email the app sends to a donor).

- Purposes are the consent purposes of LPN Donor Consent (Receipts, Newsletters, Appeals...): an email for
  one goes only while the donor's consent for it stands today.
- SERVICE is an email that answers the donor's own request on the portal (the confirmation of a change,
  the link to their data export): it needs no consent, only an address.
- A thank-you carries the receipt. Without the Receipts consent it still goes when a receipt is legally due:
  the donor has a tax ID on record, so the gift is one they deduct (Revenue Code s. 47(7), s. 65 bis(3)) and
  LPN must give them the receipt. The portal says so beside the consent, and the donation's timeline notes it.
- An erased donor is never emailed.
"""

from frappe import _

from lpn_crm.fundraising.donors import has_consent

SERVICE = "Service"
RECEIPTS = "Receipts"

SEND, SEND_LEGALLY_DUE, NOT_WANTED = "send", "legally due", "not wanted"


def may_email(donor, purpose: str, on_date=None) -> bool:
	"""Whether the donor may be emailed for `purpose` on `on_date` (today by default)."""
	if donor.get("erased") or not donor.get("email"):
		return False
	if purpose == SERVICE:
		return True
	return has_consent(donor, purpose, on_date)


def receipt_legally_due(donor) -> bool:
	"""A receipt LPN must give whatever the donor's email preferences: the donor deducts the gift (tax ID)."""
	return bool(donor.get("tax_id"))


def thank_you_decision(donor, on_date=None) -> str:
	"""SEND with the Receipts consent; SEND_LEGALLY_DUE without it when a receipt is legally due; else
	NOT_WANTED (consent given for the donation's day still counts only if it stands today: a withdrawal stops
	the thank-yous still queued)."""
	if donor.get("erased"):
		return NOT_WANTED
	if has_consent(donor, RECEIPTS, on_date) and may_email(donor, RECEIPTS):
		return SEND
	if receipt_legally_due(donor):
		return SEND_LEGALLY_DUE
	return NOT_WANTED


def legally_due_note() -> str:
	return _(
		"Sent without the donor's consent to receipt emails: a receipt is legally due (tax ID on record)"
	)
