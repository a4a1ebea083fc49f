"""Errors the payments module raises, by type, so callers and tests can catch exactly what went wrong."""

import frappe


class StripeNotConfiguredError(frappe.ValidationError):
	"""Online giving is off, or a key it needs is missing."""


class InvalidStripeKeyError(frappe.ValidationError):
	pass


class GiftRefusedError(frappe.ValidationError):
	"""A gift the donate form asked for that LPN or Stripe would not accept."""


class CheckoutFailedError(frappe.ValidationError):
	"""Stripe refused to open a Checkout Session or could not be reached; nothing was charged."""


class PaymentNotMatchedError(frappe.ValidationError):
	"""A Stripe event names a payment or subscription no local record carries (yet): retried later."""


class StripeEventNotFoundError(frappe.DoesNotExistError):
	pass


class SubscriptionChangeError(frappe.ValidationError):
	"""A donor's change to a monthly gift that cannot be made (ended, not online, Stripe unreachable)."""
