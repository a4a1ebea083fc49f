"""Social-enterprise sales: line amounts and totals, the stock a sale takes, round-up gifts and margins.

Pure. A sale's goods are sales income; what the buyer adds (a round-up, a gift) is a donation of its own
and is never part of the total.
"""

from collections import OrderedDict
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from lpn_crm.domain.errors import DomainError
from lpn_crm.domain.money import BASE_CURRENCY, quantize, to_decimal


class SaleError(DomainError):
	"""A sale that cannot be recorded as it is."""


@dataclass(frozen=True)
class Line:
	product: str
	qty: Decimal
	rate: Decimal


def check_line(product: str, qty, rate, row: int, label: str | None = None) -> Line:
	"""A sale line with a positive quantity and a product that has a price (`label`: its name, for the
	message)."""
	qty = to_decimal(qty or 0)
	if qty <= 0:
		raise SaleError("Row {0}: the quantity of {1} must be more than zero", row, label or product)
	if rate is None or rate == "" or to_decimal(rate) <= 0:
		raise SaleError(
			"Row {0}: {1} has no price; set its price on the product first", row, label or product
		)
	return Line(product, qty, to_decimal(rate))


def line_amount(line: Line) -> Decimal:
	return _baht(line.qty * line.rate)


def sale_total(lines: list[Line]) -> Decimal:
	return sum((line_amount(line) for line in lines), Decimal(0))


def quantities(lines: list[Line]) -> "OrderedDict[str, Decimal]":
	"""The quantity taken of each product, products in name order (stock rows are locked in that order, so
	two sales of the same products never wait on each other in a circle)."""
	totals: dict[str, Decimal] = {}
	for line in lines:
		totals[line.product] = totals.get(line.product, Decimal(0)) + line.qty
	return OrderedDict(sorted(totals.items()))


def check_stock(product: str, wanted: Decimal, on_hand, back_orders: bool) -> None:
	"""More than is on hand only for a product that takes back-orders."""
	on_hand = to_decimal(on_hand or 0)
	if not back_orders and wanted > on_hand:
		raise SaleError("Only {0} of {1} in stock; {2} asked for", _plain(on_hand), product, _plain(wanted))


def round_up_gift(total, step=10) -> Decimal:
	"""The gift that rounds the total up to the next multiple of `step` baht (nothing if it is one)."""
	total, step = to_decimal(total), to_decimal(step)
	if step <= 0:
		raise SaleError("Round up to a positive amount, not {0}", step)
	rounded = (total / step).to_integral_value(rounding=ROUND_CEILING) * step
	return _baht(rounded - total)


def check_gift(amount) -> Decimal:
	amount = to_decimal(amount or 0)
	if amount < 0:
		raise SaleError("The added gift cannot be negative")
	return _baht(amount)


def margin(revenue, cost) -> tuple[Decimal | None, Decimal | None]:
	"""(margin, margin %) where the cost is known, else (None, None)."""
	if cost is None:
		return None, None
	revenue, cost = to_decimal(revenue or 0), to_decimal(cost)
	value = revenue - cost
	percent = _baht(value * 100 / revenue) if revenue else None
	return value, percent


def _baht(value: Decimal) -> Decimal:
	return quantize(value, BASE_CURRENCY)


def _plain(value: Decimal) -> str:
	return f"{value.normalize():f}"
