# Copyright (c) 2026, Labour Protection Network

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, today

from lpn_crm.domain.money import BASE_CURRENCY, MoneyError, base_amount, require_positive, to_decimal
from lpn_crm.fundraising import bulk, edonation, posting, receipts, recurring, rollups
from lpn_crm.fundraising.exceptions import (
	DuplicatePaymentReferenceError,
	InvalidAmountError,
	MissingExchangeRateError,
)
from lpn_crm.i18n import error_message
from lpn_crm.lpn_integrations import outbox
from lpn_crm.sponsorship import payments as sponsorship_payments


class LPNDonation(Document):
	def autoname(self):
		# Named by the gift's year, not the day it was entered: a 2024 gift typed in today is DON-2024-…
		self.name = bulk.new_names([self])[0]

	def series_key(self) -> str:
		return f"DON-{getdate(self.donation_date or today()).year}-"

	def validate(self):
		self.validate_amount()
		self.set_base_amount()
		self.validate_in_kind()
		sponsorship_payments.check_donation(self)
		posting.set_reference_key(self)
		self.validate_payment_reference()
		self.set_status()

	def on_submit(self):
		posting.on_submit(self)

	def on_cancel(self):
		receipts.cancel_receipt(self, self.cancel_reason)
		# The reference is free again, for an amendment or a corrected entry.
		self.db_set({"status": "Cancelled", "payment_reference_key": None}, update_modified=False)
		edonation.reverse_on_cancel(self)
		recurring.follow_donations([self])
		rollups.remove_gift(self)
		# ERPNext: the Journal Entry is cancelled (or reversed) there, after its insert, never deleted.
		outbox.queue_cancel(self)

	def validate_amount(self):
		try:
			self.amount = flt(require_positive(to_decimal(self.amount), _("Amount")))
		except MoneyError as error:
			frappe.throw(error_message(error), InvalidAmountError)

	def set_base_amount(self):
		if self.currency == BASE_CURRENCY:
			self.exchange_rate = 1
		elif not flt(self.exchange_rate) or flt(self.exchange_rate) <= 0:
			if self.docstatus == 0 and self.needs_review:
				# A Stripe payment in a currency with no known rate: recorded, held until staff enter one.
				self.base_amount = 0
				return
			frappe.throw(
				_("Enter the exchange rate from {0} to THB for this donation").format(self.currency),
				MissingExchangeRateError,
			)
		self.base_amount = flt(base_amount(to_decimal(self.amount), to_decimal(self.exchange_rate)))

	def validate_in_kind(self):
		if self.is_in_kind and not (self.in_kind_description or "").strip():
			frappe.throw(_("Describe the gift in kind"), frappe.MandatoryError)

	def validate_payment_reference(self):
		"""A reference is unique per payment method, among donations that are not cancelled.

		The unique index on payment_reference_key is what holds under concurrent saves; this check
		only gives the clear message first.
		"""
		if not self.payment_reference_key:
			return
		found = frappe.db.sql(
			"""select name from `tabLPN Donation` where payment_reference_key = %s and name != %s limit 1""",
			(self.payment_reference_key, self.name or ""),
		)
		if found:
			other = found[0][0]
			frappe.throw(
				_("Payment reference {0} ({1}) is already recorded on donation {2}").format(
					self.payment_reference, self.payment_method, other
				),
				DuplicatePaymentReferenceError,
			)

	def set_status(self):
		if self.docstatus == 0:
			self.status = "Draft"
