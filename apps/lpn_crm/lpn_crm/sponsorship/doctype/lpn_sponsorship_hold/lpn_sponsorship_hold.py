# Copyright (c) 2026, Labour Protection Network

from frappe.model.document import Document

from lpn_crm.sponsorship import holds


class LPNSponsorshipHold(Document):
	"""A child reserved for one prospective sponsor for a few days; it lapses by itself (holds.lapse_holds)."""

	def validate(self):
		holds.validate_hold(self)
