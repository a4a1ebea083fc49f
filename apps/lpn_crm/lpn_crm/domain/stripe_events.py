"""Stripe webhook events, read into one flat fact the payments module can act on.

Pure: the event arrives as the JSON-decoded body that the webhook already verified. Both invoice shapes are
read: API 2025-03-31 ("basil") and later put the subscription under `invoice.parent.subscription_details`
and the payment under `invoice.payments`; older versions have `invoice.subscription`,
`invoice.payment_intent` and `invoice.charge`. An account's webhook endpoints may be pinned to either.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lpn_crm.domain.money import BASE_CURRENCY, MoneyError, from_minor_units, quantize

PAYMENT_SUCCEEDED = "payment_succeeded"
PAYMENT_PENDING = "payment_pending"
PAYMENT_FAILED = "payment_failed"
CHECKOUT_EXPIRED = "checkout_expired"
INVOICE_PAID = "invoice_paid"
INVOICE_FAILED = "invoice_failed"
SUBSCRIPTION_UPDATED = "subscription_updated"
SUBSCRIPTION_DELETED = "subscription_deleted"
REFUND = "refund"
DISPUTE_OPENED = "dispute_opened"
DISPUTE_CLOSED = "dispute_closed"
UNHANDLED = "unhandled"

# The metadata keys lpn_crm puts on every session, payment intent and subscription it creates.
DOCTYPE_KEY = "lpn_doctype"
NAME_KEY = "lpn_name"


# Exchange rates are kept to six decimal places, as the donation's Float field shows them.
RATE_PLACES = Decimal("0.000001")


class StripeEventError(ValueError):
	"""A webhook body that is not a readable Stripe event."""


@dataclass(frozen=True)
class StripeFact:
	"""What one Stripe event says, in the app's terms. Amounts are Decimal in major units."""

	event_id: str
	event_type: str
	created: int
	livemode: bool
	kind: str
	object_id: str | None = None
	checkout_session: str | None = None
	payment_intent: str | None = None
	charge: str | None = None
	invoice: str | None = None
	subscription: str | None = None
	customer: str | None = None
	customer_email: str | None = None
	customer_name: str | None = None
	amount: Decimal | None = None
	currency: str | None = None
	amount_refunded: Decimal | None = None
	refund_is_full: bool = False
	dispute_status: str | None = None
	subscription_status: str | None = None
	cancel_at_period_end: bool | None = None
	# When a subscription's collection is paused (`pause_collection` set: Stripe keeps its status "active").
	collection_paused: bool = False
	# When a subscription set to end will end (unix time), e.g. the end of the period it was cancelled in.
	cancel_at: int | None = None
	# The card the subscription charges, when the event or response carries it expanded.
	payment_method: str | None = None
	card_brand: str | None = None
	card_last4: str | None = None
	metadata: dict[str, str] = field(default_factory=dict)
	period_start: int | None = None
	period_end: int | None = None
	failure_message: str | None = None
	# "subscription_create" on a subscription's first invoice, which the completed checkout session
	# already reported; "subscription_cycle" on renewals.
	billing_reason: str | None = None
	payment_link: str | None = None
	# THB per unit of `currency` as Stripe converted the payment, when the event says: an expanded balance
	# transaction settled in THB, or Adaptive Pricing's conversion of a THB price. None when it does not.
	settled_rate: Decimal | None = None
	# How often a subscription charges, in LPN's terms (Monthly, Quarterly, Yearly), when the event says.
	frequency: str | None = None


