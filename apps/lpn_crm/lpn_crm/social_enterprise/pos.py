"""The point of sale at a stall or the shop, on a phone or tablet: the products on sale in the seller's
language, a sale made from tapped products at the products' own prices, and its receipt printed or
emailed."""

import frappe
from frappe import _
from frappe.utils import flt, today, validate_email_address

from lpn_crm.domain import sales
from lpn_crm.social_enterprise.exceptions import InvalidSaleLineError

SALE = "LPN Sale"
PRODUCT = "LPN Product"
RECEIPT_FORMAT = "LPN Sale Receipt"
CHANNELS = ("Shop", "Event Stall", "Online")
PAYMENT_METHODS = ("Cash", "PromptPay")


def _label(row, lang: str) -> str:
	local = row.get(f"product_name_{lang}") if lang in ("th", "my") else None
	return local or row.product_name


def products(lang: str | None = None) -> list[dict]:
	lang = lang or frappe.local.lang
	rows = frappe.get_list(
		PRODUCT,
		filters={"active": 1, "price": (">", 0)},
		fields=[
			"name",
			"product_name",
			"product_name_th",
			"product_name_my",
			"price",
			"stock_on_hand",
			"allow_back_orders",
			"image",
			"producer_group",
		],
		order_by="producer_group asc, product_name asc",
		limit=0,
	)
	return [
		{
			"name": row.name,
			"label": _label(row, lang),
			"price": flt(row.price),
			"stock": flt(row.stock_on_hand),
			"back_orders": bool(row.allow_back_orders),
			"image": row.image,
			"producer_group": row.producer_group,
		}
		for row in rows
	]


def _lines(lines: list) -> list[dict]:
	if not isinstance(lines, list) or not lines:
		frappe.throw(_("Add at least one product to the sale"), InvalidSaleLineError)
	out = []
	for row in lines:
		if not isinstance(row, dict) or not row.get("product"):
			frappe.throw(_("Each line needs a product and a quantity"), InvalidSaleLineError)
		# The rate is the product's: the server's record, never the client's figure.
		out.append({"product": str(row["product"]), "qty": flt(row.get("qty"))})
	return out


def make_sale(
	lines: list,
	payment_method: str,
	channel: str = "Event Stall",
	round_up: bool = False,
	gift_amount: float = 0,
	receipt_email: str | None = None,
	payment_reference: str | None = None,
) -> dict:
	if payment_method not in PAYMENT_METHODS:
		frappe.throw(_("Take cash or PromptPay at the stall"), frappe.ValidationError)
	if channel not in CHANNELS:
		frappe.throw(_("Unknown channel {0}").format(channel), frappe.ValidationError)
	email = (receipt_email or "").strip() or None
	if email and not validate_email_address(email):
		frappe.throw(_("{0} is not an email address").format(email), frappe.InvalidEmailAddressError)
	sale = frappe.get_doc(
		{
			"doctype": SALE,
			"sale_date": today(),
			"channel": channel,
			"payment_method": payment_method,
			"payment_reference": (payment_reference or "").strip() or None,
			"receipt_email": email,
			"items": _lines(lines),
			"gift_amount": flt(gift_amount),
		}
	)
	sale.insert(ignore_permissions=True)
	if round_up:
		sale.gift_amount = flt(sales.round_up_gift(sale.total))
		sale.save(ignore_permissions=True)
	sale.flags.ignore_permissions = True
	sale.submit()
	if email:
		email_receipt(sale.name, email)
	return {
		"sale": sale.name,
		"total": flt(sale.total),
		"gift": flt(sale.gift_amount),
		"grand_total": flt(sale.grand_total),
		"donation": sale.donation,
		"print_url": receipt_url(sale.name),
	}


def receipt_url(sale: str) -> str:
	return f"/printview?doctype={frappe.utils.quote(SALE)}&name={frappe.utils.quote(sale)}&format={frappe.utils.quote(RECEIPT_FORMAT)}&trigger_print=1"


def email_receipt(sale: str, email: str) -> None:
	doc = frappe.get_doc(SALE, sale)
	frappe.sendmail(
		recipients=[email],
		subject=_("Your receipt from the Labour Protection Network: {0}").format(doc.name),
		# The receipt's own template, rendered here: the whole print view would fetch its stylesheet over HTTP.
		message=frappe.render_template(
			frappe.db.get_value("Print Format", RECEIPT_FORMAT, "html"), {"doc": doc}
		),
		reference_doctype=SALE,
		reference_name=doc.name,
	)
	if doc.receipt_email != email:
		doc.db_set("receipt_email", email)
