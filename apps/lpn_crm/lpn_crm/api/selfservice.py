"""Donor self-service on the portal (/my-account) and the staff's side of PDPA requests.

Each donor endpoint checks first that the record it names is the session user's own (a record of anybody
else's is refused whichever endpoint names it), then calls down. Amounts come as text and are checked by
the server against the minimum and the cap; nothing is taken on trust from the page.
"""

import frappe
from frappe.utils import cint

from lpn_crm.access import FUNDRAISING_MANAGERS, staff_only
from lpn_crm.fundraising import consents, portal, privacy
from lpn_crm.lpn_payments import subscriptions

# --- monthly gifts --------------------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def change_monthly_amount(gift: str, amount: str) -> dict:
	portal.check_gift_permission(gift)
	return subscriptions.change_amount(gift, amount)


@frappe.whitelist(methods=["POST"])
def pause_monthly_gift(gift: str) -> dict:
	portal.check_gift_permission(gift)
	return subscriptions.pause(gift)


@frappe.whitelist(methods=["POST"])
def resume_monthly_gift(gift: str) -> dict:
	portal.check_gift_permission(gift)
	return subscriptions.resume(gift)


@frappe.whitelist(methods=["POST"])
def cancel_monthly_gift(gift: str) -> dict:
	portal.check_gift_permission(gift)
	return subscriptions.cancel_at_period_end(gift)


@frappe.whitelist(methods=["POST"])
def keep_monthly_gift(gift: str) -> dict:
	"""Undo a stop set for the end of the period."""
	portal.check_gift_permission(gift)
	return subscriptions.keep(gift)


@frappe.whitelist(methods=["POST"])
def update_card(gift: str) -> dict:
	"""A Stripe Billing Portal page for a new card: {"url": …}."""
	portal.check_gift_permission(gift)
	return subscriptions.card_update_session(gift)


# --- details and consents -------------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def update_my_details(
	donor: str,
	donor_name: str | None = None,
	search_name: str | None = None,
	address_line: str | None = None,
	city: str | None = None,
	postal_code: str | None = None,
	phone: str | None = None,
	preferred_language: str | None = None,
	tax_id_type: str | None = None,
	tax_id: str | None = None,
) -> dict:
	"""Save the fields given (None: left as it is)."""
	portal.check_donor_permission(donor)
	given = {field: value for field, value in locals().items() if field in portal.DETAIL_FIELDS}
	return portal.update_details(donor, {field: value for field, value in given.items() if value is not None})


@frappe.whitelist(methods=["POST"])
def set_my_consent(donor: str, purpose: str, granted: int | str | bool) -> list[dict]:
	"""Give (granted=1) or withdraw (0) one purpose; returns every purpose's state."""
	portal.check_donor_permission(donor)
	doc = portal.own_donor(donor)
	consents.set_consent(doc, purpose, bool(cint(granted)), channel="Portal")
	return consents.consent_states(doc)


# --- PDPA requests --------------------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def request_data_export(donor: str) -> str:
	portal.check_donor_permission(donor)
	return privacy.request_export(donor)


@frappe.whitelist()
def download_data_export(request: str, token: str) -> None:
	"""The export zip, for the donor who asked, with the emailed link, before it expires."""
	privacy.check_download_permission(request)
	filename, content = privacy.download_export(request, token)
	frappe.local.response.filename = filename
	frappe.local.response.filecontent = content
	frappe.local.response.type = "download"


@frappe.whitelist(methods=["POST"])
def request_erasure(donor: str, reason: str = "") -> str:
	portal.check_donor_permission(donor)
	return privacy.request_erasure(donor, reason)


@frappe.whitelist(methods=["POST"])
@staff_only(*FUNDRAISING_MANAGERS)
def approve_erasure(request: str) -> str:
	return privacy.approve_erasure(request)


@frappe.whitelist(methods=["POST"])
@staff_only(*FUNDRAISING_MANAGERS)
def reject_data_request(request: str, note: str) -> str:
	return privacy.reject_request(request, note)
