"""Stripe Checkout for gifts: what a gift may be, and the exact session the app asks Stripe for.

Pure: the caller passes the amount from the server-side document and sends the params with
`client.v1.checkout.sessions.create(params=..., options={"idempotency_key": ...})`.
"""

import hashlib
import secrets
from decimal import Decimal

from lpn_crm.domain.errors import DomainError
from lpn_crm.domain.money import MoneyError, quantize, to_decimal, to_minor_units

# Stripe's minimum charge per currency (in major units); anything smaller is refused at Checkout.
MINIMUM_AMOUNTS: dict[str, Decimal] = {"THB": Decimal("10"), "USD": Decimal("0.50"), "EUR": Decimal("0.50")}
DEFAULT_MINIMUM = Decimal("1")

PAYMENT = "payment"
SUBSCRIPTION = "subscription"
CHECKOUT_SESSION_PLACEHOLDER = "{CHECKOUT_SESSION_ID}"


class GiftAmountError(DomainError):
	"""A gift amount Stripe or LPN would not accept."""


class StripeKeyError(DomainError):
	"""Text in a Stripe key field that is not a Stripe key of the right kind."""


def minimum_amount(currency: str) -> Decimal:
	"""The smallest charge Stripe accepts in this currency."""
	return MINIMUM_AMOUNTS.get(currency.upper(), DEFAULT_MINIMUM)


def validate_gift_amount(amount: object, currency: str, cap: Decimal | None) -> Decimal:
	"""Return the gift amount rounded to the currency, or raise GiftAmountError saying what is wrong.

	`cap` is LPN's own upper limit for an online gift in this currency (None: no limit).
	"""
	if amount is None or (isinstance(amount, str) and not amount.strip()):
		raise GiftAmountError("Please enter an amount")
	try:
		value = quantize(amount, currency)
	except MoneyError:
		raise GiftAmountError("Please enter the amount in figures, such as 500") from None
	code = currency.upper()
	if value <= 0:
		raise GiftAmountError("The gift amount must be greater than zero")
	minimum = minimum_amount(code)
	if value < minimum:
		raise GiftAmountError(
			"The smallest gift Stripe accepts in {0} is {1}, not {2}",
			code,
			display_amount(minimum, code),
			display_amount(value, code),
		)
	if cap is not None and value > to_decimal(cap):
		raise GiftAmountError(
			"Online gifts in {0} are limited to {1}, not {2}",
			code,
			display_amount(cap, code),
			display_amount(value, code),
		)
	return value


def display_amount(amount: object, currency: str) -> str:
	"""An amount as a donor reads it: thousands grouped, decimals only when it has some ("200,000", "0.50")."""
	value = quantize(amount, currency)
	return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,}"


def checkout_session_params(
	*,
	mode: str,
	amount: Decimal,
	currency: str,
	customer: str | None,
	success_url: str,
	cancel_url: str,
	metadata: dict[str, str],
	description: str,
	customer_email: str | None = None,
	locale: str = "auto",
) -> dict:
	"""The params of a hosted Checkout Session for one gift: one-off ("payment") or monthly ("subscription").

	The metadata (which must name the local record as `lpn_doctype` / `lpn_name`) goes on the session and
	on the payment intent or subscription it creates, so refunds, disputes and renewals trace back too.
	PromptPay is offered only for one-off THB gifts: Stripe supports it for nothing else.

	With a `customer` (a logged-in donor's own), Checkout runs as that customer. Without one (a guest: the
	email was typed, not proven), Checkout gets the email alone and makes a new customer for this gift
	(always in subscription mode; `customer_creation` asks for it in payment mode), so nobody opens
	Checkout as a customer of someone else's email.
	"""
	if mode not in (PAYMENT, SUBSCRIPTION):
		raise ValueError(f"Checkout mode must be {PAYMENT!r} or {SUBSCRIPTION!r}, not {mode!r}")
	if not metadata.get("lpn_name"):
		raise ValueError("Checkout metadata must name the local record (lpn_name)")
	code = currency.upper()
	price_data: dict = {
		"currency": code.lower(),
		"unit_amount": to_minor_units(amount, code),
		"product_data": {"name": description},
	}
	if mode == SUBSCRIPTION:
		price_data["recurring"] = {"interval": "month"}
	one_off_thb = mode == PAYMENT and code == "THB"
	params: dict = {
		"mode": mode,
		"payment_method_types": ["card", "promptpay"] if one_off_thb else ["card"],
		"line_items": [{"price_data": price_data, "quantity": 1}],
		"client_reference_id": metadata["lpn_name"],
		"metadata": dict(metadata),
		"success_url": _with_session_id(success_url),
		"cancel_url": cancel_url,
		"locale": locale,
	}
	if customer:
		params["customer"] = customer
	elif customer_email:
		params["customer_email"] = customer_email
		if mode == PAYMENT:
			params["customer_creation"] = "always"
	else:
		raise ValueError("A Checkout Session needs a customer or the donor's email")
	if mode == PAYMENT:
		params["payment_intent_data"] = {"metadata": dict(metadata), "description": description}
		params["submit_type"] = "donate"
	else:
		params["subscription_data"] = {"metadata": dict(metadata), "description": description}
	return params


def _with_session_id(success_url: str) -> str:
	"""Stripe fills {CHECKOUT_SESSION_ID} in on redirect; the thank-you page reads it to find the gift."""
	if CHECKOUT_SESSION_PLACEHOLDER in success_url:
		return success_url
	separator = "&" if "?" in success_url else "?"
	return f"{success_url}{separator}session_id={CHECKOUT_SESSION_PLACEHOLDER}"


def new_checkout_token() -> str:
	"""A random token for a draft gift: its Stripe idempotency keys are made from it, never from the record's
	name, which a rolled-back request hands on to the next donor's draft."""
	return secrets.token_urlsafe(24)


def idempotency_key(doctype: str, name: str, purpose: str) -> str:
	"""A Stripe Idempotency-Key fixed by the record and the purpose, so a double click makes one session.

	Stripe keeps keys for 24 hours and refuses a key reused with different params; put anything that may
	change (the amount) into `purpose` if the same record can legitimately ask twice.
	"""
	digest = hashlib.sha256("\x1f".join((doctype, name, purpose)).encode("utf-8")).hexdigest()
	return f"lpn-{digest}"


# Stripe secret and restricted keys say their mode in their prefix: sk_test_…, rk_live_….
_KEY_MODES = {"test": "Test", "live": "Live"}


def key_mode(secret_key: str | None) -> str | None:
	""" "Test" or "Live" for a Stripe secret (or restricted) key, None when no key is set.

	Raises StripeKeyError for text that is not a Stripe secret key, so a publishable key pasted into the
	secret field is caught before it reaches Stripe.
	"""
	key = (secret_key or "").strip()
	if not key:
		return None
	prefix, _, rest = key.partition("_")
	mode, _, secret = rest.partition("_")
	if prefix not in ("sk", "rk") or mode not in _KEY_MODES or not secret:
		raise StripeKeyError("A Stripe secret key starts with sk_test_, sk_live_, rk_test_ or rk_live_")
	return _KEY_MODES[mode]


def suggested_amounts(text: str | None, currency: str) -> list[Decimal]:
	"""The donate page's suggested amounts from "300, 500, 1000": rounded to the currency, sorted, unique.

	Entries that are not positive amounts are dropped: the page shows what is usable.
	"""
	found: set[Decimal] = set()
	for part in (text or "").replace(";", ",").split(","):
		try:
			value = quantize(part, currency)
		except MoneyError:
			continue
		if value > 0:
			found.add(value)
	return sorted(found)
