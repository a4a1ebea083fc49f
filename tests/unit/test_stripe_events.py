"""Stripe events (the sample bodies in fixtures/stripe) read into StripeFacts."""

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from lpn_crm.domain import stripe_events as se
from lpn_crm.domain.stripe_events import StripeEventError, metadata_ref, parse_event

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "stripe"

EXPECTED_KINDS = {
	"checkout_session_completed_payment": se.PAYMENT_SUCCEEDED,
	"checkout_session_completed_unpaid_promptpay": se.PAYMENT_PENDING,
	"checkout_session_completed_subscription": se.PAYMENT_SUCCEEDED,
	"checkout_session_async_payment_succeeded": se.PAYMENT_SUCCEEDED,
	"checkout_session_async_payment_failed": se.PAYMENT_FAILED,
	"checkout_session_expired": se.CHECKOUT_EXPIRED,
	"invoice_paid": se.INVOICE_PAID,
	"invoice_paid_legacy": se.INVOICE_PAID,
	"invoice_payment_failed": se.INVOICE_FAILED,
	"customer_subscription_updated": se.SUBSCRIPTION_UPDATED,
	"customer_subscription_deleted": se.SUBSCRIPTION_DELETED,
	"charge_refunded_partial": se.REFUND,
	"charge_refunded_full": se.REFUND,
	"charge_dispute_created": se.DISPUTE_OPENED,
	"charge_dispute_closed": se.DISPUTE_CLOSED,
	"payment_link_checkout_completed": se.PAYMENT_SUCCEEDED,
	"unknown_event": se.UNHANDLED,
}

ONE_OFF = ("LPN Donation", "DON-2025-000042")
MONTHLY = ("LPN Recurring Donation", "RCG-00007")


def load(name: str) -> dict:
	return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def fact(name: str) -> se.StripeFact:
	return parse_event(load(name))


def test_every_fixture_has_an_expected_kind():
	assert {path.stem for path in FIXTURES.glob("*.json")} == set(EXPECTED_KINDS)


@pytest.mark.parametrize("name", sorted(EXPECTED_KINDS))
def test_fixture_parses_to_its_kind(name):
	event = load(name)
	result = parse_event(event)
	assert result.kind == EXPECTED_KINDS[name]
	assert result.event_id == event["id"] and result.event_id.startswith("evt_")
	assert result.event_type == event["type"]
	assert result.created == event["created"]
	assert result.livemode is False
	assert result.object_id == event["data"]["object"]["id"]
	assert result.currency in (None, "THB")
	assert all(isinstance(v, str) for v in result.metadata.values())


def test_one_off_thb_payment():
	result = fact("checkout_session_completed_payment")
	assert result.checkout_session.startswith("cs_test_")
	assert result.payment_intent == "pi_3SXLPNoneoff0001"
	assert result.customer == "cus_TUa4LPNdonor01"
	assert result.customer_email == "somchai.donor@example.org"
	assert result.customer_name == "Somchai Jaidee"
	assert result.amount == Decimal("1500.00") and isinstance(result.amount, Decimal)
	assert result.currency == "THB"
	assert result.subscription is None and result.invoice is None
	assert metadata_ref(result) == ONE_OFF


def test_promptpay_awaiting_payment_is_pending_then_succeeds_or_fails_on_the_same_session():
	pending = fact("checkout_session_completed_unpaid_promptpay")
	succeeded = fact("checkout_session_async_payment_succeeded")
	failed = fact("checkout_session_async_payment_failed")
	assert (pending.kind, succeeded.kind, failed.kind) == (
		se.PAYMENT_PENDING,
		se.PAYMENT_SUCCEEDED,
		se.PAYMENT_FAILED,
	)
	assert pending.checkout_session == succeeded.checkout_session == failed.checkout_session
	assert pending.payment_intent == succeeded.payment_intent == "pi_3SXLPNprompt0002"
	assert succeeded.amount == Decimal("500.00")
	assert metadata_ref(succeeded) == ("LPN Donation", "DON-2025-000043")


def test_no_payment_required_counts_as_succeeded_with_amount_zero():
	event = load("checkout_session_completed_payment")
	event["data"]["object"].update(payment_status="no_payment_required", amount_total=0)
	result = parse_event(event)
	assert result.kind == se.PAYMENT_SUCCEEDED
	assert result.amount == Decimal("0")


