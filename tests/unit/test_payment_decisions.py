"""The payments module's pure decisions: key mode, suggested amounts, retry backoff, mismatches, statuses."""

import json
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from lpn_crm.domain import stripe_events as se
from lpn_crm.domain.checkout import StripeKeyError, key_mode, suggested_amounts
from lpn_crm.domain.retry import MAX_ATTEMPTS, next_retry_at

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "stripe"


def fact(name: str, **object_overrides) -> se.StripeFact:
	event = json.loads((FIXTURES / f"{name}.json").read_text())
	event["data"]["object"].update(object_overrides)
	return se.parse_event(event)


@pytest.mark.parametrize(
	("key", "mode"),
	[("sk_test_abc", "Test"), ("sk_live_abc", "Live"), ("rk_live_abc", "Live"), ("", None), (None, None)],
)
def test_mode_comes_from_the_key_prefix(key, mode):
	assert key_mode(key) == mode


@pytest.mark.parametrize("key", ["pk_test_abc", "sk_test_", "whsec_abc", "sk_prod_abc", "garbage"])
def test_keys_that_are_not_secret_keys_are_refused(key):
	with pytest.raises(StripeKeyError):
		key_mode(key)


def test_suggested_amounts_are_rounded_sorted_and_clean():
	assert suggested_amounts("1000, 300; 500, 300, abc, -5, 0", "THB") == [
		Decimal("300.00"),
		Decimal("500.00"),
		Decimal("1000.00"),
	]
	assert suggested_amounts(None, "USD") == []


def test_retry_backs_off_then_gives_up():
	now = datetime(2026, 11, 26, 12, 0)
	assert next_retry_at(1, now) == now + timedelta(minutes=15)
	assert next_retry_at(2, now) == now + timedelta(minutes=30)
	assert next_retry_at(7, now) == now + timedelta(hours=16)
	assert next_retry_at(9, now) == now + timedelta(days=1)
	assert next_retry_at(MAX_ATTEMPTS, now) is None


def test_payment_mismatch_names_amount_and_currency():
	paid = fact("checkout_session_completed_payment")
	assert se.payment_mismatch(paid, Decimal("1500"), "THB") is None
	assert "1500.00 THB" in se.payment_mismatch(paid, Decimal("15"), "THB")
	assert "USD" in se.payment_mismatch(paid, Decimal("1500"), "USD")


@pytest.mark.parametrize(
	("name", "stripe_status", "current", "expected"),
	[
		("customer_subscription_updated", "active", "Pending", "Active"),
		("customer_subscription_updated", "past_due", "Active", "Active"),
		("customer_subscription_updated", "paused", "Active", "Paused"),
		("customer_subscription_updated", "active", "Cancelled", "Cancelled"),
		("customer_subscription_deleted", "canceled", "Active", "Cancelled"),
	],
)
def test_recurring_status_follows_the_subscription(name, stripe_status, current, expected):
	assert se.recurring_status_for(fact(name, status=stripe_status), current) == expected
