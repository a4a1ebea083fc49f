# Copyright (c) 2026, Labour Protection Network

import re

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import strip_html

from lpn_crm.domain.matching import DonorKeys
from lpn_crm.domain.thai_id import InvalidThaiID, validate_thai_id
from lpn_crm.fundraising.consents import log_changes as log_consent_changes
from lpn_crm.fundraising.donors import THAI_ID_TYPES, describe_duplicates, find_duplicates, keys_of
from lpn_crm.fundraising.exceptions import InvalidTaxIDError
from lpn_crm.i18n import error_message

# Written only by set-based SQL (fundraising.rollups) as gifts come and go, never by a form or an import.
GIVING_TOTALS = (
	"lifetime_total",
	"donation_count",
	"largest_gift",
	"first_gift_date",
	"last_gift_date",
	"current_year_total",
	"last_year_total",
)


class LPNDonor(Document):
	def validate(self):
		self.keep_giving_totals()
		self.validate_tax_id()
		self.validate_consents()
		self.set_match_keys()
		self.flag_possible_duplicates()

	def on_update(self):
		self.sync_contact()
		log_consent_changes(self)

	def keep_giving_totals(self):
		"""A saved form carries the totals it was opened with (or none, after its first save): the stored ones
		stay, so a gift that came in meanwhile is not undone and the timeline shows no "0 to null"."""
		before = None if self.is_new() else self.get_doc_before_save()
		for field in GIVING_TOTALS:
			if before is not None:
				self.set(field, before.get(field))
			elif self.get(field) is None and field not in ("first_gift_date", "last_gift_date"):
				self.set(field, 0)

	def validate_tax_id(self):
		if not self.tax_id:
			self.tax_id_type = self.tax_id_type or ""
			return
		if not self.tax_id_type:
			self.tax_id_type = "Thai National ID"
		if self.tax_id_type in THAI_ID_TYPES:
			try:
				self.tax_id = validate_thai_id(
					self.tax_id, allow_leading_zero=self.tax_id_type == "Thai Taxpayer ID"
				)
			except InvalidThaiID as error:
				frappe.throw(
					_("Tax ID {0}: {1}").format(self.tax_id, error_message(error)), InvalidTaxIDError
				)
		else:
			self.tax_id = self.tax_id.strip()

	def validate_consents(self):
		for row in self.consents:
			if row.granted and not row.granted_on:
				row.granted_on = frappe.utils.today()
			if row.withdrawn_on and row.granted_on and row.withdrawn_on < row.granted_on:
				frappe.throw(
					_("Row {0}: consent cannot be withdrawn before it was given").format(row.idx),
					frappe.ValidationError,
				)

	def set_match_keys(self):
		# An erased donor matches nobody: the same person giving again is a new donor (PDPA erasure).
		keys = DonorKeys(None, None, None, None) if self.erased else keys_of(self)
		self.email_key, self.phone_key = keys.email, keys.phone
		self.name_key, self.search_name_key = keys.name, keys.search_name

	def flag_possible_duplicates(self):
		# Shown, never merged silently: a person decides with the merge action.
		duplicates = [] if self.erased else find_duplicates(keys_of(self), exclude=self.name)
		self.possible_duplicates = describe_duplicates(duplicates)
		self.needs_review = int(bool(duplicates))
		if duplicates and not self.flags.silent_duplicates:
			frappe.msgprint(
				_("This donor may already exist: {0}").format(
					", ".join(f"{row['name']} ({row['donor_name']})" for row in duplicates)
				),
				title=_("Possible duplicate"),
				indicator="orange",
			)

	def sync_contact(self):
		"""Keep a Frappe Contact for this donor, so email and the desk's contact tools work."""
		if self.flags.skip_contact_sync or self.erased or not (self.email or self.phone):
			return
		contact = frappe.get_doc("Contact", self.contact) if self.contact else frappe.new_doc("Contact")
		# A Contact is named after its first name, which may not hold "<" or ">" (a payer may type markup).
		plain = re.sub(r"[<>]", "", strip_html(self.donor_name)).strip()
		contact.first_name = (plain or self.email or self.name)[:140]
		if self.email and not any(row.email_id == self.email for row in contact.email_ids):
			contact.email_ids = []
			contact.add_email(self.email, is_primary=True)
		if self.phone and not any(row.phone == self.phone for row in contact.phone_nos):
			contact.phone_nos = []
			contact.add_phone(self.phone, is_primary_phone=True)
		if not contact.has_link("LPN Donor", self.name):
			contact.append("links", {"link_doctype": "LPN Donor", "link_name": self.name})
		contact.flags.ignore_permissions = True
		contact.save()
		if self.contact != contact.name:
			self.db_set("contact", contact.name, update_modified=False)
