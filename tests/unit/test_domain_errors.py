"""Domain errors carry a fixed template and its values, so the app translates the template, not built text.

Before: every domain error was raised with an f-string, and the app called `_(str(error))`, which no
translation file can match.
"""

from decimal import Decimal

import pytest

from lpn_crm.domain.checkout import GiftAmountError, StripeKeyError, key_mode, validate_gift_amount
from lpn_crm.domain.errors import DomainError
from lpn_crm.domain.money import MoneyError, require_positive, to_decimal
from lpn_crm.domain.thai_id import InvalidThaiID, validate_thai_id


def test_a_domain_error_keeps_its_template_and_values_apart():
	error = DomainError("{0} is not {1}", "a", 2)
	assert error.template == "{0} is not {1}"
	assert error.values == ("a", 2)
	assert str(error) == "a is not 2"
	assert isinstance(error, ValueError)


def test_a_template_without_values_is_the_message():
	error = DomainError("Nothing to format {here}")
	assert str(error) == "Nothing to format {here}" and error.values == ()


@pytest.mark.parametrize(
	("raises", "error_type", "template"),
	[
		(lambda: to_decimal("abc"), MoneyError, "{0} is not an amount"),
		(lambda: require_positive(0, "Amount"), MoneyError, "{0} must be greater than zero"),
		(lambda: validate_thai_id("12345"), InvalidThaiID, "A Thai ID number has 13 digits: {0} has {1}"),
		(lambda: validate_thai_id(""), InvalidThaiID, "A Thai ID number is required"),
		(
			lambda: key_mode("pk_test_abc"),
			StripeKeyError,
			"A Stripe secret key starts with sk_test_, sk_live_, rk_test_ or rk_live_",
		),
		(
			lambda: validate_gift_amount("5", "THB", None),
			GiftAmountError,
			"The smallest gift Stripe accepts in {0} is {1}, not {2}",
		),
	],
)
def test_domain_errors_a_person_reads_have_fixed_templates(raises, error_type, template):
	with pytest.raises(error_type) as caught:
		raises()
	assert isinstance(caught.value, DomainError)
	assert caught.value.template == template
	assert str(caught.value) == template.format(*caught.value.values)


def test_a_gift_amount_in_words_asks_for_figures_in_a_template_of_its_own():
	# a donor reads "Please enter the amount in figures", not the programmer's "'lots' is not an amount"
	with pytest.raises(GiftAmountError) as caught:
		validate_gift_amount("lots", "THB", None)
	assert caught.value.template == "Please enter the amount in figures, such as 500"
	assert caught.value.values == ()


def test_values_are_what_the_template_formats():
	with pytest.raises(GiftAmountError) as caught:
		validate_gift_amount(Decimal("100000"), "THB", Decimal("50000"))
	assert caught.value.values == ("THB", "50,000", "100,000")  # as a donor writes amounts