def parse_event(event: Mapping[str, Any]) -> StripeFact:
	"""Read a JSON-decoded Stripe event into a StripeFact; StripeEventError if it is not an event.

	Event types the app does not act on give kind UNHANDLED, so the caller can log and acknowledge them.
	"""
	if not isinstance(event, Mapping):
		raise StripeEventError(f"A Stripe event is a JSON object, not {type(event).__name__}")
	event_id, event_type = event.get("id"), event.get("type")
	if not isinstance(event_id, str) or not event_id:
		raise StripeEventError("The Stripe event has no id")
	if not isinstance(event_type, str) or not event_type:
		raise StripeEventError(f"Stripe event {event_id} has no type")
	data = event.get("data")
	obj = data.get("object") if isinstance(data, Mapping) else None
	if not isinstance(obj, Mapping):
		raise StripeEventError(f"Stripe event {event_id} ({event_type}) has no data.object")
	created = event.get("created")
	reader = _READERS.get(event_type, _read_unhandled)
	try:
		fields = reader(obj, event_type)
	except MoneyError as error:
		raise StripeEventError(
			f"Stripe event {event_id} ({event_type}) has an unreadable amount: {error}"
		) from None
	return StripeFact(
		event_id=event_id,
		event_type=event_type,
		created=created if isinstance(created, int) and not isinstance(created, bool) else 0,
		livemode=bool(event.get("livemode")),
		object_id=_id(obj),
		**fields,
	)


def metadata_ref(fact: StripeFact) -> tuple[str, str] | None:
	"""The local record (doctype, name) the event's metadata points back to, or None (e.g. Payment Links)."""
	doctype, name = fact.metadata.get(DOCTYPE_KEY), fact.metadata.get(NAME_KEY)
	if doctype and name:
		return doctype, name
	return None


# --- readers, one per family of events: each returns StripeFact fields ---------------------------------


def _read_checkout_session(session: Mapping[str, Any], event_type: str) -> dict[str, Any]:
	details = _dict(session.get("customer_details"))
	payment_status = session.get("payment_status")
	amount = _money(session.get("amount_total"), session.get("currency"))
	if event_type == "checkout.session.completed":
		if payment_status == "no_payment_required":
			kind = PAYMENT_SUCCEEDED
			amount = _money(0, session.get("currency")) if session.get("currency") else Decimal(0)
		else:
			kind = PAYMENT_SUCCEEDED if payment_status == "paid" else PAYMENT_PENDING
	else:
		kind = {
			"checkout.session.async_payment_succeeded": PAYMENT_SUCCEEDED,
			"checkout.session.async_payment_failed": PAYMENT_FAILED,
			"checkout.session.expired": CHECKOUT_EXPIRED,
		}[event_type]
	return {
		"kind": kind,
		"checkout_session": _id(session),
		"payment_intent": _id(session.get("payment_intent")),
		"invoice": _id(session.get("invoice")),
		"subscription": _id(session.get("subscription")),
		"customer": _id(session.get("customer")),
		"customer_email": details.get("email") or session.get("customer_email"),
		"customer_name": details.get("name"),
		"amount": amount,
		"currency": _currency(session.get("currency")),
		"metadata": _metadata(session.get("metadata")),
		"payment_link": _id(session.get("payment_link")),
		"settled_rate": _conversion_rate(session),
	}


def _read_invoice(invoice: Mapping[str, Any], event_type: str) -> dict[str, Any]:
	paid = event_type == "invoice.paid"
	parent_details = _dict(_dict(invoice.get("parent")).get("subscription_details"))
	legacy_details = _dict(invoice.get("subscription_details"))
	payment = _invoice_payment(invoice)
	period = _dict(_first(invoice.get("lines")).get("period"))
	currency = invoice.get("currency")
	return {
		"kind": INVOICE_PAID if paid else INVOICE_FAILED,
		"invoice": _id(invoice),
		"subscription": _id(parent_details.get("subscription")) or _id(invoice.get("subscription")),
		"payment_intent": _id(payment.get("payment_intent")) or _id(invoice.get("payment_intent")),
		"charge": _id(payment.get("charge")) or _id(invoice.get("charge")),
		"customer": _id(invoice.get("customer")),
		"customer_email": invoice.get("customer_email"),
		"customer_name": invoice.get("customer_name"),
		# A failed invoice has paid nothing: what it tried to collect is what the donor owes.
		"amount": _money(invoice.get("amount_paid" if paid else "amount_due"), currency),
		"currency": _currency(currency),
		"metadata": {
			**_metadata(invoice.get("metadata")),
			**_metadata(legacy_details.get("metadata")),
			**_metadata(parent_details.get("metadata")),
		},
		# A subscription invoice's own period_start/end describe the previous period; its line carries the
		# period the gift pays for.
		"period_start": _int(period.get("start")) or _int(invoice.get("period_start")),
		"period_end": _int(period.get("end")) or _int(invoice.get("period_end")),
		"failure_message": _dict(invoice.get("last_finalization_error")).get("message"),
		"billing_reason": invoice.get("billing_reason"),
		"settled_rate": _settlement_rate(_dict(invoice.get("charge")).get("balance_transaction")),
	}


