# Copyright (c) 2026, Labour Protection Network

import frappe
from frappe.model.document import Document
from frappe.query_builder.functions import Coalesce
from frappe.utils import add_days, now_datetime

# Only what is finished may go: a Received row is still to be processed and a Failed one still to be
# retried or looked at by staff.
CLEARABLE_STATUSES = ("Processed", "Ignored")


class LPNStripeEvent(Document):
	# Rows are written by the webhook and the processing job only (lpn_crm.lpn_payments.webhooks/processing).

	@staticmethod
	def clear_old_logs(days: int = 90) -> None:
		"""Log Settings' daily clean-up: delete Processed and Ignored events finished more than `days` ago.

		The period is the LPN Stripe Event row of Log Settings (hooks.py gives its default).
		"""
		table = frappe.qb.DocType("LPN Stripe Event")
		cutoff = add_days(now_datetime(), -int(days))
		frappe.db.delete(
			table,
			filters=(table.status.isin(CLEARABLE_STATUSES))
			& (Coalesce(table.processed_on, table.received_on, table.modified) < cutoff),
		)
