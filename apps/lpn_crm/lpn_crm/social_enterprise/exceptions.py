"""Errors of the social enterprise, catchable by type."""

import frappe


class InvalidSaleLineError(frappe.ValidationError):
	pass


class InsufficientStockError(frappe.ValidationError):
	pass
