# Copyright (c) 2026, Labour Protection Network

import frappe
from frappe import _
from frappe.model.document import Document

from lpn_crm.fundraising import edonation


class LPNeDonationBatch(Document):
	def validate(self):
		if self.is_new():
			# Checked before anything is written: an empty or reversed range makes no batch.
			self.flags.donations = edonation.donations_to_submit(self.from_date, self.to_date)

	def after_insert(self):
		edonation.attach_donations(self.name, self.flags.donations)

	def on_trash(self):
		if self.status != "Draft":
			frappe.throw(_("Only a draft batch can be deleted"))
		frappe.db.set_value("LPN Donation", {"edonation_batch": self.name}, "edonation_batch", None)
