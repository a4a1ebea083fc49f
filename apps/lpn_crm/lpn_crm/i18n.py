"""The reader's language: domain errors translated from their templates, and a guest's chosen language."""

import frappe
from frappe import _

from lpn_crm.domain.errors import DomainError


def error_message(error: Exception) -> str:
	"""The error in the reader's language: the template translated, its values formatted in after.

	A DomainError's template is in the translation files; any other error is shown as it is (it was not
	written for a person to read, and no translation file could match text built at run time).
	"""
	if isinstance(error, DomainError):
		return _(error.template).format(*error.values)
	return str(error)


def set_visitor_language() -> None:
	"""before_request: a guest's pages follow `?_lang=`, else the `preferred_language` cookie the language
	switch sets, else the browser's Accept-Language, as `frappe.translate.get_language` documents.

	Frappe v15 picks the request language before it loads the session, when every visitor still counts
	as logged in, so a guest's cookie and browser language are never read. Asked again once the session
	is known; API calls (the Stripe webhook among them) are left alone.
	"""
	request = getattr(frappe.local, "request", None)
	if request is None or request.path.startswith("/api/"):
		return
	from frappe.translate import get_language

	if frappe.session.user != "Guest":
		# A logged-in portal user (a sponsor, a volunteer) reads their account's language, but the switch's
		# ?_lang= wins for that page, as it does for a guest (Frappe puts the account's back once the
		# session is loaded).
		if frappe.form_dict.get("_lang"):
			frappe.local.lang = get_language()
		return
	frappe.local.lang = get_language()
