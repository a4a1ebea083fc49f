"""Consent: a donor gives or withdraws one purpose in one tap, and the ledger (LPN Consent Log) keeps who,
when and how of every change, whichever path changed the donor's consent rows (portal, desk, import)."""

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime, today

from lpn_crm.fundraising.donors import has_consent
from lpn_crm.fundraising.exceptions import DonorDetailsError

LOG = "LPN Consent Log"
GIVEN, WITHDRAWN = "Given", "Withdrawn"


def purposes() -> list[str]:
	"""Every consent purpose, in the order the desk lists them."""
	options = frappe.get_meta("LPN Donor Consent").get_field("purpose").options or ""
	return [option for option in options.split("\n") if option]


def consent_states(donor) -> list[dict]:
	"""Each purpose with its state today and the date it took that state."""
	states = []
	for purpose in purposes():
		rows = [row for row in donor.get("consents") or [] if row.purpose == purpose]
		granted = has_consent(donor, purpose)
		latest = max(
			rows,
			key=lambda row: (getdate(row.withdrawn_on or row.granted_on or "1900-01-01"), row.idx),
			default=None,
		)
		since = None
		if latest:
			since = latest.granted_on if granted else (latest.withdrawn_on or None)
		states.append({"purpose": purpose, "granted": granted, "since": since})
	return states


def set_consent(donor, purpose: str, granted: bool, channel: str = "Portal") -> bool:
	"""Give or withdraw `purpose` for the donor today; returns whether anything changed. Saved as a Document,
	so the Version history and the ledger (on_update, below) record it."""
	if purpose not in purposes():
		frappe.throw(_("Unknown consent purpose {0}").format(purpose), DonorDetailsError)
	if bool(granted) == has_consent(donor, purpose):
		return False
	if granted:
		donor.append("consents", {"purpose": purpose, "granted": 1, "granted_on": today(), "source": channel})
	else:
		for row in donor.consents:
			if row.purpose == purpose and row.granted and not row.withdrawn_on:
				row.withdrawn_on = max(getdate(today()), getdate(row.granted_on or today()))
	donor.flags.consent_channel = channel
	donor.flags.silent_duplicates = True
	donor.flags.ignore_permissions = True  # the donor role reads; ownership was checked by the caller
	donor.save(ignore_version=False)
	return True


def log_changes(donor) -> None:
	"""LPN Donor on_update: a ledger line for each purpose whose state today changed with this save."""
	before = donor.get_doc_before_save()
	for purpose in purposes():
		now_granted = has_consent(donor, purpose)
		was_granted = has_consent(before, purpose) if before else False
		if now_granted == was_granted:
			continue
		action = GIVEN if now_granted else WITHDRAWN
		sources = [row.source for row in donor.consents if row.purpose == purpose and row.source]
		channel = donor.flags.consent_channel or (sources[-1] if sources and now_granted else "Desk")
		frappe.get_doc(
			{
				"doctype": LOG,
				"donor": donor.name,
				"purpose": purpose,
				"action": action,
				"changed_on": now_datetime(),
				"changed_by": frappe.session.user,
				"channel": channel,
			}
		).insert(ignore_permissions=True)
