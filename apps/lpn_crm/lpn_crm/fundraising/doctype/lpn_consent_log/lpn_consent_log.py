# Copyright (c) 2026, Labour Protection Network

import frappe
from frappe import _
from frappe.model.document import Document


class LPNConsentLog(Document):
	"""One line of the consent ledger: written by lpn_crm.fundraising.consents, never changed afterwards."""

	def validate(self):
		if not self.is_new():
			frappe.throw(_("The consent ledger is never changed"), frappe.PermissionError)
