"""Gift amounts and the Checkout Session params sent to Stripe."""

from decimal import Decimal

import pytest

from lpn_crm.domain.checkout import (
	MINIMUM_AMOUNTS,
	GiftAmountError,
	checkout_session_params,
	display_amount,
	idempotency_key,
	new_checkout_token,
	validate_gift_amount,
)
from lpn_crm.domain.money import MoneyError

META = {"lpn_doctype": "LPN Donation", "lpn_name": "DON-2025-000042"}


def params(**overrides) -> dict:
	args = {
		"mode": "payment",
		"amount": Decimal("1500"),
		"currency": "THB",
		"customer": "cus_TUa4LPNdonor01",
		"success_url": "https://lpn.localhost/give/thanks",
		"cancel_url": "https://lpn.localhost/give",
		"metadata": dict(META),
		"description": "Gift to the Labour Protection Network",
	}
	args.update(overrides)
	return checkout_session_params(**args)


def test_one_off_thb_offers_card_and_promptpay():
	result = params()
	assert result["mode"] == "payment"
	assert result["payment_method_types"] == ["card", "promptpay"]
	assert result["line_items"] == [
		{
			"price_data": {
				"currency": "thb",
				"unit_amount": 150000,
				"product_data": {"name": "Gift to the Labour Protection Network"},
			},
			"quantity": 1,
		}
	]
	assert result["customer"] == "cus_TUa4LPNdonor01"
	assert result["client_reference_id"] == "DON-2025-000042"
	assert result["metadata"] == META
	assert result["payment_intent_data"]["metadata"] == META
	assert "subscription_data" not in result
	assert result["cancel_url"] == "https://lpn.localhost/give"
	assert result["locale"] == "auto"


def test_usd_one_off_is_card_only():
	result = params(currency="usd", amount=Decimal("25.50"))
	assert result["payment_method_types"] == ["card"]
	assert result["line_items"][0]["price_data"]["currency"] == "usd"
	assert result["line_items"][0]["price_data"]["unit_amount"] == 2550


def test_monthly_thb_subscription_is_card_only_and_recurring():
	result = params(
		mode="subscription",
		amount=Decimal("1000"),
		metadata={"lpn_doctype": "LPN Recurring Donation", "lpn_name": "RCG-00007"},
	)
	assert result["mode"] == "subscription"
	assert result["payment_method_types"] == ["card"]
	price = result["line_items"][0]["price_data"]
	assert price["recurring"] == {"interval": "month"}
	assert price["unit_amount"] == 100000
	assert result["subscription_data"]["metadata"] == {
		"lpn_doctype": "LPN Recurring Donation",
		"lpn_name": "RCG-00007",
	}
	assert "payment_intent_data" not in result
	assert result["client_reference_id"] == "RCG-00007"


def test_one_off_has_no_recurring_price():
	assert "recurring" not in params()["line_items"][0]["price_data"]


def test_zero_decimal_currency_is_sent_in_whole_units():
	assert (
		params(currency="JPY", amount=Decimal("3000"))["line_items"][0]["price_data"]["unit_amount"] == 3000
	)


def test_amount_finer_than_the_currency_is_refused_not_rounded():
	with pytest.raises(MoneyError):
		params(amount=Decimal("10.005"))


def test_metadata_is_copied_not_shared():
	metadata = dict(META)
	result = params(metadata=metadata)
	metadata["lpn_name"] = "changed"
	assert result["metadata"]["lpn_name"] == "DON-2025-000042"
	assert result["payment_intent_data"]["metadata"] is not result["metadata"]


@pytest.mark.parametrize(
	"url, expected",
	[
		(
			"https://lpn.localhost/give/thanks",
			"https://lpn.localhost/give/thanks?session_id={CHECKOUT_SESSION_ID}",
		),
		(
			"https://lpn.localhost/thanks?lang=th",
			"https://lpn.localhost/thanks?lang=th&session_id={CHECKOUT_SESSION_ID}",
		),
		(
			"https://lpn.localhost/thanks?s={CHECKOUT_SESSION_ID}",
			"https://lpn.localhost/thanks?s={CHECKOUT_SESSION_ID}",
		),
	],
)
def test_success_url_carries_the_session_placeholder(url, expected):
	assert params(success_url=url)["success_url"] == expected


def test_locale_is_passed_through():
	assert params(locale="th")["locale"] == "th"


def test_bad_mode_is_refused():
	with pytest.raises(ValueError, match="setup"):
		params(mode="setup")


def test_metadata_must_name_the_record():
	with pytest.raises(ValueError, match="lpn_name"):
		params(metadata={"lpn_doctype": "LPN Donation"})