def _invoice_payment(invoice: Mapping[str, Any]) -> Mapping[str, Any]:
	"""The `payment` of the invoice payment that paid (else the first), when the event carries them."""
	payments = [p for p in _dict(invoice.get("payments")).get("data") or [] if isinstance(p, Mapping)]
	chosen = next((p for p in payments if p.get("status") == "paid"), payments[0] if payments else {})
	return _dict(chosen.get("payment"))


def _read_subscription(subscription: Mapping[str, Any], event_type: str) -> dict[str, Any]:
	items = [item for item in _dict(subscription.get("items")).get("data") or [] if isinstance(item, Mapping)]
	first = items[0] if items else {}
	currency = subscription.get("currency")
	customer = subscription.get("customer")
	return {
		"kind": SUBSCRIPTION_DELETED
		if event_type == "customer.subscription.deleted"
		else SUBSCRIPTION_UPDATED,
		"subscription": _id(subscription),
		"customer": _id(customer),
		"customer_email": _dict(customer).get("email"),
		"customer_name": _dict(customer).get("name"),
		"amount": _monthly_amount(items, currency),
		"currency": _currency(currency),
		"subscription_status": subscription.get("status"),
		"cancel_at_period_end": bool(subscription.get("cancel_at_period_end")),
		"collection_paused": bool(subscription.get("pause_collection")),
		"cancel_at": _int(subscription.get("cancel_at")),
		**_card(subscription.get("default_payment_method")),
		"frequency": _frequency(_dict(first.get("price")).get("recurring")),
		"metadata": _metadata(subscription.get("metadata")),
		# Since API 2025-03-31 the current period lives on each subscription item.
		"period_start": _int(first.get("current_period_start"))
		or _int(subscription.get("current_period_start")),
		"period_end": _int(first.get("current_period_end")) or _int(subscription.get("current_period_end")),
	}


def _card(payment_method: Any) -> dict[str, Any]:
	"""The payment method's id, and its card's brand and last 4 digits when it is expanded."""
	card = _dict(_dict(payment_method).get("card"))
	return {
		"payment_method": _id(payment_method),
		"card_brand": card.get("brand") or None,
		"card_last4": card.get("last4") or None,
	}


# Stripe's (interval, interval_count) -> LPN Recurring Donation frequency.
_FREQUENCIES = {
	("month", 1): "Monthly",
	("month", 3): "Quarterly",
	("month", 12): "Yearly",
	("year", 1): "Yearly",
}


def _frequency(recurring: Any) -> str | None:
	"""A price's billing interval as LPN's frequency; None for one LPN has no name for (weekly, every two
	months...) or a price that does not say."""
	recurring = _dict(recurring)
	return _FREQUENCIES.get((recurring.get("interval"), _int(recurring.get("interval_count")) or 1))


def _monthly_amount(items: list[Mapping[str, Any]], currency: Any) -> Decimal | None:
	"""What one billing period of the subscription charges, or None if the items do not say."""
	total = 0
	for item in items:
		unit_amount = _dict(item.get("price")).get("unit_amount")
		if not isinstance(unit_amount, int):
			return None
		total += unit_amount * (_int(item.get("quantity")) or 1)
	return _money(total, currency) if items else None


