"""Child sponsorship's endpoints: the sponsor portal's (a photo through the checked path, a letter to the
child) and the coordinators' (a payment received outside Stripe, the child-access log's flush)."""

import frappe
from frappe.rate_limiter import rate_limit

from lpn_crm.access import (
	FUNDRAISING_MANAGER,
	FUNDRAISING_USER,
	SPONSORSHIP_COORDINATOR,
	SYSTEM_MANAGER,
	staff_only,
)
from lpn_crm.sponsorship import access, payments, portal

PAYMENT_STAFF = (SPONSORSHIP_COORDINATOR, FUNDRAISING_MANAGER, FUNDRAISING_USER, SYSTEM_MANAGER)


@frappe.whitelist(methods=["GET"])
def photo(update: str) -> None:
	"""An update's photo, for its sponsor once approved and consented (and for coordinators): the only way
	a sponsor reaches a child's photo (the file itself is private)."""
	user = portal.check_logged_in()
	portal.check_update_permission(update, user)
	file_name, content = portal.photo_file(update, user)
	frappe.local.response.filename = file_name
	frappe.local.response.filecontent = content
	frappe.local.response.type = "download"
	frappe.local.response.display_content_as = "inline"


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60 * 60)
def write_letter(sponsorship: str, text: str) -> dict:
	"""The sponsor's letter to their child: {"update": name, "status": "Draft"}, reviewed by staff before it
	reaches the child."""
	user = portal.check_logged_in()
	portal.check_sponsor_permission(sponsorship, user)
	return {"update": portal.write_letter(sponsorship, text, user), "status": "Draft"}


@frappe.whitelist(methods=["POST"])
@staff_only(*PAYMENT_STAFF)
def record_payment(
	sponsorship: str,
	months: int = 1,
	donation_date: str | None = None,
	payment_method: str = "Bank Transfer",
	payment_reference: str | None = None,
) -> dict:
	"""A standing order or yearly transfer received: a donation of months × the monthly amount, posted as
	every gift is. {"donation": name, "amount": ..., "currency": ...}. Coordinators hold no permission on
	donations, so the gate above is the check and the donation is written on their behalf."""
	donation = payments.record_payment(sponsorship, months, donation_date, payment_method, payment_reference)
	return {"donation": donation.name, "amount": donation.amount, "currency": donation.currency}


@frappe.whitelist(methods=["POST"])
@staff_only(SPONSORSHIP_COORDINATOR, SYSTEM_MANAGER)
def flush_access_log() -> None:
	"""Write the queued child-access rows now (the report's Refresh), instead of at the scheduler's turn."""
	access.flush()
