"""LPN Stripe Settings with their defaults, read in one place."""

from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import cint, flt, get_url

from lpn_crm.domain.checkout import suggested_amounts
from lpn_crm.domain.money import BASE_CURRENCY, quantize, to_decimal

SETTINGS = "LPN Stripe Settings"
# The field's default, for a site migrated before the field existed (a Single stores no default).
ABANDONED_CHECKOUT_DAYS = 7


def get_settings() -> frappe._dict:
	settings = frappe.get_cached_doc(SETTINGS)
	return frappe._dict(
		enabled=bool(settings.enabled),
		mode=settings.mode,
		publishable_key=settings.publishable_key or "",
		default_currency=settings.default_currency or BASE_CURRENCY,
		default_fund=settings.default_fund,
		public_base_url=(settings.public_base_url or get_url()).rstrip("/"),
		currencies={row.currency: row for row in settings.currencies},
		abandoned_checkout_days=ABANDONED_CHECKOUT_DAYS
		if settings.abandoned_checkout_days is None
		else cint(settings.abandoned_checkout_days),
	)


def secret(fieldname: str) -> str | None:
	"""A Password field of the settings (secret_key, webhook_secret), or None when unset."""
	return frappe.get_single(SETTINGS).get_password(fieldname, raise_exception=False) or None


def offered_currencies() -> list[str]:
	"""The currencies donors may give in: the settings' table, else THB alone."""
	return list(get_settings().currencies) or [BASE_CURRENCY]


def gift_cap(currency: str) -> Decimal | None:
	"""LPN's largest online gift in this currency, None for no limit."""
	row = get_settings().currencies.get(currency)
	return quantize(flt(row.max_gift_amount), currency) if row and flt(row.max_gift_amount) > 0 else None


def amounts_for(currency: str) -> list[Decimal]:
	row = get_settings().currencies.get(currency)
	return suggested_amounts(row.suggested_amounts if row else "", currency)


def exchange_rate(currency: str) -> float:
	"""THB per unit of `currency` for an online gift's base amount: 1 for THB, else the settings' rate (0 if
	none, which the donation's own validation then refuses with a clear message)."""
	if currency == BASE_CURRENCY:
		return 1.0
	row = get_settings().currencies.get(currency)
	return flt(row.exchange_rate) if row else 0.0


def configured_rate(currency: str | None) -> Decimal | None:
	"""The settings' THB rate for `currency` (1 for THB), None when the settings give none."""
	if not currency:
		return None
	rate = exchange_rate(currency.upper())
	return to_decimal(rate) if rate > 0 else None


def donate_page_options() -> dict:
	"""What the public donate form offers: currencies with their suggested amounts, minimums and caps."""
	from lpn_crm.domain.checkout import minimum_amount

	settings = get_settings()
	currencies = []
	for code in offered_currencies():
		cap = gift_cap(code)
		currencies.append(
			{
				"currency": code,
				"amounts": [str(amount) for amount in amounts_for(code)],
				"minimum": str(minimum_amount(code)),
				"maximum": str(cap) if cap is not None else "",
			}
		)
	default = settings.default_currency if settings.default_currency in offered_currencies() else None
	return {
		"enabled": settings.enabled,
		"test_mode": settings.mode != "Live",
		"currencies": currencies,
		"default_currency": default or currencies[0]["currency"],
	}


# Errors a logged Stripe event fails with while the settings lack something processing needs: once staff
# save complete settings, such events are processed again at once rather than on the backoff schedule.
SETTINGS_ERRORS = ("StripeNotConfiguredError", "MissingExchangeRateError")
REQUEUE_LIMIT = 500


def missing_for_processing(doc) -> list[str]:
	"""The labels of what online giving needs that `doc` (LPN Stripe Settings, as about to be saved) lacks.

	A Password field that was not changed holds asterisks: set. The public address is needed in Live mode,
	where donors must come back to the site's real address, not the one the server guesses.
	"""
	needed = {
		"secret_key": _("Secret Key"),
		"webhook_secret": _("Webhook Signing Secret"),
		"default_fund": _("Default Fund"),
	}
	if doc.mode == "Live":
		needed["public_base_url"] = _("Public Base URL")
	labels = [label for fieldname, label in needed.items() if not (doc.get(fieldname) or "").strip()]
	for row in doc.currencies:
		if row.currency != BASE_CURRENCY and flt(row.exchange_rate) <= 0:
			labels.append(_("Exchange rate for {0}").format(row.currency))
	return labels


def requeue_events_waiting_for_settings() -> list[str]:
	"""Failed events that failed for want of a setting are each queued for processing now; returns them."""
	from lpn_crm.lpn_payments.webhooks import EVENT, enqueue_processing

	events = frappe.get_all(
		EVENT,
		filters={"status": "Failed"},
		or_filters=[["error", "like", f"{error}:%"] for error in SETTINGS_ERRORS],
		pluck="name",
		order_by="received_on asc",
		limit=REQUEUE_LIMIT,
	)
	for event_id in events:
		enqueue_processing(event_id)
	return events
