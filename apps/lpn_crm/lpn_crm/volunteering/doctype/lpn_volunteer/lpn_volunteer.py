# Copyright (c) 2026, Labour Protection Network

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from lpn_crm.access import CLINIC_COORDINATOR, SYSTEM_MANAGER, has_any_role
from lpn_crm.volunteering.notify import LANGUAGES


class LPNVolunteer(Document):
	def validate(self):
		self.start_applications_at_applied()
		self.set_language()
		self.check_dates()

	def start_applications_at_applied(self):
		"""An application (the public web form, a volunteer) starts at Applied with no login; only a
		coordinator sets the state or the login."""
		if self.is_new() and not has_any_role((CLINIC_COORDINATOR, SYSTEM_MANAGER)):
			self.status = "Applied"
			self.user = None
			self.background_check = "Not Started"

	def set_language(self):
		"""A new volunteer's emails go in the language the form was read in (the applicant's page, or the
		coordinator's desk) until they or a coordinator choose; older records follow their login's."""
		if self.is_new() and not self.preferred_language:
			lang = (frappe.local.lang or "en").split("-")[0]
			self.preferred_language = lang if lang in LANGUAGES else "en"

	def check_dates(self):
		if (
			self.safeguarding_trained_on
			and self.safeguarding_expiry
			and getdate(self.safeguarding_expiry) < getdate(self.safeguarding_trained_on)
		):
			frappe.throw(_("Safeguarding training cannot expire before it was taken"))

	def validate_workflow(self):
		"""A coordinator may record a volunteer LPN already works with in any state (an import, the demo);
		everyone else starts at the workflow's first state and moves by its transitions."""
		if self.is_new() and has_any_role((CLINIC_COORDINATOR, SYSTEM_MANAGER)):
			return
		super().validate_workflow()

	def on_update(self):
		before = self.get_doc_before_save()
		became = self.status if not before or before.status != self.status else None
		if became == "Active":
			from lpn_crm.volunteering.accounts import give_login

			give_login(self)
		elif became == "Inactive" and before:
			from lpn_crm.volunteering.booking import withdraw_volunteer

			withdraw_volunteer(self.name)