def test_expired_session():
	result = fact("checkout_session_expired")
	assert result.kind == se.CHECKOUT_EXPIRED
	assert result.customer_email is None and result.payment_intent is None
	assert metadata_ref(result) == ("LPN Donation", "DON-2025-000044")


def test_subscription_checkout_names_the_subscription_and_its_first_invoice():
	result = fact("checkout_session_completed_subscription")
	assert result.subscription == "sub_1SXLPNmonthly0007"
	assert result.invoice == "in_1SXLPNfirst00007"
	assert result.payment_intent is None
	assert result.amount == Decimal("1000.00")
	assert metadata_ref(result) == MONTHLY


def test_invoice_paid_new_shape():
	result = fact("invoice_paid")
	assert result.invoice == "in_1SYLPNrenew00007"
	assert result.subscription == "sub_1SXLPNmonthly0007"
	assert result.payment_intent == "pi_3SXLPNmonthly004"
	assert result.amount == Decimal("1000.00")
	assert result.customer_email == "aye.monthly@example.org"
	assert result.customer_name == "Aye Aye Mar"
	assert result.billing_reason == "subscription_cycle"
	assert metadata_ref(result) == MONTHLY
	lines = load("invoice_paid")["data"]["object"]["lines"]["data"]
	assert (result.period_start, result.period_end) == (
		lines[0]["period"]["start"],
		lines[0]["period"]["end"],
	)


def test_legacy_and_new_invoice_shapes_give_the_same_fact():
	new, legacy = fact("invoice_paid"), fact("invoice_paid_legacy")
	assert load("invoice_paid_legacy")["api_version"] == "2024-06-20"
	assert "subscription" not in load("invoice_paid")["data"]["object"]
	for name in ("subscription", "payment_intent", "invoice", "amount", "currency", "metadata", "customer"):
		assert getattr(new, name) == getattr(legacy, name), name
	assert (new.period_start, new.period_end) == (legacy.period_start, legacy.period_end)
	assert legacy.charge == "ch_3SXLPNmonthly004"


def test_invoice_without_payments_list_has_no_payment_intent():
	event = load("invoice_paid")
	del event["data"]["object"]["payments"]
	result = parse_event(event)
	assert result.payment_intent is None and result.charge is None
	assert result.subscription == "sub_1SXLPNmonthly0007"


def test_invoice_payment_failed_reports_what_was_due():
	result = fact("invoice_payment_failed")
	assert result.kind == se.INVOICE_FAILED
	assert result.amount == Decimal("1000.00")
	assert result.subscription == "sub_1SXLPNmonthly0007"
	assert result.payment_intent == "pi_3SZLPNmonthfail08"
	assert metadata_ref(result) == MONTHLY


def test_subscription_updated_and_deleted():
	updated, deleted = fact("customer_subscription_updated"), fact("customer_subscription_deleted")
	assert (updated.subscription_status, updated.cancel_at_period_end) == ("active", True)
	assert deleted.subscription_status == "canceled"
	assert updated.subscription == deleted.subscription == "sub_1SXLPNmonthly0007"
	assert updated.customer == "cus_TUa4LPNmonth02"
	assert updated.amount == Decimal("1000.00") and updated.currency == "THB"
	item = load("customer_subscription_updated")["data"]["object"]["items"]["data"][0]
	assert (updated.period_start, updated.period_end) == (
		item["current_period_start"],
		item["current_period_end"],
	)
	assert metadata_ref(updated) == MONTHLY


def test_legacy_subscription_period_on_the_subscription():
	event = load("customer_subscription_updated")
	obj = event["data"]["object"]
	for item in obj["items"]["data"]:
		del item["current_period_start"], item["current_period_end"]
	obj.update(current_period_start=100, current_period_end=200)
	result = parse_event(event)
	assert (result.period_start, result.period_end) == (100, 200)


def test_partial_and_full_refund():
	partial, full = fact("charge_refunded_partial"), fact("charge_refunded_full")
	assert partial.amount == full.amount == Decimal("1500.00")
	assert partial.amount_refunded == Decimal("500.00") and partial.refund_is_full is False
	assert full.amount_refunded == Decimal("1500.00") and full.refund_is_full is True
	assert partial.charge == "ch_3SXLPNoneoff0001" and partial.payment_intent == "pi_3SXLPNoneoff0001"
	assert partial.customer_email == "somchai.donor@example.org"
	assert metadata_ref(partial) == ONE_OFF


