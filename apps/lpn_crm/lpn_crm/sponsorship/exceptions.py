"""Errors child sponsorship raises, by type, so callers and tests can catch exactly what went wrong."""

import frappe


class SponsorshipValidationError(frappe.ValidationError):
	pass


class ChildFullyCoveredError(frappe.ValidationError):
	pass


class UpdateReviewError(frappe.ValidationError):
	pass


class PhotoConsentError(frappe.ValidationError):
	pass
