"""Money as Decimal: parsing, rounding per currency, and the one conversion to Stripe minor units.

THB is the base currency. Amounts never pass through binary floating point: a float that arrives
from a Currency field is read through its shortest repr ("0.1" stays 0.1).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from lpn_crm.domain.errors import DomainError

# Stripe's zero-decimal currencies: amounts are sent as whole units (¥100 -> 100).
ZERO_DECIMAL_CURRENCIES: frozenset[str] = frozenset(
	{
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
	}
)
# Stripe's three-decimal currencies: amounts are sent in thousandths.
THREE_DECIMAL_CURRENCIES: frozenset[str] = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})

# LPN keeps its books in Thai baht: every gift has a base amount in it.
BASE_CURRENCY = "THB"
BASE_CURRENCY_PLACES = Decimal("0.01")


class MoneyError(DomainError):
	"""An amount, currency or rate that cannot be used as money."""


def to_decimal(value: object) -> Decimal:
	"""Read an amount from str, int, Decimal or float into a finite Decimal.

	Floats go through their repr, so 0.1 becomes Decimal("0.1") and not its binary approximation.
	None, booleans, NaN, infinities and unparsable text raise MoneyError.
	"""
	# bool is an int subclass: True must not quietly become one baht.
	if value is None or isinstance(value, bool):
		raise MoneyError("{0} is not an amount", repr(value))
	if isinstance(value, Decimal):
		result = value
	elif isinstance(value, int):
		result = Decimal(value)
	elif isinstance(value, float):
		result = Decimal(repr(value))
	elif isinstance(value, str):
		try:
			result = Decimal(value.strip())
		except InvalidOperation:
			raise MoneyError("{0} is not an amount", repr(value)) from None
	else:
		raise MoneyError("{0} is not an amount", repr(value))
	if not result.is_finite():
		raise MoneyError("{0} is not an amount", repr(value))
	return result


def _currency_code(currency: object) -> str:
	if not isinstance(currency, str):
		raise MoneyError("{0} is not a currency code", repr(currency))
	code = currency.strip().upper()
	if len(code) != 3 or not (code.isascii() and code.isalpha()):
		raise MoneyError("{0} is not a currency code: expected three letters such as THB", repr(currency))
	return code


def currency_exponent(currency: str) -> int:
	"""Number of decimal places of the currency's minor unit as Stripe counts them: 0, 2 or 3."""
	code = _currency_code(currency)
	if code in ZERO_DECIMAL_CURRENCIES:
		return 0
	if code in THREE_DECIMAL_CURRENCIES:
		return 3
	return 2


def _round(amount: Decimal, places: int) -> Decimal:
	try:
		return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
	except InvalidOperation:
		raise MoneyError("{0} is too large an amount", amount) from None


def quantize(amount: object, currency: str) -> Decimal:
	"""Round an amount half-up to the currency's minor unit (THB 2 places, JPY 0, KWD 3)."""
	return _round(to_decimal(amount), currency_exponent(currency))


def to_minor_units(amount: object, currency: str) -> int:
	"""Convert an amount to Stripe's integer minor units (THB 10.50 -> 1050, JPY 100 -> 100).

	This is the only place where that conversion happens. It never rounds: an amount finer than the
	currency allows (THB 10.005, JPY 100.5) or a negative amount raises MoneyError, because a payment
	must charge exactly what the document says.
	"""
	value = to_decimal(amount)
	exponent = currency_exponent(currency)
	if value < 0:
		raise MoneyError("{0} is negative: a payment amount cannot be negative", value)
	minor = value.scaleb(exponent)
	if minor != minor.to_integral_value():
		raise MoneyError(
			"{0} has more decimal places than {1} allows ({2})", value, _currency_code(currency), exponent
		)
	return int(minor)


def from_minor_units(minor: int, currency: str) -> Decimal:
	"""Convert Stripe's integer minor units back to an amount (1050 THB -> Decimal("10.50"))."""
	if isinstance(minor, bool) or not isinstance(minor, int):
		raise MoneyError("{0} is not a whole number of minor units", repr(minor))
	return Decimal(minor).scaleb(-currency_exponent(currency))


def base_amount(amount: object, exchange_rate: object) -> Decimal:
	"""The amount in THB: amount × exchange rate, rounded half-up to satang.

	The rate must be greater than zero.
	"""
	rate = to_decimal(exchange_rate)
	if rate <= 0:
		raise MoneyError("Exchange rate must be greater than zero, not {0}", rate)
	return _round(to_decimal(amount) * rate, 2)


def require_positive(amount: object, what: str = "Amount") -> Decimal:
	"""Return the amount as a Decimal, or raise MoneyError if it is zero or negative."""
	value = to_decimal(amount)
	if value <= 0:
		raise MoneyError("{0} must be greater than zero", what)
	return value
