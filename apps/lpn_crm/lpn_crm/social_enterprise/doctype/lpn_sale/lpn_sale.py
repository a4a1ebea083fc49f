# Copyright (c) 2026, Labour Protection Network

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, today

from lpn_crm.domain import sales
from lpn_crm.fundraising.bulk import next_sequence
from lpn_crm.i18n import error_message
from lpn_crm.lpn_integrations import outbox
from lpn_crm.social_enterprise import gifts, stock
from lpn_crm.social_enterprise.exceptions import InvalidSaleLineError


class LPNSale(Document):
	def autoname(self):
		# The year's first sales at two stalls at once: Frappe's naming reads the series row FOR UPDATE and
		# inserts it when missing, and two such inserts deadlock; next_sequence creates or moves it in one
		# statement. Named by the sale's year (SALE-2026-00001), as the doctype's format says.
		key = f"SALE-{getdate(self.sale_date or today()).year}-"
		self.name = f"{key}{next_sequence(key):05d}"

	def validate(self):
		self.fill_from_products()
		self.validate_lines()
		self.set_totals()
		self.validate_gift()

	def on_submit(self):
		stock.take(self.checked_lines())
		if flt(self.gift_amount) > 0:
			self.db_set("donation", gifts.record_gift(self))
		outbox.queue_sale(self)

	def on_cancel(self):
		stock.give_back(self.checked_lines())
		gifts.cancel_gift(self)
		outbox.queue_cancel(self)

	def fill_from_products(self):
		"""Name, price and cost from the product, where the line does not give a rate of its own."""
		products = {
			row.name: row
			for row in frappe.get_all(
				stock.PRODUCT,
				filters={"name": ("in", [line.product for line in self.items if line.product] or [""])},
				fields=["name", "product_name", "price", "cost", "active"],
			)
		}
		for line in self.items:
			product = products.get(line.product)
			if not product:
				continue
			if self.docstatus == 0 and not product.active:
				frappe.throw(
					_("Row {0}: {1} is not on sale any more").format(line.idx, product.product_name),
					InvalidSaleLineError,
				)
			line.product_name = product.product_name
			if not flt(line.rate):
				line.rate = product.price
			line.cost = product.cost

	def checked_lines(self) -> list[sales.Line]:
		try:
			return [
				sales.check_line(line.product, line.qty, line.rate, line.idx, line.product_name)
				for line in self.items
			]
		except sales.SaleError as error:
			frappe.throw(error_message(error), InvalidSaleLineError)

	def validate_lines(self):
		if not self.items:
			frappe.throw(_("Add at least one product to the sale"), InvalidSaleLineError)
		for line, checked in zip(self.items, self.checked_lines(), strict=True):
			line.amount = flt(sales.line_amount(checked))

	def set_totals(self):
		self.total = flt(sales.sale_total(self.checked_lines()))
		costed = [line for line in self.items if flt(line.cost) > 0]
		self.total_cost = sum(flt(line.cost) * flt(line.qty) for line in costed)

	def validate_gift(self):
		try:
			self.gift_amount = flt(sales.check_gift(self.gift_amount))
		except sales.SaleError as error:
			frappe.throw(error_message(error), frappe.ValidationError)
		self.grand_total = flt(self.total) + flt(self.gift_amount)
