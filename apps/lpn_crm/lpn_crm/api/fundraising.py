"""Desk and portal endpoints for fundraising: parse, check permission, call down."""

import frappe
from frappe import _
from frappe.utils import cint

from lpn_crm.access import FUNDRAISING_MANAGERS, FUNDRAISING_STAFF, staff_only
from lpn_crm.fundraising import acknowledgement, donors, edonation, portal_invites, statements


@frappe.whitelist(methods=["POST"])
@staff_only(*FUNDRAISING_STAFF)
def resend_thank_you(donation: str) -> str:
	doc = frappe.get_doc("LPN Donation", donation)
	doc.check_permission("email")
	if doc.docstatus != 1:
		frappe.throw(_("Only a submitted donation has a thank-you to resend"))
	acknowledgement.queue_thank_yous([doc.name], resend=True)
	return "queued"


@frappe.whitelist(methods=["POST"])
@staff_only(*FUNDRAISING_STAFF)
def cancel_donation(donation: str, reason: str) -> str:
	"""Cancel a submitted donation with the reason its cancelled receipt shows."""
	doc = frappe.get_doc("LPN Donation", donation)
	doc.check_permission("cancel")
	reason = (reason or "").strip()
	if not reason:
		frappe.throw(
			_("Say why the donation is cancelled: the cancelled receipt shows it"), frappe.MandatoryError
		)
	doc.cancel_reason = reason
	doc.cancel()
	return doc.name


@frappe.whitelist(methods=["POST"])
@staff_only(*FUNDRAISING_STAFF)
def invite_donor_to_portal(donor: str) -> str:
	"""The desk's "Invite to portal" on a donor: a website login with the donor role, welcomed by email."""
	frappe.get_doc("LPN Donor", donor).check_permission("write")
	return portal_invites.invite_to_portal(donor)


@frappe.whitelist()
@staff_only(*FUNDRAISING_STAFF)
def find_donor_duplicates(donor: str) -> list[dict]:
	"""Donors likely the same person as `donor`, with the reasons (staff: it names other donors)."""
	doc = frappe.get_doc("LPN Donor", donor)
	doc.check_permission("read")
	return donors.find_duplicates(donors.keys_of(doc), exclude=doc.name)


@frappe.whitelist(methods=["POST"])
@staff_only(*FUNDRAISING_MANAGERS)
def merge_donors(source: str, target: str, reason: str = "") -> str:
	return donors.merge_donors(source, target, reason)


@frappe.whitelist()
def annual_receipt(donor: str, year: int) -> None:
	"""Download the consolidated receipt of a donor's gifts in one year, as a PDF."""
	doc = frappe.get_doc("LPN Donor", donor)
	doc.check_permission("read")
	year = cint(year)
	if not 2000 <= year <= 2200:
		frappe.throw(_("{0} is not a year").format(year))
	frappe.local.response.filename = f"{doc.name}-{year}.pdf"
	frappe.local.response.filecontent = statements.annual_statement_pdf(doc, year)
	frappe.local.response.type = "pdf"


@frappe.whitelist(methods=["POST"])
@staff_only(*FUNDRAISING_MANAGERS)
def create_edonation_batch(from_date: str, to_date: str) -> str:
	return edonation.create_batch(from_date, to_date)


@frappe.whitelist()
@staff_only(*FUNDRAISING_MANAGERS)
def export_edonation_batch(batch: str) -> None:
	frappe.get_doc(edonation.BATCH, batch).check_permission("read")
	frappe.local.response.filename = f"{batch}.csv"
	frappe.local.response.filecontent = edonation.export_csv(batch).encode("utf-8")
	frappe.local.response.type = "download"


@frappe.whitelist(methods=["POST"])
@staff_only(*FUNDRAISING_MANAGERS)
def mark_edonation_batch(batch: str, status: str) -> str:
	edonation.mark_batch(batch, status)
	return status
