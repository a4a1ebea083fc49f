# Copyright (c) 2026, Labour Protection Network

import frappe
from frappe import _
from frappe.model.document import Document


class LPNReceipt(Document):
	def on_trash(self):
		# A receipt number, once issued, stays on record: cancelled receipts remain visible.
		frappe.throw(_("Receipts are never deleted; cancel the donation instead"))