def test_idempotency_key_is_deterministic_and_distinct():
	key = idempotency_key("LPN Donation", "DON-2025-000042", "checkout")
	assert key == idempotency_key("LPN Donation", "DON-2025-000042", "checkout")
	assert key.startswith("lpn-") and len(key) <= 255
	others = {
		idempotency_key("LPN Donation", "DON-2025-000043", "checkout"),
		idempotency_key("LPN Donation", "DON-2025-000042", "refund"),
		idempotency_key("LPN Recurring Donation", "DON-2025-000042", "checkout"),
		# the separator keeps ("a b", "c") and ("a", "b c") apart
		idempotency_key("LPN Donation", "DON-2025-000042checkout", ""),
	}
	assert key not in others and len(others) == 4


def test_valid_gift_amount_is_quantized():
	assert validate_gift_amount("500", "THB", None) == Decimal("500.00")
	assert validate_gift_amount(Decimal("10"), "thb", Decimal("100000")) == Decimal("10.00")
	assert validate_gift_amount(Decimal("0.50"), "USD", None) == Decimal("0.50")
	assert validate_gift_amount(Decimal("3000"), "JPY", None) == Decimal("3000")


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5"), "0.00"])
def test_gift_must_be_positive(amount):
	with pytest.raises(GiftAmountError, match="greater than zero"):
		validate_gift_amount(amount, "THB", None)


def test_gift_below_stripe_minimum():
	with pytest.raises(GiftAmountError, match=r"The smallest gift Stripe accepts in THB is 10, not 9\.99"):
		validate_gift_amount(Decimal("9.99"), "THB", None)
	with pytest.raises(GiftAmountError, match=r"in USD is 0\.50"):
		validate_gift_amount(Decimal("0.49"), "usd", None)


def test_unknown_currency_minimum_is_one():
	with pytest.raises(GiftAmountError, match=r"in SGD is 1, not 0\.99"):
		validate_gift_amount(Decimal("0.99"), "SGD", None)
	assert MINIMUM_AMOUNTS["THB"] == Decimal("10")


def test_gift_above_cap():
	with pytest.raises(GiftAmountError, match=r"limited to 50,000, not 50,000\.01"):
		validate_gift_amount(Decimal("50000.01"), "THB", Decimal("50000"))
	assert validate_gift_amount(Decimal("50000"), "THB", Decimal("50000")) == Decimal("50000.00")


@pytest.mark.parametrize("amount", [None, "", "  "])
def test_an_empty_amount_asks_for_one(amount):
	with pytest.raises(GiftAmountError, match="Please enter an amount"):
		validate_gift_amount(amount, "THB", None)


def test_words_ask_for_figures():
	with pytest.raises(GiftAmountError, match="in figures"):
		validate_gift_amount("ten", "THB", None)


def test_amounts_read_as_a_donor_writes_them():
	assert display_amount(Decimal("200000"), "THB") == "200,000"
	assert display_amount(Decimal("0.5"), "USD") == "0.50"
	assert display_amount(Decimal("1234.5"), "THB") == "1,234.50"
	assert display_amount(Decimal("3000"), "JPY") == "3,000"


@pytest.mark.parametrize("amount", [None, "ten", float("nan"), True])
def test_unreadable_gift_amount(amount):
	with pytest.raises(GiftAmountError):
		validate_gift_amount(amount, "THB", None)


def test_gift_amount_error_is_a_value_error():
	assert issubclass(GiftAmountError, ValueError)


def test_a_guest_checkout_gets_the_email_and_a_new_customer_never_a_customer_id():
	one_off = params(customer=None, customer_email="guest@example.org")
	assert "customer" not in one_off
	assert (one_off["customer_email"], one_off["customer_creation"]) == ("guest@example.org", "always")
	monthly = params(mode="subscription", customer=None, customer_email="guest@example.org")
	# Subscription mode always makes a customer; Stripe refuses customer_creation there.
	assert "customer" not in monthly and "customer_creation" not in monthly
	assert monthly["customer_email"] == "guest@example.org"


def test_a_logged_in_donors_checkout_runs_as_their_customer_without_the_email():
	result = params(customer="cus_own", customer_email="own@example.org")
	assert result["customer"] == "cus_own"
	assert "customer_email" not in result and "customer_creation" not in result


def test_a_checkout_needs_a_customer_or_an_email():
	with pytest.raises(ValueError):
		params(customer=None)


def test_checkout_tokens_are_random_and_long():
	tokens = {new_checkout_token() for _ in range(50)}
	assert len(tokens) == 50
	assert all(len(token) >= 32 for token in tokens)
