# Copyright (c) 2026, Labour Protection Network

import frappe
from frappe import _
from frappe.model.document import Document

from lpn_crm.domain.checkout import StripeKeyError, key_mode
from lpn_crm.i18n import error_message
from lpn_crm.lpn_payments.exceptions import InvalidStripeKeyError


class LPNStripeSettings(Document):
	def validate(self):
		self.set_mode()
		self.validate_publishable_key()
		self.validate_currencies()

	def set_mode(self):
		# An unchanged Password field holds asterisks; the stored key is what counts.
		key = self.secret_key
		if key and set(key) == {"*"}:
			key = self.get_password("secret_key", raise_exception=False)
		try:
			self.mode = key_mode(key) or ""
		except StripeKeyError as error:
			frappe.throw(error_message(error), InvalidStripeKeyError)

	def validate_publishable_key(self):
		key = (self.publishable_key or "").strip()
		if key and not key.startswith("pk_"):
			frappe.throw(
				_("A Stripe publishable key starts with pk_test_ or pk_live_"), InvalidStripeKeyError
			)
		if key and self.mode and not key.startswith(f"pk_{self.mode.lower()}_"):
			frappe.throw(
				_("The publishable key is not a {0} key like the secret key").format(self.mode),
				InvalidStripeKeyError,
			)

	def validate_currencies(self):
		seen = set()
		for row in self.currencies:
			if row.currency in seen:
				frappe.throw(_("Row {0}: {1} is listed twice").format(row.idx, row.currency))
			seen.add(row.currency)
