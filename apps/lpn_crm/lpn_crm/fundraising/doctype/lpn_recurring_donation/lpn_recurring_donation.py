# Copyright (c) 2026, Labour Protection Network

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate

from lpn_crm.domain.recurring import add_periods
from lpn_crm.fundraising.exceptions import InvalidAmountError
from lpn_crm.fundraising.settings import get_settings


class LPNRecurringDonation(Document):
	def validate(self):
		self.validate_amount()
		self.set_defaults()

	def on_update(self):
		if not self.is_new() and self.has_value_changed("status") and self.status == "Active":
			from lpn_crm.fundraising.recurring import refresh

			refresh(self.name)

	def validate_amount(self):
		if flt(self.amount) <= 0:
			frappe.throw(_("Amount must be greater than zero"), InvalidAmountError)

	def set_defaults(self):
		if self.lapse_after is None or self.lapse_after == 0:
			self.lapse_after = get_settings().default_lapse_after
		if not self.next_expected_date:
			self.next_expected_date = add_periods(
				getdate(self.start_date), self.frequency, self.received_count or 0
			)
