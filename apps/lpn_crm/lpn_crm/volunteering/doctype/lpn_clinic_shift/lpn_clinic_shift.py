# Copyright (c) 2026, Labour Protection Network

import frappe
from frappe.model.document import Document
from frappe.utils import get_datetime, get_time, getdate

from lpn_crm.domain import volunteering as rules
from lpn_crm.i18n import error_message


class LPNClinicShift(Document):
	def validate(self):
		self.set_times()
		self.check_capacity()
		self.set_fill_state()

	def set_times(self):
		try:
			starts, ends = rules.shift_span(
				getdate(self.shift_date), get_time(self.start_time), get_time(self.end_time)
			)
		except rules.ShiftError as error:
			frappe.throw(error_message(error), frappe.ValidationError)
		self.starts_at, self.ends_at = starts, ends

	def check_capacity(self):
		"""Capacity never drops below the confirmed bookings. The shift's row is locked first, as every
		booking locks it, so a booking cannot slip in between the count and the save."""
		from lpn_crm.volunteering.booking import live_counts

		if self.is_new():
			counts = dict.fromkeys(rules.LIVE_BOOKING_STATES, 0)
		else:
			frappe.db.sql("select name from `tabLPN Clinic Shift` where name = %s for update", self.name)
			counts = live_counts(self.name)
		try:
			rules.check_capacity(int(self.capacity or 0), counts[rules.CONFIRMED])
		except rules.ShiftError as error:
			frappe.throw(error_message(error), frappe.ValidationError)
		self.confirmed_count = counts[rules.CONFIRMED]
		self.waitlist_count = counts[rules.WAITLISTED]

	def set_fill_state(self):
		if self.status in rules.BOOKABLE_SHIFT_STATES:
			self.status = rules.open_or_full(self.confirmed_count, int(self.capacity))

	def on_update(self):
		before = self.get_doc_before_save()
		if not before:
			return
		if self.status == "Cancelled" and before.status != "Cancelled":
			from lpn_crm.volunteering.booking import cancel_all_of_shift

			cancel_all_of_shift(self)
		elif self.status in rules.BOOKABLE_SHIFT_STATES and (
			int(self.capacity) > int(before.capacity or 0) or before.status not in rules.BOOKABLE_SHIFT_STATES
		):
			from lpn_crm.volunteering.booking import fill_from_waitlist

			fill_from_waitlist(self)
		if get_datetime(self.starts_at) != get_datetime(before.starts_at):
			self.db_set("coverage_alert_sent", 0, update_modified=False)
