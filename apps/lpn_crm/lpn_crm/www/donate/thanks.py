"""/donate/thanks?session_id=…: where Stripe returns the donor. Shows the gift's amount and state, nothing
personal (the page is public and the session id travels in the URL)."""

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
	for doctype, done in (("LPN Donation", lambda row: row.docstatus == 1), ("LPN Recurring Donation", None)):
		fields = ["amount", "currency", "docstatus"] + (["status"] if done is None else [])
		row = frappe.db.get_value(doctype, {"stripe_checkout_session": session_id}, fields, as_dict=True)
		if row:
			confirmed = done(row) if done else row.status == "Active"
			return {
				"amount": row.amount,
				"currency": row.currency,
				"monthly": doctype == "LPN Recurring Donation",
				"confirmed": confirmed,
			}
	return None