def test_disputes():
	opened, closed = fact("charge_dispute_created"), fact("charge_dispute_closed")
	assert opened.dispute_status == "needs_response"
	assert closed.dispute_status == "lost"
	assert opened.charge == closed.charge == "ch_3SXLPNoneoff0001"
	assert opened.payment_intent == "pi_3SXLPNoneoff0001"
	assert opened.amount == Decimal("1500.00") and opened.currency == "THB"
	assert opened.object_id.startswith("du_")


def test_payment_link_payment_has_no_local_record_but_an_email():
	result = fact("payment_link_checkout_completed")
	assert result.kind == se.PAYMENT_SUCCEEDED
	assert metadata_ref(result) is None
	assert result.metadata == {}
	assert result.customer is None
	assert result.customer_email == "walkin.giver@example.com"
	assert result.payment_link == "plink_1SXLPNgeneral01"
	assert result.amount == Decimal("2000.00")


def test_unknown_event_is_unhandled():
	result = fact("unknown_event")
	assert result.kind == se.UNHANDLED
	assert result.event_type == "product.created"
	assert result.amount is None


def test_expanded_objects_give_their_ids():
	event = load("checkout_session_completed_payment")
	obj = event["data"]["object"]
	obj["customer"] = {"id": "cus_expanded", "object": "customer", "email": "x@example.org"}
	obj["payment_intent"] = {"id": "pi_expanded", "object": "payment_intent"}
	result = parse_event(event)
	assert (result.customer, result.payment_intent) == ("cus_expanded", "pi_expanded")


def test_zero_decimal_currency_amount():
	event = load("checkout_session_completed_payment")
	event["data"]["object"].update(currency="jpy", amount_total=5000)
	result = parse_event(event)
	assert (result.amount, result.currency) == (Decimal("5000"), "JPY")


def test_metadata_values_become_strings_and_merge_invoice_sources():
	event = load("invoice_paid")
	obj = event["data"]["object"]
	obj["metadata"] = {"campaign": 12, "lpn_name": "overridden"}
	result = parse_event(event)
	assert result.metadata["campaign"] == "12"
	assert result.metadata["lpn_name"] == "RCG-00007"


def test_metadata_ref_needs_both_keys():
	event = load("checkout_session_completed_payment")
	event["data"]["object"]["metadata"] = {"lpn_name": "DON-2025-000042"}
	assert metadata_ref(parse_event(event)) is None


def test_fact_is_frozen():
	result = fact("checkout_session_completed_payment")
	with pytest.raises(AttributeError):
		result.kind = se.REFUND


def bad(mutate) -> dict:
	event = copy.deepcopy(load("checkout_session_completed_payment"))
	mutate(event)
	return event


@pytest.mark.parametrize(
	"event",
	[
		pytest.param(bad(lambda e: e.pop("id")), id="no-id"),
		pytest.param(bad(lambda e: e.update(id="")), id="empty-id"),
		pytest.param(bad(lambda e: e.pop("type")), id="no-type"),
		pytest.param(bad(lambda e: e.pop("data")), id="no-data"),
		pytest.param(bad(lambda e: e["data"].pop("object")), id="no-object"),
		pytest.param(bad(lambda e: e["data"].update(object="cs_test_x")), id="object-not-a-dict"),
		pytest.param(bad(lambda e: e["data"]["object"].update(currency=None)), id="amount-without-currency"),
		pytest.param(bad(lambda e: e["data"]["object"].update(amount_total="150000")), id="amount-not-int"),
		pytest.param(["not", "an", "event"], id="not-a-dict"),
	],
)
def test_bad_events_raise(event):
	with pytest.raises(StripeEventError):
		parse_event(event)


def test_stripe_event_error_is_a_value_error():
	assert issubclass(StripeEventError, ValueError)


# --- the rate Stripe converted at, and gifts made from subscriptions started outside the app -------------


def test_events_without_a_conversion_carry_no_settled_rate():
	assert all(fact(name).settled_rate is None for name in EXPECTED_KINDS)


def test_an_expanded_balance_transaction_settled_in_thb_gives_the_rate():
	event = load("charge_refunded_partial")
	event["data"]["object"].update(
		currency="usd",
		amount=2500,
		amount_refunded=500,
		balance_transaction={"id": "txn_1", "currency": "thb", "exchange_rate": 35.123456, "amount": 87808},
	)
	assert parse_event(event).settled_rate == Decimal("35.123456")


