"""The one place a StripeClient is built, and the one way a failed Stripe call is reported."""

from typing import NoReturn

import frappe
import stripe
from frappe import _
from frappe.utils import cint

from lpn_crm.lpn_payments.exceptions import StripeNotConfiguredError
from lpn_crm.lpn_payments.settings import secret

DEFAULT_NETWORK_RETRIES = 2


def stripe_client() -> stripe.StripeClient:
	"""A StripeClient with the configured secret key.

	The API base can be moved only from site config (`stripe_api_base`), never from the desk: tests point it
	at a loopback stub, and nobody with desk access can divert card traffic.
	"""
	key = secret("secret_key")
	if not key:
		frappe.throw(_("Set the Stripe secret key in LPN Stripe Settings"), StripeNotConfiguredError)
	base = frappe.conf.get("stripe_api_base")
	retries = frappe.conf.get("stripe_max_network_retries")
	options: dict = {
		"max_network_retries": DEFAULT_NETWORK_RETRIES if retries is None else cint(retries),
	}
	if base:
		options["base_addresses"] = {"api": base}
	return stripe.StripeClient(key, **options)


def refuse_after_stripe_error(
	title: str, error: stripe.StripeError, message: str, exception: type
) -> NoReturn:
	"""Stripe refused or could not be reached: an Error Log that outlives the failing request (deferred, or
	the request's rollback would take it too), then `message` (translated by the caller) as `exception`."""
	frappe.log_error(title=title, message=f"{type(error).__name__}: {error}", defer_insert=True)
	frappe.throw(message, exception)
