from decimal import Decimal

import pytest

from lpn_crm.domain.money import (
	THREE_DECIMAL_CURRENCIES,
	ZERO_DECIMAL_CURRENCIES,
	MoneyError,
	base_amount,
	currency_exponent,
	from_minor_units,
	quantize,
	require_positive,
	to_decimal,
	to_minor_units,
)

# ---- to_decimal -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
	("value", "expected"),
	[
		("1500", Decimal("1500")),
		(" 12.50 ", Decimal("12.50")),
		("-3.25", Decimal("-3.25")),
		(42, Decimal("42")),
		(Decimal("9.99"), Decimal("9.99")),
		(0, Decimal("0")),
	],
)
def test_to_decimal_reads_text_ints_and_decimals(value, expected):
	assert to_decimal(value) == expected


def test_to_decimal_reads_float_through_repr_not_binary():
	# Decimal(0.1) would be 0.1000000000000000055511151231257827...
	assert to_decimal(0.1) == Decimal("0.1")
	assert str(to_decimal(0.1)) == "0.1"
	assert to_decimal(1500.0) == Decimal("1500")
	assert to_decimal(0.1) + to_decimal(0.2) == Decimal("0.3")


def test_to_decimal_returns_a_decimal():
	assert isinstance(to_decimal(7), Decimal)
	assert isinstance(to_decimal("7"), Decimal)


@pytest.mark.parametrize(
	"value",
	[None, True, False, "", "   ", "abc", "12,50", "1.2.3", "NaN", "nan", "Infinity", "-inf", "sNaN"],
)
def test_to_decimal_rejects_what_is_not_an_amount(value):
	with pytest.raises(MoneyError, match="is not an amount"):
		to_decimal(value)


@pytest.mark.parametrize(
	"value", [float("nan"), float("inf"), float("-inf"), Decimal("NaN"), Decimal("-Infinity")]
)
def test_to_decimal_rejects_non_finite_numbers(value):
	with pytest.raises(MoneyError, match="is not an amount"):
		to_decimal(value)


@pytest.mark.parametrize("value", [[1], {"amount": 1}, object(), b"12"])
def test_to_decimal_rejects_other_types(value):
	with pytest.raises(MoneyError):
		to_decimal(value)


def test_money_error_is_a_value_error():
	assert issubclass(MoneyError, ValueError)


# ---- currency_exponent ----------------------------------------------------------------------------


def test_currency_lists_match_stripe():
	assert {
		"BIF",
		"CLP",
		"DJF",
		"GNF",
		"JPY",
		"KMF",
		"KRW",
		"MGA",
		"PYG",
		"RWF",
		"UGX",
		"VND",
		"VUV",
		"XAF",
		"XOF",
		"XPF",
	} == ZERO_DECIMAL_CURRENCIES
	assert {"BHD", "JOD", "KWD", "OMR", "TND"} == THREE_DECIMAL_CURRENCIES
	assert isinstance(ZERO_DECIMAL_CURRENCIES, frozenset)


@pytest.mark.parametrize(
	("currency", "exponent"),
	[
		("THB", 2),
		("USD", 2),
		("EUR", 2),
		("MMK", 2),
		("JPY", 0),
		("KRW", 0),
		("VND", 0),
		("KWD", 3),
		("BHD", 3),
	],
)
def test_currency_exponent(currency, exponent):
	assert currency_exponent(currency) == exponent


def test_currency_exponent_ignores_case():
	assert currency_exponent("jpy") == 0
	assert currency_exponent("Kwd") == 3
	assert currency_exponent("thb") == 2


@pytest.mark.parametrize("currency", ["", "TH", "THBX", "T1B", "บาท", "ÉUR", None, 764])
def test_currency_exponent_rejects_malformed_codes(currency):
	with pytest.raises(MoneyError, match="currency code"):
		currency_exponent(currency)


# ---- quantize -------------------------------------------------------------------------------------


def test_quantize_rounds_half_up_to_two_places_for_thb():
	assert quantize("10.005", "THB") == Decimal("10.01")
	assert quantize("10.004", "THB") == Decimal("10.00")
	assert str(quantize(5, "THB")) == "5.00"


def test_quantize_uses_the_currency_exponent():
	assert quantize("100.5", "JPY") == Decimal("101")
	assert str(quantize("100.4", "JPY")) == "100"
	assert str(quantize("1.2345", "KWD")) == "1.235"


def test_quantize_rounds_negative_halves_away_from_zero():
	assert quantize("-2.345", "THB") == Decimal("-2.35")


def test_quantize_of_float_is_not_fooled_by_binary():
	# 1.005 as a binary float is 1.00499999999999989..., yet it was typed as 1.005.
	assert quantize(1.005, "THB") == Decimal("1.01")


