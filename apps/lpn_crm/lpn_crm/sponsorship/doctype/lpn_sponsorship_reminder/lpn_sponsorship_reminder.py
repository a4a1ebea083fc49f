# Copyright (c) 2026, Labour Protection Network

from frappe.model.document import Document


class LPNSponsorshipReminder(Document):
	"""The log of an arrears reminder sent to a sponsor (lpn_crm.sponsorship.reminders); written by the
	daily job only, so each level goes out once per run of missed months."""
