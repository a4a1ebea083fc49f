"""LPN ERPNext Settings, read in one place: whether sync is on, the client's address and keys, the mapping."""

import frappe
from frappe import _
from frappe.utils import cint

from lpn_crm.domain import erpnext_sync as es
from lpn_crm.domain.errors import DomainError

SETTINGS = "LPN ERPNext Settings"


def get_settings_doc():
	return frappe.get_cached_doc(SETTINGS)


def sync_enabled() -> bool:
	"""Cheap: a cached single; the posting step asks it for every batch."""
	return bool(cint(get_settings_doc().enabled))


def mapping() -> es.Mapping:
	s = get_settings_doc()
	return es.Mapping(
		company=s.company or "",
		donation_document=s.donation_document or es.JOURNAL_ENTRY,
		fund_accounts={row.fund: row.income_account for row in s.fund_accounts},
		default_income_account=s.default_income_account or "",
		sales_income_account=s.sales_income_account or "",
		clearing_account=s.stripe_clearing_account or "",
		fee_account=s.stripe_fee_account or "",
		bank_account=s.bank_account or "",
		cost_center=s.cost_center or "",
		customer_group=s.customer_group or "",
		default_customer=s.default_customer or "",
		items={row.product: row.item_code for row in s.item_map},
		default_item=s.default_item or "",
	)


def connection() -> tuple[str, str, str]:
	"""(url, api key, api secret), or a SyncConfigError saying what is missing."""
	s = get_settings_doc()
	if not (s.remote_url or "").strip():
		raise es.SyncConfigError("Set the ERPNext address in LPN ERPNext Settings")
	url = es.check_remote_url(s.remote_url)
	secret = s.get_password("api_secret", raise_exception=False) if s.api_secret else None
	if not (s.api_key and secret):
		raise es.SyncConfigError("Set the ERPNext API key and secret in LPN ERPNext Settings")
	return url, s.api_key.strip(), secret


def max_attempts() -> int:
	return cint(get_settings_doc().max_attempts) or es.DEFAULT_MAX_ATTEMPTS


def batch_size() -> int:
	return min(max(cint(get_settings_doc().batch_size) or 100, 1), 200)


def check_url(url: str | None) -> str:
	"""For the settings' validate: the address cleaned, or a translated error."""
	from lpn_crm.i18n import error_message

	try:
		return es.check_remote_url(url)
	except DomainError as error:
		frappe.throw(error_message(error), frappe.ValidationError, title=_("ERPNext Address"))