def test_quantize_rejects_amounts_beyond_decimal_precision():
	with pytest.raises(MoneyError, match="too large"):
		quantize(Decimal("1e40"), "THB")


# ---- to_minor_units / from_minor_units ------------------------------------------------------------


@pytest.mark.parametrize(
	("amount", "currency", "minor"),
	[
		("10.50", "THB", 1050),
		(Decimal("1500"), "THB", 150000),
		(1500.0, "THB", 150000),
		(0.29, "THB", 29),
		("100", "JPY", 100),
		("1.234", "KWD", 1234),
		("0", "THB", 0),
		("10.0000", "THB", 1000),
		(19.99, "usd", 1999),
	],
)
def test_to_minor_units(amount, currency, minor):
	assert to_minor_units(amount, currency) == minor
	assert type(to_minor_units(amount, currency)) is int


@pytest.mark.parametrize(
	("amount", "currency"),
	[("10.005", "THB"), ("100.5", "JPY"), ("1.2345", "KWD"), ("0.001", "USD"), ("10.0050", "THB")],
)
def test_to_minor_units_never_rounds(amount, currency):
	with pytest.raises(MoneyError, match="more decimal places than"):
		to_minor_units(amount, currency)


def test_to_minor_units_names_the_currency_and_its_places():
	with pytest.raises(MoneyError, match=r"JPY allows \(0\)"):
		to_minor_units("100.5", "jpy")


def test_to_minor_units_rejects_negative_amounts():
	with pytest.raises(MoneyError, match="negative"):
		to_minor_units("-1.00", "THB")


def test_to_minor_units_rejects_bad_currency_and_amount():
	with pytest.raises(MoneyError):
		to_minor_units("10", "BAHT")
	with pytest.raises(MoneyError):
		to_minor_units(None, "THB")


@pytest.mark.parametrize(
	("minor", "currency", "text"),
	[
		(1050, "THB", "10.50"),
		(100, "THB", "1.00"),
		(100, "JPY", "100"),
		(1234, "KWD", "1.234"),
		(0, "THB", "0.00"),
	],
)
def test_from_minor_units(minor, currency, text):
	assert str(from_minor_units(minor, currency)) == text


def test_minor_units_round_trip():
	for amount in ("0.01", "9.99", "1500.00", "123456789.12"):
		assert from_minor_units(to_minor_units(amount, "THB"), "THB") == Decimal(amount)


def test_from_minor_units_keeps_the_sign_of_refund_balances():
	assert from_minor_units(-250, "THB") == Decimal("-2.50")


@pytest.mark.parametrize("minor", [10.5, "1050", True, None])
def test_from_minor_units_needs_an_int(minor):
	with pytest.raises(MoneyError, match="minor units"):
		from_minor_units(minor, "THB")


# ---- base_amount ----------------------------------------------------------------------------------


def test_base_amount_converts_and_rounds_half_up_to_satang():
	assert base_amount("100", "35.125") == Decimal("3512.50")
	assert base_amount("10", "0.0015") == Decimal("0.02")  # 0.015 rounds up
	assert base_amount("10", "0.0014") == Decimal("0.01")


def test_base_amount_of_thb_at_rate_one_is_itself():
	assert base_amount("1500", 1) == Decimal("1500.00")
	assert str(base_amount(1500, 1)) == "1500.00"


def test_base_amount_accepts_float_rates_without_binary_noise():
	assert base_amount("3", 0.1) == Decimal("0.30")


@pytest.mark.parametrize("rate", [0, "0", -1, "-35.5"])
def test_base_amount_needs_a_positive_rate(rate):
	with pytest.raises(MoneyError, match="Exchange rate must be greater than zero"):
		base_amount("100", rate)


def test_base_amount_rejects_a_missing_rate():
	with pytest.raises(MoneyError, match="is not an amount"):
		base_amount("100", None)


# ---- require_positive -----------------------------------------------------------------------------


def test_require_positive_returns_the_decimal():
	assert require_positive("0.01") == Decimal("0.01")
	assert require_positive(500) == Decimal("500")


@pytest.mark.parametrize("amount", [0, "0.00", "-5", -0.01])
def test_require_positive_rejects_zero_and_negative(amount):
	with pytest.raises(MoneyError, match=r"^Amount must be greater than zero$"):
		require_positive(amount)


def test_require_positive_names_what_was_checked():
	with pytest.raises(MoneyError, match=r"^Monthly amount must be greater than zero$"):
		require_positive("0", "Monthly amount")


def test_require_positive_rejects_non_amounts():
	with pytest.raises(MoneyError, match="is not an amount"):
		require_positive("ten baht")
