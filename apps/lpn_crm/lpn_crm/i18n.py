"""Translating what the domain says: its errors carry a template and values, translated here."""

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
