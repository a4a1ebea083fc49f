"""ERPNext sync endpoints for the desk: test the connection, prepare ERPNext, retry a job, and the sync
status of a local record."""

import frappe
from frappe import _

from lpn_crm.access import FUNDRAISING_MANAGERS, FUNDRAISING_STAFF, staff_only
from lpn_crm.lpn_integrations import setup_remote, sync

SYNCED_DOCTYPES = ("LPN Donation", "LPN Sale", "LPN Donor")


@frappe.whitelist(methods=["POST"])
@staff_only(*FUNDRAISING_MANAGERS)
def test_connection() -> dict:
	return setup_remote.test_connection()


@frappe.whitelist(methods=["POST"])
@staff_only(*FUNDRAISING_MANAGERS)
def prepare_erpnext() -> dict:
	return setup_remote.prepare()


@frappe.whitelist(methods=["POST"])
@staff_only(*FUNDRAISING_MANAGERS)
def retry_job(job: str) -> dict:
	status = frappe.db.get_value(sync.JOB, job, "status")
	if not status:
		raise frappe.DoesNotExistError(_("Sync job {0} does not exist").format(job))
	if status not in (sync.FAILED, sync.WAITING):
		frappe.throw(_("Only a failed or waiting job can be retried; this one is {0}").format(_(status)))
	sync.retry(job)
	return {"job": job, "status": sync.PENDING}


@frappe.whitelist()
@staff_only(*FUNDRAISING_STAFF)
def sync_status(doctype: str, name: str) -> list[dict]:
	"""The record's sync jobs, oldest first, for the indicator on its form."""
	if doctype not in SYNCED_DOCTYPES:
		frappe.throw(_("{0} is not sent to ERPNext").format(doctype))
	if not frappe.has_permission(doctype, "read", name):
		raise frappe.PermissionError(_("You cannot see this record"))
	return frappe.get_all(
		sync.JOB,
		filters={"reference_doctype": doctype, "reference_name": name},
		fields=["name", "action", "target_doctype", "status", "remote_name", "last_error", "attempts"],
		order_by="name asc",
	)
