# Copyright (c) 2026, Labour Protection Network

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt


class LPNProduct(Document):
	def validate(self):
		self.validate_amounts()
		self.product_name = (self.product_name or "").strip()

	def validate_amounts(self):
		for field, label in (("price", _("Price")), ("cost", _("Cost"))):
			if self.get(field) is not None and flt(self.get(field)) < 0:
				frappe.throw(_("{0} cannot be negative").format(label), frappe.ValidationError)
		if self.active and not flt(self.price):
			frappe.msgprint(
				_("This product has no price yet: it cannot be sold until it has one"), alert=True
			)
