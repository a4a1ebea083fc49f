"""Stock on hand: taken when a sale is submitted, given back when it is cancelled.

Each product's row is locked (SELECT … FOR UPDATE, in name order) before it is read, so two stalls selling
the last scarf at once queue on the lock and the second one is refused: stock never goes below zero unless
the product takes back-orders.
"""

import frappe
from frappe.utils import flt

from lpn_crm.domain import sales
from lpn_crm.i18n import error_message
from lpn_crm.social_enterprise.exceptions import InsufficientStockError

PRODUCT = "LPN Product"


def take(lines: list[sales.Line]) -> None:
	for product, qty in sales.quantities(lines).items():
		(row,) = frappe.db.sql(
			"""select product_name, stock_on_hand, allow_back_orders from `tabLPN Product`
			where name = %s for update""",
			(product,),
			as_dict=True,
		)
		try:
			sales.check_stock(
				row.product_name or product, qty, row.stock_on_hand, bool(row.allow_back_orders)
			)
		except sales.SaleError as error:
			frappe.throw(error_message(error), InsufficientStockError)
		_move(product, -flt(qty))


def give_back(lines: list[sales.Line]) -> None:
	for product, qty in sales.quantities(lines).items():
		_move(product, flt(qty))


def _move(product: str, qty: float) -> None:
	frappe.db.sql(
		"""update `tabLPN Product` set stock_on_hand = stock_on_hand + %s where name = %s""", (qty, product)
	)
	frappe.clear_document_cache(PRODUCT, product)
