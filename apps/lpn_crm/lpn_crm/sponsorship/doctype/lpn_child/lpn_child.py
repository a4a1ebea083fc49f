# Copyright (c) 2026, Labour Protection Network

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, today

from lpn_crm.domain.errors import DomainError
from lpn_crm.domain.sponsorship import child_status, education_level
from lpn_crm.domain.sponsorship_money import monthly_gap
from lpn_crm.i18n import error_message
from lpn_crm.sponsorship import coverage


class LPNChild(Document):
	def validate(self):
		self.check_date_of_birth()
		self.set_education_level()
		self.check_consents()
		self.set_coverage()

	def check_date_of_birth(self):
		if self.date_of_birth and getdate(self.date_of_birth) > getdate(today()):
			frappe.throw(_("The date of birth {0} is in the future").format(self.date_of_birth))

	def set_education_level(self):
		"""The level a sponsor may prefer follows the grade; without a grade it stays as entered."""
		if self.grade:
			self.education_level = education_level(self.grade)

	def check_consents(self):
		"""A consent row says who recorded it (the coordinator who enters it) and is never dated ahead."""
		for row in self.consents:
			if row.consent_date and getdate(row.consent_date) > getdate(today()):
				frappe.throw(
					_("Row {0}: a consent cannot be dated in the future ({1})").format(
						row.idx, row.consent_date
					)
				)
			if row.is_new() or not row.recorded_by:
				row.recorded_by = frappe.session.user

	def set_coverage(self):
		"""Need, gap and status from the active sponsorships (sponsored_monthly is kept by them)."""
		try:
			need = coverage.need_of(self.scholarship_need_per_term)
		except DomainError as error:
			frappe.throw(error_message(error))
		covered = coverage.covered_monthly(self.name) if not self.is_new() else 0
		self.monthly_need = flt(need)
		self.sponsored_monthly = flt(covered)
		self.monthly_gap = flt(monthly_gap(need, covered))
		self.status = child_status(self.status or "Waiting", need, covered)
