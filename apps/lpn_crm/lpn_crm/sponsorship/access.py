"""A record of who read a child's record and who was refused, in Frappe's Access Log.

- Every read of a child record (the desk form, REST, print, the sponsor portal) is an Access Log row
  (method "Read", "Print", "Sponsor portal" …), once per user, record and request. The desk also keeps
  Frappe's View Log (the doctype tracks views).
- Every refused attempt on a child, sponsorship or sponsor update is a row with method "Refused".
- A sponsor's refused call to any endpoint that names these doctypes is answered with a plain
  "Not permitted" (the same whether the record exists or not) and recorded (`after_request`).

Rows are written through Frappe's deferred insert (a Redis queue the scheduler flushes every few
minutes), so a refusal is kept although its request rolls back. Coordinators read them in the report
"LPN Child Access".
"""

import json
from urllib.parse import unquote

import frappe
from frappe import _
from frappe.utils import now_datetime

ACCESS_LOG = "Access Log"
READ, REFUSED, PORTAL = "Read", "Refused", "Sponsor portal"
READ_PTYPES = ("read", "print", "email", "export", "report", "select", None)
PTYPE_METHODS = {"print": "Print", "email": "Email", "export": "Export"}
# Request values that may name a protected record.
NAMING_ARGS = ("doctype", "name", "reference_doctype", "parent_doctype", "doc", "cmd", "docname")


def recorded(key: tuple) -> bool:
	"""Whether `key` was recorded in this request already (then True), else remember it."""
	seen = frappe.local.flags.setdefault("lpn_child_access_seen", set())
	if key in seen:
		return True
	seen.add(key)
	return False


def request_path() -> str | None:
	request = getattr(frappe.local, "request", None)
	return getattr(request, "path", None)


def write(user: str, doctype: str, name: str | None, method: str, details: dict | None = None) -> None:
	frappe.deferred_insert.deferred_insert(
		ACCESS_LOG,
		[
			{
				"user": user,
				"export_from": doctype,
				"reference_document": name,
				"method": method,
				"page": request_path(),
				"filters": json.dumps(details, default=str) if details else None,
				"timestamp": str(now_datetime()),
			}
		],
	)


def record_read(doctype: str, name: str, ptype: str | None, user: str, method: str | None = None) -> None:
	"""A person read a child's record (other doctypes' reads are not logged)."""
	from lpn_crm.sponsorship.permissions import CHILD

	if doctype != CHILD or ptype not in READ_PTYPES or frappe.flags.in_install or frappe.flags.in_migrate:
		return
	method = method or PTYPE_METHODS.get(ptype, READ)
	if recorded((user, doctype, name, method)):
		return
	write(user, doctype, name, method)


def record_refusal(doctype: str, name: str | None, ptype: str | None, user: str, **details) -> None:
	if recorded((user, doctype, name, REFUSED)):
		return
	frappe.local.flags.lpn_refusal_recorded = True
	write(user, doctype, name, REFUSED, {"ptype": ptype, **details})


def flush() -> None:
	"""Write the queued rows now (tests, and the report's Refresh); the scheduler does it every few minutes.
	The rows are inserted as Administrator, as the scheduler inserts them (only System Managers may)."""
	user = frappe.session.user
	frappe.set_user("Administrator")
	try:
		frappe.deferred_insert.save_to_db()
	finally:
		frappe.set_user(user)


# ---- every endpoint, for sponsors -------------------------------------------------------------------


def named_doctype(request) -> str | None:
	"""The protected doctype a request names, in its path (REST, print view, file URL) or its arguments."""
	from lpn_crm.sponsorship.permissions import CHILD_TABLES, PROTECTED_DOCTYPES

	protected = PROTECTED_DOCTYPES + CHILD_TABLES
	path = unquote(request.path or "")
	for doctype in protected:
		if doctype in path:
			return doctype
	values = " ".join(str(frappe.form_dict.get(arg) or "") for arg in NAMING_ARGS)
	for doctype in protected:
		if doctype in values:
			return doctype
	if path.startswith("/private/files/") and frappe.db.exists(
		"File", {"file_url": path, "attached_to_doctype": ("in", protected)}
	):
		return "File"
	return None


def after_request(response, request) -> None:
	"""A sponsor refused anything about a child, a sponsorship or an update gets a plain "Not permitted"
	(403, whether the record exists or not) and the attempt is recorded."""
	if response is None or response.status_code not in (403, 404):
		return
	user = frappe.session.user if getattr(frappe.local, "session", None) else "Guest"
	from lpn_crm.sponsorship.permissions import is_sponsor_only

	if user == "Guest" or not is_sponsor_only(user):
		return
	doctype = named_doctype(request)
	if not doctype:
		return
	if not frappe.local.flags.get("lpn_refusal_recorded"):
		write(
			user,
			doctype,
			frappe.form_dict.get("name") or frappe.form_dict.get("docname"),
			REFUSED,
			{"method": request.method, "status": response.status_code},
		)
	if request.path.startswith("/api/"):
		response.status_code = 403
		message = {"message": _("Not permitted"), "title": _("Not permitted"), "indicator": "red"}
		response.set_data(
			json.dumps(
				{
					"exc_type": "PermissionError",
					"exception": "frappe.exceptions.PermissionError",
					"_server_messages": json.dumps([json.dumps(message)]),
				}
			)
		)
		response.mimetype = "application/json"
