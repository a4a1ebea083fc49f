# Copyright (c) 2026, Labour Protection Network

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime, today

from lpn_crm.domain import sponsorship as rules
from lpn_crm.domain.errors import DomainError
from lpn_crm.i18n import error_message
from lpn_crm.sponsorship import photos
from lpn_crm.sponsorship.consents import consents_of
from lpn_crm.sponsorship.exceptions import PhotoConsentError, UpdateReviewError

REVIEWED, SENT = "Reviewed", "Sent"


class LPNSponsorUpdate(Document):
	def validate(self):
		self.take_child_and_sponsor()
		photos.check_private(self.photo)
		self.check_sent_after_review()
		self.check_photo_consent()
		self.stamp_review()

	def take_child_and_sponsor(self):
		"""Child and sponsor always come from the sponsorship, never from what the form sent."""
		self.child, self.sponsor = frappe.db.get_value(
			"LPN Sponsorship", self.sponsorship, ["child", "sponsor"]
		) or (None, None)
		if not self.child:
			frappe.throw(_("Sponsorship {0} has no child yet").format(self.sponsorship), UpdateReviewError)

	def status_before(self) -> str | None:
		before = self.get_doc_before_save()
		return before.status if before else None

	def check_sent_after_review(self):
		try:
			rules.check_review_before_send(self.status_before(), self.status)
		except DomainError as error:
			frappe.throw(error_message(error), UpdateReviewError)

	def check_photo_consent(self):
		"""Approving (or changing the photo of) an approved update needs the child's photo consent."""
		if self.status not in rules.APPROVED_UPDATE_STATES:
			return
		before = self.get_doc_before_save()
		if before and before.status in rules.APPROVED_UPDATE_STATES and before.photo == self.photo:
			return
		born = frappe.db.get_value("LPN Child", self.child, "date_of_birth")
		try:
			rules.check_photo_approval(
				bool(self.photo), consents_of(self.child), getdate(born) if born else None, getdate(today())
			)
		except DomainError as error:
			frappe.throw(error_message(error), PhotoConsentError)

	def stamp_review(self):
		before = self.status_before()
		if self.status == REVIEWED and before != REVIEWED:
			self.reviewed_by = frappe.session.user
			self.reviewed_on = now_datetime()
		if self.status == SENT and before != SENT:
			self.sent_on = now_datetime()

	def on_update(self):
		if self.status == SENT and self.status_before() != SENT and self.type != rules.LETTER_FROM_SPONSOR:
			from lpn_crm.sponsorship.notify import update_sent

			self.db_set("email_status", update_sent(self), update_modified=False)
