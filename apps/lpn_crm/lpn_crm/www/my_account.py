"""A donor's own account on their phone: monthly gifts (change, pause, resume, cancel, new card), details,
consents, and PDPA requests (a copy of their data, erasure). Reads are the session user's own records;
every change posts to lpn_crm.api.selfservice, which checks ownership again."""

import frappe
from frappe import _

from lpn_crm.domain.checkout import minimum_amount
from lpn_crm.fundraising import consents, portal
from lpn_crm.fundraising.email_policy import receipt_legally_due
from lpn_crm.fundraising.settings import get_settings
from lpn_crm.lpn_payments.settings import gift_cap

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/my-account"
		raise frappe.Redirect
	context.no_breadcrumbs = True
	context.title = _("My account")
	names = portal.own_donor_names()
	context.donor = portal.own_donor(names[0]) if names else None
	if not context.donor:
		return context
	donor = context.donor
	refreshed = frappe.form_dict.get("card_updated")
	if refreshed:
		_refresh_card(refreshed)
	context.gifts = portal.monthly_gifts([donor.name])
	_queue_missing_cards(context.gifts)
	for gift in context.gifts:
		cap = gift_cap(gift["currency"]) if gift["self_service"] else None
		gift["minimum"] = str(minimum_amount(gift["currency"]))
		gift["maximum"] = str(cap) if cap is not None else ""
	settings = get_settings()
	context.contact = {
		"name": settings.organisation_name,
		"email": settings.contact_email,
		"phone": settings.contact_phone,
		# Without a contact email or phone in the settings, the foundation's address at least.
		"address": ""
		if (settings.contact_email or settings.contact_phone)
		else settings.organisation_address,
	}
	context.consents = consents.consent_states(donor)
	context.receipt_legally_due = receipt_legally_due(donor)
	context.open_erasure = frappe.db.get_value(
		"LPN Data Request",
		{"donor": donor.name, "request_type": "Erasure", "status": "Open"},
		["name", "deadline"],
		as_dict=True,
	)
	context.requests = frappe.get_all(
		"LPN Data Request",
		filters={"donor": donor.name},
		fields=["name", "request_type", "status", "requested_on", "deadline", "link_expires_on"],
		order_by="requested_on desc",
		limit=5,
	)
	context.tax_id_types = ["Thai National ID", "Thai Taxpayer ID", "Foreign Tax ID"]
	return context


def _refresh_card(gift: str) -> None:
	"""Back from Stripe's card page: read the new card's brand and last 4 digits (for the donor's own gift)."""
	from lpn_crm.lpn_payments.subscriptions import refresh_card

	try:
		portal.check_gift_permission(gift)
		refresh_card(gift)
	except (frappe.PermissionError, frappe.ValidationError):
		frappe.clear_last_message()


def _queue_missing_cards(gifts: list[dict]) -> None:
	"""Card gifts whose brand and last digits the site does not know yet: read from Stripe in the background
	(never while the page waits on Stripe), shown on the next visit."""
	missing = [gift["name"] for gift in gifts if gift["self_service"] and not gift["card_last4"]]
	if missing:
		frappe.enqueue(
			"lpn_crm.lpn_payments.subscriptions.refresh_cards",
			queue="short",
			job_id=f"lpn-card-refresh-{'-'.join(missing)}",
			deduplicate=True,
			enqueue_after_commit=True,
			gifts=missing,
		)
