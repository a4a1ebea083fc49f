# Copyright (c) 2026, Labour Protection Network

from frappe.model.document import Document


class LPNStripeEvent(Document):
	# Rows are written by the webhook and the processing job only (lpn_crm.lpn_payments.webhooks/processing).
	pass