def _read_refund(charge: Mapping[str, Any], event_type: str) -> dict[str, Any]:
	currency = charge.get("currency")
	amount = _money(charge.get("amount"), currency)
	refunded = _money(charge.get("amount_refunded"), currency)
	billing = _dict(charge.get("billing_details"))
	return {
		"kind": REFUND,
		"charge": _id(charge),
		"payment_intent": _id(charge.get("payment_intent")),
		"customer": _id(charge.get("customer")),
		"customer_email": billing.get("email") or charge.get("receipt_email"),
		"customer_name": billing.get("name"),
		"amount": amount,
		"currency": _currency(currency),
		"amount_refunded": refunded,
		"refund_is_full": amount is not None and refunded is not None and refunded >= amount,
		"metadata": _metadata(charge.get("metadata")),
		"failure_message": charge.get("failure_message"),
		"settled_rate": _settlement_rate(charge.get("balance_transaction")),
	}


def _read_dispute(dispute: Mapping[str, Any], event_type: str) -> dict[str, Any]:
	currency = dispute.get("currency")
	return {
		"kind": DISPUTE_OPENED if event_type == "charge.dispute.created" else DISPUTE_CLOSED,
		"charge": _id(dispute.get("charge")),
		"payment_intent": _id(dispute.get("payment_intent")),
		"amount": _money(dispute.get("amount"), currency),
		"currency": _currency(currency),
		"dispute_status": dispute.get("status"),
		"metadata": _metadata(dispute.get("metadata")),
	}


def _read_unhandled(obj: Mapping[str, Any], event_type: str) -> dict[str, Any]:
	return {"kind": UNHANDLED, "metadata": _metadata(obj.get("metadata"))}


_READERS: dict[str, Callable[[Mapping[str, Any], str], dict[str, Any]]] = {
	"checkout.session.completed": _read_checkout_session,
	"checkout.session.async_payment_succeeded": _read_checkout_session,
	"checkout.session.async_payment_failed": _read_checkout_session,
	"checkout.session.expired": _read_checkout_session,
	"invoice.paid": _read_invoice,
	"invoice.payment_failed": _read_invoice,
	"customer.subscription.updated": _read_subscription,
	"customer.subscription.deleted": _read_subscription,
	"charge.refunded": _read_refund,
	"charge.dispute.created": _read_dispute,
	"charge.dispute.closed": _read_dispute,
}


# --- small readers of Stripe's JSON ------------------------------------------------------------------


def _dict(value: Any) -> Mapping[str, Any]:
	return value if isinstance(value, Mapping) else {}


def _first(stripe_list: Any) -> Mapping[str, Any]:
	data = _dict(stripe_list).get("data") or []
	return _dict(data[0]) if data else {}


def _id(value: Any) -> str | None:
	"""An object's id, whether Stripe sent the id itself or the expanded object."""
	if isinstance(value, str):
		return value or None
	if isinstance(value, Mapping) and isinstance(value.get("id"), str):
		return value["id"] or None
	return None


def _int(value: Any) -> int | None:
	return value if isinstance(value, int) and not isinstance(value, bool) else None


def _currency(value: Any) -> str | None:
	return value.upper() if isinstance(value, str) and value else None


def _money(minor: Any, currency: Any) -> Decimal | None:
	"""Stripe's minor units as a Decimal amount; None when the event carries no amount."""
	if minor is None:
		return None
	if not isinstance(currency, str) or not currency:
		raise MoneyError(f"amount {minor!r} comes without a currency")
	return from_minor_units(minor, currency)


def _settlement_rate(transaction: Any) -> Decimal | None:
	"""THB per unit of the charge's currency from an expanded balance transaction settled in THB.

	Stripe sends the balance transaction as an id unless the webhook asks for it expanded; then there is no
	rate to read. A transaction in THB itself (no conversion) has exchange_rate null.
	"""
	transaction = _dict(transaction)
	rate = transaction.get("exchange_rate")
	if _currency(transaction.get("currency")) != BASE_CURRENCY or isinstance(rate, bool):
		return None
	return _positive_decimal(rate)


def _conversion_rate(session: Mapping[str, Any]) -> Decimal | None:
	"""THB per unit of the session's currency when Adaptive Pricing showed a THB price in the donor's own
	currency: what the donor paid over what it was in THB (both totals in minor units)."""
	conversion = _dict(session.get("currency_conversion"))
	if _currency(conversion.get("source_currency")) != BASE_CURRENCY:
		return None
	paid, source = _int(session.get("amount_total")), _int(conversion.get("amount_total"))
	currency = _currency(session.get("currency"))
	if not paid or not source or not currency or paid <= 0 or source <= 0:
		return None
	try:
		rate = from_minor_units(source, BASE_CURRENCY) / from_minor_units(paid, currency)
	except MoneyError:
		return None
	return _positive_decimal(rate)