@pytest.mark.parametrize(
	"transaction",
	[
		pytest.param("txn_1", id="not-expanded"),
		pytest.param({"currency": "usd", "exchange_rate": 1.1}, id="settled-in-another-currency"),
		pytest.param({"currency": "thb", "exchange_rate": None}, id="no-conversion"),
		pytest.param({"currency": "thb", "exchange_rate": 0}, id="zero"),
		pytest.param({"currency": "thb", "exchange_rate": True}, id="not-a-number"),
		pytest.param({"currency": "thb", "exchange_rate": "abc"}, id="text"),
	],
)
def test_no_usable_balance_transaction_gives_no_rate(transaction):
	event = load("charge_refunded_partial")
	event["data"]["object"]["balance_transaction"] = transaction
	assert parse_event(event).settled_rate is None


def test_an_expanded_invoice_charge_gives_the_rate():
	event = load("invoice_paid_legacy")
	event["data"]["object"]["charge"] = {
		"id": "ch_1",
		"balance_transaction": {"currency": "thb", "exchange_rate": "36.5"},
	}
	result = parse_event(event)
	assert (result.settled_rate, result.charge) == (Decimal("36.500000"), "ch_1")


def test_adaptive_pricing_of_a_thb_price_gives_the_rate():
	event = load("payment_link_checkout_completed")
	event["data"]["object"].update(
		currency="usd",
		amount_total=5710,
		currency_conversion={"source_currency": "thb", "amount_total": 200000, "fx_rate": "0.02855"},
	)
	result = parse_event(event)
	assert (result.amount, result.currency) == (Decimal("57.10"), "USD")
	assert result.settled_rate == Decimal("35.026270")


def test_adaptive_pricing_from_another_currency_gives_no_rate():
	event = load("payment_link_checkout_completed")
	event["data"]["object"].update(
		currency="usd", currency_conversion={"source_currency": "eur", "amount_total": 1800}
	)
	assert parse_event(event).settled_rate is None


@pytest.mark.parametrize(
	("currency", "configured", "settled", "expected"),
	[
		("THB", None, None, Decimal(1)),
		("thb", Decimal(30), Decimal(31), Decimal(1)),
		("USD", Decimal(35), Decimal("35.5"), Decimal(35)),
		("USD", None, Decimal("35.5"), Decimal("35.5")),
		("USD", Decimal(0), Decimal("35.5"), Decimal("35.5")),
		("GBP", None, None, None),
		("GBP", Decimal(0), None, None),
	],
)
def test_gift_rate_prefers_the_configured_rate_then_stripes(currency, configured, settled, expected):
	assert se.gift_rate(currency, configured, settled) == expected


@pytest.mark.parametrize(
	("name", "status", "expected"),
	[
		("checkout_session_completed_subscription", None, "Active"),
		("invoice_paid", None, "Active"),
		("invoice_payment_failed", None, "Pending"),
		("customer_subscription_updated", "active", "Active"),
		("customer_subscription_updated", "past_due", "Pending"),
		("customer_subscription_updated", "paused", "Paused"),
		("customer_subscription_updated", "canceled", "Cancelled"),
		("customer_subscription_deleted", None, "Cancelled"),
	],
)
def test_a_subscription_started_outside_the_app_starts_in_the_state_its_event_says(name, status, expected):
	event = load(name)
	if status:
		event["data"]["object"]["status"] = status
	assert se.new_subscription_gift_status(parse_event(event)) == expected


@pytest.mark.parametrize(
	("recurring", "expected"),
	[
		({"interval": "month", "interval_count": 1}, "Monthly"),
		({"interval": "month"}, "Monthly"),
		({"interval": "month", "interval_count": 3}, "Quarterly"),
		({"interval": "year", "interval_count": 1}, "Yearly"),
		({"interval": "month", "interval_count": 12}, "Yearly"),
		({"interval": "week", "interval_count": 1}, None),
		({"interval": "month", "interval_count": 2}, None),
		(None, None),
	],
)
def test_a_subscription_says_how_often_it_charges(recurring, expected):
	event = load("customer_subscription_updated")
	price = event["data"]["object"]["items"]["data"][0]["price"]
	price.pop("recurring", None)
	if recurring is not None:
		price["recurring"] = recurring
	assert parse_event(event).frequency == expected


def test_other_events_do_not_say_how_often():
	assert fact("invoice_paid").frequency is None
	assert fact("checkout_session_completed_subscription").frequency is None
