"""Errors fundraising raises, by type, so callers and tests can catch exactly what went wrong."""

import frappe


class InvalidTaxIDError(frappe.ValidationError):
	pass


class InvalidAmountError(frappe.ValidationError):
	pass


class MissingExchangeRateError(frappe.ValidationError):
	pass


class DuplicatePaymentReferenceError(frappe.ValidationError):
	pass


class DonorMergeError(frappe.ValidationError):
	pass


class EDonationError(frappe.ValidationError):
	pass


class CampaignError(frappe.ValidationError):
	"""A campaign, supporter page or appeal that breaks a rule (lpn_crm.domain.campaigns)."""


class AppealError(frappe.ValidationError):
	"""An appeal that cannot be sent as asked: an empty segment, a second sending."""


class DonorDetailsError(frappe.ValidationError):
	"""Details a donor gave on the portal that cannot be saved as given."""


class DataRequestError(frappe.ValidationError):
	"""A data export or erasure request that cannot be made or used as asked."""