def _positive_decimal(value: Any) -> Decimal | None:
	"""A rate read as a Decimal (from its text, so 35.123456 stays exact), rounded to 6 places; None unless > 0."""
	if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
		return None
	try:
		number = Decimal(str(value))
	except ArithmeticError:
		return None
	if not number.is_finite() or number <= 0:
		return None
	return number.quantize(RATE_PLACES)


def _metadata(value: Any) -> dict[str, str]:
	return {str(key): str(item) for key, item in value.items()} if isinstance(value, Mapping) else {}


# --- decisions on parsed facts --------------------------------------------------------------------------

# Stripe subscription status -> LPN Recurring Donation status; None: leave the local status alone
# (past_due and unpaid are Stripe retrying; the nightly lapse check judges missed periods).
_SUBSCRIPTION_STATUSES = {
	"active": "Active",
	"trialing": "Active",
	"paused": "Paused",
	"canceled": "Cancelled",
	"incomplete_expired": "Cancelled",
}


def recurring_status_for(fact: StripeFact, current: str) -> str:
	"""The recurring gift's status after a customer.subscription.* event; a cancelled gift stays cancelled."""
	if current == "Cancelled":
		return current
	if fact.kind == SUBSCRIPTION_DELETED:
		return "Cancelled"
	status = _SUBSCRIPTION_STATUSES.get(fact.subscription_status or "", current)
	# A paused collection leaves Stripe's status "active": the gift is paused until it is resumed.
	return "Paused" if status == "Active" and fact.collection_paused else status


def is_stale(fact: StripeFact, applied_at: int | None) -> bool:
	"""Whether a customer.subscription.updated event is older than the subscription state the gift already
	has (from a later event, or from the answer to the app's own change). Stripe does not deliver events in
	order; skipping older ones makes the end state the same whichever arrives first. A deletion is never
	stale: it is final."""
	return fact.kind == SUBSCRIPTION_UPDATED and bool(applied_at) and fact.created < applied_at


def payment_mismatch(fact: StripeFact, amount: Decimal, currency: str) -> str | None:
	"""Why what Stripe collected differs from the local record (amount in major units), or None if it agrees."""
	if fact.amount is None or not fact.currency:
		return "Stripe did not say what it collected"
	if fact.currency != currency.upper():
		return f"Stripe collected {fact.currency}, the record is in {currency.upper()}"
	expected = quantize(amount, currency)
	if fact.amount != expected:
		return (
			f"Stripe collected {fact.amount} {fact.currency}, the record says {expected} {currency.upper()}"
		)
	return None


def gift_rate(currency: str, configured: Decimal | None, settled: Decimal | None) -> Decimal | None:
	"""THB per unit of `currency` for a payment: 1 for THB, else LPN's configured rate, else the rate Stripe
	settled the payment at; None when neither is known (the gift is then held for staff to enter one)."""
	if currency.upper() == BASE_CURRENCY:
		return Decimal(1)
	for rate in (configured, settled):
		if rate is not None and rate > 0:
			return rate
	return None


# Events that describe a payment: the first of them for a subscription the app never saw creates its gift.
PAYMENT_KINDS = (PAYMENT_SUCCEEDED, INVOICE_PAID, INVOICE_FAILED)


def new_subscription_gift_status(fact: StripeFact) -> str:
	"""The status of a recurring gift made from the first event of a subscription started outside the app.

	A later event moves it on exactly as it moves an app-made gift (Pending -> Active, anything ->
	Cancelled, never back from Cancelled), so any order of arrival ends in the same state.
	"""
	if fact.kind in (SUBSCRIPTION_UPDATED, SUBSCRIPTION_DELETED):
		return recurring_status_for(fact, "Pending")
	if fact.kind == INVOICE_FAILED:
		return "Pending"
	return "Active"
