"""Thank-you emails: the donor's language, their consent, the receipt PDF attached, via the email queue."""

import frappe
from frappe import _
from frappe.utils import now_datetime

from lpn_crm.domain.amount_words import baht_text, burmese_baht_text, english_amount_words
from lpn_crm.domain.thai_dates import format_date_for
from lpn_crm.fundraising import email_policy
from lpn_crm.fundraising.receipts import PRINT_FORMAT, RECEIPT

TEMPLATE = "LPN Donation Thank You ({language})"
FALLBACK_LANGUAGE = "en"
CONSENT_PURPOSE = "Receipts"


def queue_thank_yous(donations: list[str], resend: bool = False) -> None:
	"""Send the thank-yous after the submit commits, in one background job for the whole batch.

	The default queue, not the short one: each email renders a receipt PDF, and payment events waiting on
	the short queue should not wait behind them.
	"""
	if not donations:
		return
	frappe.enqueue(
		"lpn_crm.fundraising.acknowledgement.send_thank_yous",
		queue="default",
		job_id=f"lpn-thank-you-{donations[0]}-{len(donations)}",
		deduplicate=True,
		enqueue_after_commit=True,
		donations=list(donations),
		resend=resend,
	)


def send_thank_yous(donations: list[str], resend: bool = False) -> dict[str, str]:
	"""Job entry: each donation's thank-you, committed one by one so that one failure stops no other."""
	statuses = {}
	for donation in donations:
		try:
			statuses[donation] = send_thank_you(donation, resend=resend)
			frappe.db.commit()  # nosemgrep: a background job, each email on its own
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=f"Thank-you email for {donation} failed")
			statuses[donation] = "Failed"
	return statuses


def template_for(language: str) -> tuple[str, str | None]:
	"""(template name, note): the donor's language, or English with a note saying so."""
	wanted = TEMPLATE.format(language=language or FALLBACK_LANGUAGE)
	if frappe.db.exists("Email Template", wanted):
		return wanted, None
	fallback = TEMPLATE.format(language=FALLBACK_LANGUAGE)
	note = _("No thank-you template for language {0}: sent in English").format(language)
	return fallback, note


def send_thank_you(donation: str, resend: bool = False) -> str:
	"""Email the thank-you for a submitted donation; returns the acknowledgement status it set."""
	doc = frappe.get_doc("LPN Donation", donation)
	if doc.docstatus != 1:
		return doc.acknowledgement_status
	if doc.acknowledgement_status == "Sent" and not resend:
		return "Sent"
	donor = frappe.get_doc("LPN Donor", doc.donor)
	decision = email_policy.thank_you_decision(donor, doc.donation_date)
	if decision == email_policy.NOT_WANTED:
		return set_status(doc, "Not Wanted")
	if not donor.email:
		return set_status(doc, "No Email")
	if decision == email_policy.SEND_LEGALLY_DUE:
		doc.add_comment("Info", email_policy.legally_due_note())
	language = donor.preferred_language or FALLBACK_LANGUAGE
	template_name, note = template_for(language)
	if note:
		doc.add_comment("Info", note)
	template = frappe.get_doc("Email Template", template_name)
	context = thank_you_context(doc, donor, language)
	try:
		frappe.sendmail(
			recipients=[donor.email],
			subject=frappe.render_template(template.subject, context),
			message=frappe.render_template(template.response_html or template.response, context),
			reference_doctype=doc.doctype,
			reference_name=doc.name,
			attachments=receipt_attachments(doc, language),
			now=False,
		)
	except Exception:
		frappe.log_error(title=f"Thank-you email for {doc.name} failed")
		return set_status(doc, "Failed")
	return set_status(doc, "Sent")


def set_status(doc, status: str) -> str:
	doc.db_set(
		{"acknowledgement_status": status, "acknowledged_on": now_datetime() if status == "Sent" else None},
		update_modified=False,
	)
	return status


def thank_you_context(doc, donor, language: str) -> dict:
	from lpn_crm.domain.money import to_decimal

	return {
		"donor_name": donor.donor_name,
		"amount": frappe.utils.fmt_money(doc.amount, currency=doc.currency),
		"amount_in_words": amount_in_words(to_decimal(doc.amount), doc.currency, language),
		"donation_date": format_date_for(frappe.utils.getdate(doc.donation_date), language),
		# A fund's name is a record's name; a translation of it, where staff made one, reads better.
		"fund": _(doc.fund, lang=language) if doc.fund else "",
		"receipt_number": doc.receipt,
		"donation": doc.name,
	}


def amount_in_words(amount, currency: str, language: str) -> str:
	"""The amount in words in the donor's language: Thai or Burmese for baht, English words otherwise;
	nothing for a Burmese letter in another currency (the figure alone, never English words in it)."""
	if language == "th" and currency == "THB":
		return baht_text(amount)
	if language == "my":
		return burmese_baht_text(amount) if currency == "THB" else ""
	return english_amount_words(amount, currency)


def receipt_attachments(doc, language: str) -> list[dict]:
	if not doc.receipt:
		return []
	return [
		frappe.attach_print(
			RECEIPT, doc.receipt, file_name=doc.receipt, print_format=PRINT_FORMAT, lang=language
		)
	]
