# Copyright (c) 2026, Labour Protection Network

import frappe
from frappe import _
from frappe.model.document import Document

from lpn_crm.domain.checkout import StripeKeyError, key_mode
from lpn_crm.i18n import error_message
from lpn_crm.lpn_payments.exceptions import InvalidStripeKeyError, StripeNotConfiguredError
from lpn_crm.lpn_payments.settings import missing_for_processing, requeue_events_waiting_for_settings


class LPNStripeSettings(Document):
	def validate(self):
		self.set_mode()
		self.validate_publishable_key()
		self.validate_currencies()
		self.validate_ready_to_enable()

	def on_update(self):
		if self.enabled:
			requeue_events_waiting_for_settings()

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

	def validate_ready_to_enable(self):
		"""Online giving is switched on only with everything processing needs: else payments would fail."""
		missing = missing_for_processing(self) if self.enabled else []
		if missing:
			frappe.throw(
				_("Online giving cannot be enabled until these are set: {0}").format(", ".join(missing)),
				StripeNotConfiguredError,
				title=_("Stripe is not ready"),
			)
