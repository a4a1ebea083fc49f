# Copyright (c) 2026, Labour Protection Network

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, getdate, now_datetime

from lpn_crm.fundraising.alerts import DATA_REQUEST, alert_staff
from lpn_crm.fundraising.exceptions import DataRequestError

# PDPA s. 30: a data subject's request is answered within 30 days of its receipt.
ANSWER_WITHIN_DAYS = 30


class LPNDataRequest(Document):
	"""A request made on the portal, or logged by staff when it came by email, phone or letter."""

	def before_insert(self):
		self.status = "Open"
		self.requested_on = self.requested_on or now_datetime()
		self.deadline = add_days(getdate(self.requested_on), ANSWER_WITHIN_DAYS)
		self.requested_by = self.requested_by or frappe.session.user
		self.validate_one_open_erasure()

	def after_insert(self):
		# Staff hear of every request: the 30-day clock runs from now.
		alert_staff(self, DATA_REQUEST)
		if self.request_type == "Export":
			from lpn_crm.fundraising.privacy import queue_export

			queue_export(self.name)

	def validate_one_open_erasure(self):
		if self.request_type == "Erasure" and frappe.db.exists(
			self.doctype, {"donor": self.donor, "request_type": "Erasure", "status": "Open"}
		):
			frappe.throw(
				_("You already asked for erasure; LPN is reviewing it and will answer within 30 days."),
				DataRequestError,
			)
