"""Demo data of the social enterprise (fixtures/demo/06_social_enterprise.json): goods the trainees of the
shelter and training centre make, the social market's staples for Myanmar migrants, and a few sales of the
last weeks (a stall at an event, the shop, one online), one with a round-up gift."""

import frappe
from frappe.utils import add_days, today

PRODUCT = "LPN Product"
SALE = "LPN Sale"
# A sale's payment reference marks it as the demo's, so a second load adds nothing.
DEMO_REFERENCE = "DEMO-SE-"


def _product(name: str) -> str:
	return frappe.db.get_value(PRODUCT, {"product_name": name}, "name")


def generate(products: list[dict], sales: list[dict]) -> dict[str, int]:
	added = {PRODUCT: 0, SALE: 0}
	for values in products:
		if not _product(values["product_name"]):
			frappe.get_doc({"doctype": PRODUCT, **values}).insert(ignore_permissions=True)
			added[PRODUCT] += 1
	for number, sale in enumerate(sales, start=1):
		reference = f"{DEMO_REFERENCE}{number:02d}"
		if frappe.db.exists(SALE, {"payment_reference": reference}):
			continue
		doc = frappe.get_doc(
			{
				"doctype": SALE,
				"sale_date": add_days(today(), sale.get("days_ago", 0) * -1),
				"channel": sale["channel"],
				"payment_method": sale["payment_method"],
				"payment_reference": reference,
				"gift_amount": sale.get("gift_amount", 0),
				"items": [{"product": _product(name), "qty": qty} for name, qty in sale["items"]],
			}
		)
		doc.insert(ignore_permissions=True)
		doc.submit()
		added[SALE] += 1
	return added
