# Copyright (c) 2026, Labour Protection Network

import frappe
from frappe import _
from frappe.model.document import Document


class LPNShiftBooking(Document):
	def validate(self):
		self.check_written_by_the_service()

	def check_written_by_the_service(self):
		"""Who holds a seat changes only through lpn_crm.volunteering (booking, cancelling, the waitlist,
		attendance), which locks the shift first; a booking written any other way (a REST call, an import,
		the desk) could give a seat twice."""
		if self.flags.from_booking_service:
			return
		before = self.get_doc_before_save()
		if (
			self.is_new()
			or (before and before.status != self.status)
			or (before and before.shift != self.shift)
		):
			frappe.throw(
				_("Bookings are made and changed on the shifts page or with the shift's actions"),
				frappe.PermissionError,
			)
