# Copyright (c) 2026, Labour Protection Network

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate


class LPNeDonationBatch(Document):
	def validate(self):
		if getdate(self.from_date) > getdate(self.to_date):
			frappe.throw(_("The batch's start date is after its end date"))

	def on_trash(self):
		if self.status != "Draft":
			frappe.throw(_("Only a draft batch can be deleted"))
		frappe.db.set_value("LPN Donation", {"edonation_batch": self.name}, "edonation_batch", None)
