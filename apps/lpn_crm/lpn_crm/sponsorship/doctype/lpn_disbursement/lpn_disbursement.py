# Copyright (c) 2026, Labour Protection Network

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, today

from lpn_crm.domain.sponsorship_money import SponsorshipMoneyError, term_bounds, term_label
from lpn_crm.i18n import error_message
from lpn_crm.sponsorship.money_settings import setting, terms_per_year


class DisbursementError(frappe.ValidationError):
	pass


class EnrolmentNotVerifiedError(frappe.ValidationError):
	pass


class LPNDisbursement(Document):
	"""Money paid out for one child's term, to the school or a guardian; released (submitted) only once the
	term's enrolment is verified, with the proof attached and the verifier recorded."""

	def validate(self):
		self.validate_amount()
		self.validate_term()
		self.stamp_verification()

	def before_submit(self):
		self.require_verified_enrolment()

	def validate_amount(self):
		if flt(self.amount) <= 0:
			frappe.throw(_("The amount to disburse must be more than zero"), DisbursementError)

	def validate_term(self):
		try:
			term_bounds(
				int(self.school_year or 0),
				int(self.term or 0),
				terms_per_year(),
				setting("school_year_first_month"),
			)
		except SponsorshipMoneyError as error:
			frappe.throw(error_message(error), DisbursementError)
		if not 2000 <= int(self.school_year) <= 2100:
			frappe.throw(_("{0} is not a school year").format(self.school_year), DisbursementError)
		self.term_label = term_label(int(self.school_year), int(self.term))

	def stamp_verification(self):
		"""Who verified the enrolment and when is the server's record of the person who ticked it."""
		if self.enrolment_verified and not self.verified_by:
			self.verified_by, self.verified_on = frappe.session.user, today()
		elif not self.enrolment_verified:
			self.verified_by = self.verified_on = None

	def require_verified_enrolment(self):
		if not (self.enrolment_verified and self.enrolment_proof and self.verified_by):
			frappe.throw(
				_(
					"Term {0} of {1} cannot be disbursed until the enrolment is verified: attach the proof and tick Enrolment Verified"
				).format(self.term_label, self.child_first_name or self.child),
				EnrolmentNotVerifiedError,
			)
