# Copyright (c) 2026, Labour Protection Network

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, today

from lpn_crm.domain import sponsorship as rules
from lpn_crm.domain.errors import DomainError
from lpn_crm.domain.money import BASE_CURRENCY, base_amount
from lpn_crm.i18n import error_message
from lpn_crm.sponsorship import coverage
from lpn_crm.sponsorship.exceptions import ChildFullyCoveredError, SponsorshipValidationError
from lpn_crm.sponsorship.permissions import is_coordinator

# A child who left the programme or graduated takes no new sponsor.
CLOSED_CHILD_STATES = ("Graduated", "Left Programme")


class LPNSponsorship(Document):
	def validate(self):
		self.check(rules.check_monthly_amount, self.monthly_amount)
		self.check(rules.check_dates, getdate(self.start_date), getdate(self.end_date))
		self.set_base_amount()
		self.check(rules.check_needs_child, self.status, self.child)
		self.check_child_is_open()
		self.check_coverage()
		self.close_when_ended()

	def check(self, rule, *args):
		"""Run a domain rule; its error, translated, refuses the save."""
		try:
			rule(*args)
		except DomainError as error:
			frappe.throw(error_message(error), SponsorshipValidationError)

	def set_base_amount(self):
		"""THB a month, at the rate of LPN Stripe Settings (the donations' rate), for coverage and arrears."""
		from lpn_crm.lpn_payments.settings import configured_rate

		rate = configured_rate(self.currency or BASE_CURRENCY)
		if rate is None:
			frappe.throw(
				_("LPN Stripe Settings has no exchange rate from {0} to THB: enter one there first").format(
					self.currency
				),
				SponsorshipValidationError,
			)
		self.base_monthly_amount = flt(base_amount(rules.check_monthly_amount(self.monthly_amount), rate))

	def starts_counting(self) -> bool:
		"""Whether this save makes the sponsorship count for a child it did not count for before."""
		if not self.child or self.status not in ("Proposed", *rules.COUNTING_SPONSORSHIP_STATES):
			return False
		before = self.get_doc_before_save()
		return (
			before is None
			or before.child != self.child
			or before.status != self.status
			or flt(before.base_monthly_amount) != flt(self.base_monthly_amount)
			or (before.coverage_override_reason or "") != (self.coverage_override_reason or "")
		)

	def check_child_is_open(self):
		if not self.starts_counting():
			return
		status = frappe.db.get_value("LPN Child", self.child, "status")
		if status in CLOSED_CHILD_STATES:
			frappe.throw(
				_("{0} is {1}: a child who left the programme or graduated takes no new sponsor").format(
					self.child, _(status)
				),
				SponsorshipValidationError,
			)

	def check_coverage(self):
		"""A child whose need the other sponsorships already cover takes no more, unless a coordinator says
		why (coverage_override_reason)."""
		if not self.starts_counting():
			return
		need = coverage.need_of(frappe.db.get_value("LPN Child", self.child, "scholarship_need_per_term"))
		others = coverage.covered_monthly(self.child, except_sponsorship=self.name)
		try:
			rules.check_coverage(need, others, self.coverage_override_reason, is_coordinator())
		except DomainError as error:
			frappe.throw(error_message(error), ChildFullyCoveredError)

	def close_when_ended(self):
		self.check(rules.check_end_reason, self.status, self.end_reason)
		if self.status == rules.ENDED and not self.end_date:
			self.end_date = today()

	def on_update(self):
		before = self.get_doc_before_save()
		coverage.refresh_children(list({self.child, before.child if before else None} - {None}))

	def after_delete(self):
		coverage.refresh_children([self.child])
