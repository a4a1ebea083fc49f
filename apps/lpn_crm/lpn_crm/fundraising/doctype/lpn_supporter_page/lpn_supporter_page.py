# Copyright (c) 2026, Labour Protection Network

from frappe.model.document import Document

from lpn_crm.fundraising.supporters import check_page


class LPNSupporterPage(Document):
	def validate(self):
		check_page(self)
