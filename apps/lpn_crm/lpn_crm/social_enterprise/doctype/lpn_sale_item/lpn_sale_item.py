# Copyright (c) 2026, Labour Protection Network

from frappe.model.document import Document


class LPNSaleItem(Document):
	pass
