# Copyright (c) 2026, Labour Protection Network

from frappe.model.document import Document
from frappe.utils import add_days, getdate, now_datetime

# PDPA s. 30: a data subject's request is answered within 30 days of its receipt.
ANSWER_WITHIN_DAYS = 30


class LPNDataRequest(Document):
	def before_insert(self):
		self.requested_on = self.requested_on or now_datetime()
		self.deadline = add_days(getdate(self.requested_on), ANSWER_WITHIN_DAYS)
