"""The point-of-sale endpoints (/shop/pos): the products on sale, a sale, and its receipt by email. Staff
only; prices and totals come from the server's records."""

import frappe
from frappe import _

from lpn_crm.access import FUNDRAISING_STAFF, staff_only
from lpn_crm.social_enterprise import pos


@frappe.whitelist()
@staff_only(*FUNDRAISING_STAFF)
def products() -> dict:
	return {"products": pos.products()}


@frappe.whitelist(methods=["POST"])
@staff_only(*FUNDRAISING_STAFF)
def make_sale(
	lines: list | str,
	payment_method: str,
	channel: str = "Event Stall",
	round_up: int | str = 0,
	gift_amount: float | str = 0,
	receipt_email: str | None = None,
	payment_reference: str | None = None,
) -> dict:
	if isinstance(lines, str):
		lines = frappe.parse_json(lines)
	return pos.make_sale(
		lines,
		payment_method,
		channel=channel,
		round_up=frappe.utils.cint(round_up),
		gift_amount=frappe.utils.flt(gift_amount),
		receipt_email=receipt_email,
		payment_reference=payment_reference,
	)


@frappe.whitelist(methods=["POST"])
@staff_only(*FUNDRAISING_STAFF)
def email_receipt(sale: str, email: str) -> dict:
	if not frappe.has_permission("LPN Sale", "read", sale):
		raise frappe.PermissionError(_("You cannot see this sale"))
	if not frappe.utils.validate_email_address(email):
		frappe.throw(_("{0} is not an email address").format(email), frappe.InvalidEmailAddressError)
	pos.email_receipt(sale, email)
	return {"sale": sale, "email": email}
