# Copyright (c) 2026, Labour Protection Network

from frappe.model.document import Document

from lpn_crm.fundraising.appeals import segment_of
from lpn_crm.fundraising.campaigns import raise_rule


class LPNAppeal(Document):
	def validate(self):
		with raise_rule():
			segment_of(self)
