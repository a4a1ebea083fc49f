"""Social-enterprise sales rules (lpn_crm.domain.sales)."""

from decimal import Decimal

import pytest

from lpn_crm.domain import sales


@pytest.mark.parametrize("qty", [0, -1, "0", None])
def test_a_line_needs_a_positive_quantity(qty):
	with pytest.raises(sales.SaleError, match="more than zero"):
		sales.check_line("PRD-1", qty, 100, 1, "Scarf")


@pytest.mark.parametrize("rate", [None, "", 0, -5])
def test_a_line_needs_a_price(rate):
	with pytest.raises(sales.SaleError, match="Scarf has no price"):
		sales.check_line("PRD-1", 1, rate, 1, "Scarf")


def test_totals_and_quantities_per_product_in_name_order():
	lines = [
		sales.Line("PRD-2", Decimal(2), Decimal("35.50")),
		sales.Line("PRD-1", Decimal(1), Decimal(100)),
		sales.Line("PRD-2", Decimal(1), Decimal("35.50")),
	]
	assert sales.sale_total(lines) == Decimal("206.50")
	assert list(sales.quantities(lines).items()) == [("PRD-1", Decimal(1)), ("PRD-2", Decimal(3))]


def test_stock_is_checked_unless_back_orders_are_allowed():
	sales.check_stock("Scarf", Decimal(2), 2, back_orders=False)
	with pytest.raises(sales.SaleError, match="Only 2 of Scarf in stock; 3 asked for"):
		sales.check_stock("Scarf", Decimal(3), 2, back_orders=False)
	sales.check_stock("Scarf", Decimal(30), 2, back_orders=True)


@pytest.mark.parametrize(("total", "gift"), [(35, 5), (700, 0), ("99.50", "0.50"), (1, 9)])
def test_round_up_to_the_next_ten_baht(total, gift):
	assert sales.round_up_gift(total) == Decimal(str(gift)).quantize(Decimal("0.01"))


def test_a_gift_cannot_be_negative():
	with pytest.raises(sales.SaleError):
		sales.check_gift(-1)
	assert sales.check_gift(None) == 0


def test_margin_only_where_the_cost_is_known():
	assert sales.margin(300, 120) == (Decimal(180), Decimal("60.00"))
	assert sales.margin(300, None) == (None, None)
