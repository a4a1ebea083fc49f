# Copyright (c) 2026, Labour Protection Network

from frappe.model.document import Document


class LPNERPNextItemMap(Document):
	pass
