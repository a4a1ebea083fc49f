"""LPN Stripe Settings with their defaults, read in one place."""

from decimal import Decimal

import frappe
from frappe.utils import flt, get_url

from lpn_crm.domain.checkout import suggested_amounts
from lpn_crm.domain.money import BASE_CURRENCY, quantize

SETTINGS = "LPN Stripe Settings"


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
