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
