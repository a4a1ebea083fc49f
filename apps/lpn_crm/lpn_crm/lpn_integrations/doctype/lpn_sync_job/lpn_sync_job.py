# Copyright (c) 2026, Labour Protection Network

from frappe.model.document import Document


class LPNSyncJob(Document):
	"""One record's change on its way to ERPNext (written in bulk by lpn_integrations.outbox, sent by
	lpn_integrations.sync). When one fails for good, the Notification "LPN Sync Job Failed" listens to the
	method on_sync_failed that the worker runs on it."""
