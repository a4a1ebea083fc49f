"""The two desk actions on LPN ERPNext Settings: test the connection, and prepare ERPNext once (the
external-id field on each doctype the sync writes, unique, so a lookup by it is exact)."""

import frappe
from frappe import _
from frappe.utils import now_datetime

from lpn_crm.domain import erpnext_sync as es
from lpn_crm.i18n import error_message
from lpn_crm.lpn_integrations import remote
from lpn_crm.lpn_integrations.settings import SETTINGS

PRESENT = "already present"
ADDED = "added"


def _client() -> remote.ERPNextClient:
	try:
		return remote.client()
	except es.SyncConfigError as error:
		frappe.throw(error_message(error), frappe.ValidationError)


def _explain(error: remote.RemoteError) -> str:
	if isinstance(error, remote.RemoteAuthError):
		return _("ERPNext refused the API key and secret: {0}").format(error.message)
	if isinstance(error, remote.RemoteUnreachable):
		return _("ERPNext cannot be reached: {0}").format(error.message)
	return _("ERPNext refused: {0}").format(error.message)


def test_connection() -> dict:
	"""Who the key logs in as; the answer is kept on the settings."""
	try:
		user = _client().whoami()
	except remote.RemoteError as error:
		_record(_explain(error))
		frappe.throw(_explain(error), frappe.ValidationError, title=_("Test Connection"))
	_record(_("Connected as {0}").format(user))
	return {"user": user}


def _record(status: str) -> None:
	frappe.db.set_single_value(SETTINGS, "connection_status", status[:140])


def _has_field(client: remote.ERPNextClient, doctype: str) -> bool:
	"""Whether the doctype has the field already: as a Custom Field (what this action adds) or a field of
	its own."""
	if client.get_list("Custom Field", filters={"dt": doctype, "fieldname": es.EXTERNAL_ID_FIELD}):
		return True
	meta = client.get_doc("DocType", doctype) or {}
	return any(field.get("fieldname") == es.EXTERNAL_ID_FIELD for field in meta.get("fields") or [])


def prepare() -> dict:
	"""Add the external-id Custom Field where it is missing; running it again changes nothing."""
	client = _client()
	states = {}
	try:
		for doctype in es.TARGET_DOCTYPES:
			if _has_field(client, doctype):
				states[doctype] = PRESENT
				continue
			client.insert(
				{
					"doctype": "Custom Field",
					"dt": doctype,
					"fieldname": es.EXTERNAL_ID_FIELD,
					"label": "LPN External ID",
					"fieldtype": "Data",
					"unique": 1,
					"read_only": 1,
					"no_copy": 1,
					"search_index": 1,
				}
			)
			states[doctype] = ADDED
	except remote.RemoteError as error:
		frappe.throw(_explain(error), frappe.ValidationError, title=_("Prepare ERPNext"))
	frappe.db.set_single_value(SETTINGS, "prepared_on", now_datetime())
	return {"doctypes": states}
