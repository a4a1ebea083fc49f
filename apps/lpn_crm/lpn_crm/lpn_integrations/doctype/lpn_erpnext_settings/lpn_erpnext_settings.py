# Copyright (c) 2026, Labour Protection Network

from frappe.model.document import Document

from lpn_crm.lpn_integrations.settings import check_url


class LPNERPNextSettings(Document):
	def validate(self):
		self.clean_url()
		self.external_id_prefix = (self.external_id_prefix or "").strip()

	def clean_url(self):
		if (self.remote_url or "").strip():
			self.remote_url = check_url(self.remote_url)

	def on_update(self):
		# Jobs that waited for a mapping or for credentials are sent again.
		from lpn_crm.lpn_integrations.sync import requeue_waiting

		requeue_waiting()
