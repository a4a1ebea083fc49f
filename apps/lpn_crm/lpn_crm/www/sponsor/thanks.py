"""/sponsor/thanks?session_id=…: where Stripe returns a new sponsor. Nothing personal is shown (the page is
public and the session id travels in the URL): the monthly amount and whether the payment is through."""

import frappe
from frappe import _

no_cache = 1


def get_context(context):
	context.no_cache = 1
	context.title = _("Thank you")
	context.gift = _gift(frappe.form_dict.get("session_id"))
	return context


def _gift(session_id: str | None) -> dict | None:
	if not session_id or not isinstance(session_id, str) or not session_id.startswith("cs_"):
		return None
	row = frappe.db.get_value(
		"LPN Recurring Donation",
		{"stripe_checkout_session": session_id, "sponsorship": ("is", "set")},
		["amount", "currency", "status"],
		as_dict=True,
	)
	return row and {"amount": row.amount, "currency": row.currency, "confirmed": row.status == "Active"}
