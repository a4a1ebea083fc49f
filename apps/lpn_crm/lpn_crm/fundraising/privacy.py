"""PDPA rights on the portal: a copy of what LPN holds about a donor, and erasure.

Every request is an LPN Data Request (the staff's "Data requests" list, answered within 30 days).

- Export: one click asks for it; a background job builds a zip (JSON and CSV of the donor record, gifts,
  receipts, recurring gifts, consents and the communications log) as a private file, and emails the donor a
  link that works for them alone, logged in, until it expires.
- Erasure: the donor asks; a Fundraising Manager approves in the desk. Approval deletes the donor's Stripe
  customers through the API, then anonymises the donor (name, contacts, address, tax ID, free text; the
  linked Contact and website user are deleted outright, not kept in Deleted Documents) and the copies of the
  name on gifts, receipts and recurring gifts. Gifts, receipt numbers and totals stay: Thai receipt and
  accounting rules require them. An erased donor has no match keys, so duplicate detection never finds them.
"""

import csv
import hashlib
import io
import json
import secrets
import zipfile

import frappe
import stripe
from frappe import _
from frappe.utils import add_days, get_datetime, get_url, getdate, now_datetime, today

from lpn_crm.fundraising import portal
from lpn_crm.fundraising.exceptions import DataRequestError

REQUEST = "LPN Data Request"
DONOR = portal.DONOR
EXPORT, ERASURE = "Export", "Erasure"
OPEN, COMPLETED, REJECTED, FAILED = "Open", "Completed", "Rejected", "Failed"
LINK_DAYS = 7
ERASED_NAME = "Erased donor"
# Fields of the donor that identify the person: all emptied on erasure (donor_name gets a placeholder).
PERSONAL_FIELDS = (
	"search_name",
	"email",
	"phone",
	"country",
	"address_line",
	"city",
	"postal_code",
	"tax_id_type",
	"tax_id",
	"possible_duplicates",
	"stripe_customer",
	"user",
	"contact",
)
# Internal fields an export leaves out (they are derived or are secrets).
NOT_EXPORTED = {"email_key", "phone_key", "name_key", "search_name_key", "checkout_token", "docstatus", "idx"}
DOWNLOAD = "/api/method/lpn_crm.api.selfservice.download_data_export"


# --- export ---------------------------------------------------------------------------------------------


def request_export(donor_name: str | None = None) -> str:
	"""Log the request; its insert queues the job that builds the export. Returns the request's name."""
	donor = portal.own_donor(donor_name)
	return _new_request(donor, EXPORT).name


def queue_export(request: str) -> None:
	frappe.enqueue(
		"lpn_crm.fundraising.privacy.build_export",
		queue="default",
		job_id=f"lpn-data-export-{request}",
		deduplicate=True,
		enqueue_after_commit=True,
		request=request,
	)


def build_export(request: str) -> str:
	"""Job entry: the zip, its private file, the expiring link by email; a failure is written on the request."""
	doc = frappe.get_doc(REQUEST, request)
	if doc.status != OPEN:
		return doc.status
	try:
		donor = frappe.get_doc(DONOR, doc.donor)
		content = export_zip(donor)
		token = secrets.token_urlsafe(32)
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"lpn-data-{donor.name}-{today()}.zip",
				"attached_to_doctype": REQUEST,
				"attached_to_name": doc.name,
				"is_private": 1,
				"content": content,
			}
		).insert(ignore_permissions=True)
		expires = add_days(now_datetime(), LINK_DAYS)
		doc.db_set(
			{
				"status": COMPLETED,
				"completed_on": now_datetime(),
				"export_file": file.file_url,
				"token_hash": _hash(token),
				"link_expires_on": expires,
			}
		)
		if donor.user:
			link = get_url(f"{DOWNLOAD}?request={doc.name}&token={token}")
			language = portal.donor_language(donor.name)
			portal.send_notice(
				donor, "export", portal.format_day(expires, language), reference=doc, link=link
			)
		else:
			# The link works only for the donor's own login: without one, staff send the attached file.
			doc.add_comment("Info", _("The donor has no login: send them the attached file"))
	except Exception:
		frappe.db.rollback()
		doc.db_set({"status": FAILED, "error": frappe.get_traceback()[-1000:]})
		frappe.log_error(title=f"Data export {request} failed")
	return doc.status


def export_zip(donor) -> bytes:
	"""The donor's data as JSON (one file) and CSV (one per kind), zipped."""
	data = export_data(donor)
	buffer = io.BytesIO()
	with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
		archive.writestr("lpn-data.json", json.dumps(data, indent=1, default=str, ensure_ascii=False))
		for kind, rows in data.items():
			archive.writestr(f"{kind}.csv", _csv(rows if isinstance(rows, list) else [rows]))
	return buffer.getvalue()


def export_data(donor) -> dict:
	"""Everything LPN holds about the donor, by kind."""
	names = {"donor": donor.name}
	donations = _rows("LPN Donation", {"donor": donor.name})
	gifts = _rows("LPN Recurring Donation", {"donor": donor.name})
	referenced = {
		DONOR: [donor.name],
		"LPN Donation": [row["name"] for row in donations],
		"LPN Recurring Donation": [row["name"] for row in gifts],
	}
	record = {
		key: value for key, value in donor.as_dict(no_default_fields=True).items() if key not in NOT_EXPORTED
	}
	record.pop("consents", None)
	return {
		"donor": {"name": donor.name, **record},
		"gifts": donations,
		"receipts": _rows("LPN Receipt", names),
		"recurring_gifts": gifts,
		"consents": [_plain(row.as_dict(no_default_fields=True)) for row in donor.consents],
		"consent_log": _rows("LPN Consent Log", names),
		"communications": _communications(referenced),
	}


def _communications(referenced: dict[str, list[str]]) -> list[dict]:
	"""The emails LPN sent about the donor and their gifts (the queue: thank-yous, notices) and any logged
	Communication, one query per kind of record."""
	rows = []
	for doctype, names in referenced.items():
		if not names:
			continue
		rows += frappe.get_all(
			"Communication",
			filters={"reference_doctype": doctype, "reference_name": ("in", names)},
			fields=[
				"communication_date as date",
				"subject",
				"recipients",
				"reference_doctype",
				"reference_name",
			],
		)
		rows += frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": doctype, "reference_name": ("in", names)},
			fields=["creation as date", "status", "reference_doctype", "reference_name"],
		)
	return [_plain(row) for row in sorted(rows, key=lambda row: str(row.get("date")))]


def check_download_permission(request: str):
	"""The export request, if the session user is the login of the donor it is about."""
	doc = frappe.get_doc(REQUEST, request) if request and frappe.db.exists(REQUEST, request) else None
	if not doc or doc.request_type != EXPORT or doc.donor not in portal.own_donor_names():
		frappe.throw(_("This download link is not yours"), frappe.PermissionError)
	return doc


def download_export(request: str, token: str) -> tuple[str, bytes]:
	"""(file name, zip) for the donor who asked, with the link's token, before it expires."""
	doc = check_download_permission(request)
	if (
		doc.status != COMPLETED
		or not doc.token_hash
		or not secrets.compare_digest(doc.token_hash, _hash(token or ""))
	):
		frappe.throw(_("This download link is not valid"), frappe.PermissionError)
	if get_datetime(doc.link_expires_on) < now_datetime():
		frappe.throw(
			_("This download link has expired. Ask for a new export on your account page."), DataRequestError
		)
	file = frappe.get_doc("File", {"file_url": doc.export_file, "attached_to_name": doc.name})
	doc.db_set("downloaded_on", now_datetime(), update_modified=False)
	return file.file_name, file.get_content()


def delete_expired_exports() -> int:
	"""Daily: the files of exports whose link has expired are deleted for good (a copy of a person's data
	is kept no longer than the donor can use it); the request stays, marked by its empty file."""
	expired = frappe.get_all(
		REQUEST,
		filters={
			"request_type": EXPORT,
			"export_file": ("is", "set"),
			"link_expires_on": ("<", now_datetime()),
		},
		pluck="name",
		limit=500,
	)
	for name in expired:
		for file in frappe.get_all(
			"File", {"attached_to_doctype": REQUEST, "attached_to_name": name}, pluck="name"
		):
			frappe.delete_doc("File", file, ignore_permissions=True, force=True, delete_permanently=True)
		frappe.db.set_value(REQUEST, name, {"export_file": None, "token_hash": None}, update_modified=False)
	return len(expired)


# --- erasure --------------------------------------------------------------------------------------------


def request_erasure(donor_name: str | None = None, reason: str = "") -> str:
	"""Log the donor's erasure request for a Fundraising Manager's review; one open request at a time."""
	donor = portal.own_donor(donor_name)
	request = _new_request(donor, ERASURE, reason=(reason or "").strip()[:2000])
	language = portal.donor_language(donor.name)
	portal.send_notice(
		donor, "erasure_requested", portal.format_day(request.deadline, language), reference=request
	)
	return request.name


def approve_erasure(request: str) -> str:
	"""A Fundraising Manager approves: Stripe first, then the local records, all or nothing locally."""
	doc = _open_erasure(request)
	donor = frappe.get_doc(DONOR, doc.donor)
	customers = delete_stripe_customers(donor)
	# Told before the name and address go; the notice is filed under the request, which erasure keeps.
	portal.send_notice(donor, "erased", reference=doc)
	erase_donor(donor, customers)
	doc.db_set(
		{
			"status": COMPLETED,
			"completed_on": now_datetime(),
			"decided_by": frappe.session.user,
			"donor_name": donor.donor_name,
			"requested_by": None,
		}
	)
	return doc.status


def reject_request(request: str, note: str) -> str:
	doc = _open_erasure(request)
	if not (note or "").strip():
		frappe.throw(_("Say why the request is rejected: the donor is told"), DataRequestError)
	doc.db_set(
		{
			"status": REJECTED,
			"completed_on": now_datetime(),
			"decided_by": frappe.session.user,
			"decision_note": note.strip(),
		}
	)
	donor = frappe.get_doc(DONOR, doc.donor)
	portal.send_notice(donor, "erasure_rejected", note.strip(), reference=doc)
	return doc.status


def stripe_customers(donor) -> list[str]:
	ids = {donor.stripe_customer} | set(
		frappe.get_all("LPN Recurring Donation", filters={"donor": donor.name}, pluck="stripe_customer")
	)
	return sorted(customer for customer in ids if customer)


def delete_stripe_customers(donor) -> list[str]:
	"""Delete the donor's Stripe customers (their subscriptions end with them); one already gone is fine."""
	from lpn_crm.lpn_payments.client import stripe_client

	customers = stripe_customers(donor)
	if not customers:
		return []
	client = stripe_client()
	for customer in customers:
		try:
			client.v1.customers.delete(customer)
		except stripe.InvalidRequestError as error:
			if getattr(error, "code", None) != "resource_missing":
				_stripe_refused(customer, error)
		except stripe.StripeError as error:
			_stripe_refused(customer, error)
	return customers


def erase_donor(donor, stripe_customer_ids: list[str] | None = None) -> None:
	"""Anonymise the donor and everything that copies their name; gifts, receipts and totals stay."""
	placeholder = f"{ERASED_NAME} {donor.name}"
	contact, user = donor.contact, donor.user
	for field in PERSONAL_FIELDS:
		donor.set(field, None)
	donor.donor_name = placeholder
	donor.erased, donor.erased_on = 1, now_datetime()
	for row in donor.consents:
		if row.granted and not row.withdrawn_on:
			row.withdrawn_on = max(getdate(today()), getdate(row.granted_on or today()))
	donor.flags.consent_channel = "Erasure"
	donor.flags.silent_duplicates = True
	donor.flags.skip_contact_sync = True
	donor.save(ignore_permissions=True, ignore_version=True)  # a Version row would keep the old values
	for doctype in ("LPN Donation", "LPN Receipt", "LPN Recurring Donation"):
		frappe.db.set_value(doctype, {"donor": donor.name}, "donor_name", placeholder, update_modified=False)
	frappe.db.set_value(
		"LPN Recurring Donation",
		{"donor": donor.name, "status": ("!=", "Cancelled")},
		{"status": "Cancelled", "stripe_customer": None, "card_brand": None, "card_last4": None},
		update_modified=False,
	)
	frappe.db.set_value(
		REQUEST, {"donor": donor.name}, {"donor_name": placeholder, "requested_by": None, "reason": None}
	)
	frappe.db.set_value(
		"LPN Donor Merge Log",
		{"into_donor": donor.name},
		"merged_donor_name",
		placeholder,
		update_modified=False,
	)
	_delete_traces(donor, stripe_customer_ids or [])
	if contact and frappe.db.exists("Contact", contact):
		frappe.delete_doc("Contact", contact, ignore_permissions=True, force=True, delete_permanently=True)
	_forget_user_on_records(donor.name, user, placeholder)
	_remove_user(user)


def _delete_traces(donor, stripe_customer_ids: list[str]) -> None:
	"""What holds the old values as free text: the donor's Version rows and comments, the emails sent about
	the donor and their gifts, files attached to the donor, the files of their past exports, and the logged
	Stripe events (their payloads carry the name, email and address Stripe had) that are done with."""
	references = [(DONOR, donor.name)]
	for doctype in ("LPN Donation", "LPN Recurring Donation"):
		references += [
			(doctype, name) for name in frappe.get_all(doctype, {"donor": donor.name}, pluck="name")
		]
	_delete_stripe_events([name for _doctype, name in references], stripe_customer_ids)
	frappe.db.delete("Version", {"ref_doctype": DONOR, "docname": donor.name})
	frappe.db.delete("Comment", {"reference_doctype": DONOR, "reference_name": donor.name})
	for doctype, name in references:
		frappe.db.delete("Communication", {"reference_doctype": doctype, "reference_name": name})
		frappe.db.delete("Email Queue", {"reference_doctype": doctype, "reference_name": name})
	requests = frappe.get_all(REQUEST, {"donor": donor.name}, pluck="name")
	files = frappe.get_all(
		"File",
		filters=[
			["attached_to_doctype", "in", (DONOR, REQUEST)],
			["attached_to_name", "in", [donor.name, *requests]],
		],
		pluck="name",
	)
	for file in files:
		frappe.delete_doc("File", file, ignore_permissions=True, force=True, delete_permanently=True)
	frappe.db.set_value(REQUEST, {"donor": donor.name}, {"export_file": None, "token_hash": None})


def _delete_stripe_events(references: list[str], customers: list[str]) -> None:
	"""Processed and Ignored events about the donor's records or Stripe customers; Failed and Received ones
	stay for staff (they may still have a payment to record)."""
	done = ("Processed", "Ignored")
	events = frappe.get_all(
		"LPN Stripe Event",
		filters={"reference_name": ("in", references), "status": ("in", done)},
		pluck="name",
	)
	for customer in customers:
		events += frappe.db.sql_list(
			"""select name from `tabLPN Stripe Event` where status in %(done)s and payload like %(customer)s""",
			{"done": done, "customer": f"%{customer}%"},
		)
	if events:
		frappe.db.delete("LPN Stripe Event", {"name": ("in", list(set(events)))})


def _forget_user_on_records(donor: str, user: str | None, placeholder: str) -> None:
	"""The donor's login (an email) also stands as the author of what they did on the portal: the requests,
	the ledger lines, the donor record itself. It is replaced by the placeholder."""
	if not user:
		return
	for doctype, filters in (
		(REQUEST, {"donor": donor}),
		("LPN Consent Log", {"donor": donor}),
		(DONOR, {"name": donor}),
	):
		for field in ("owner", "modified_by"):
			frappe.db.set_value(doctype, {**filters, field: user}, field, placeholder, update_modified=False)
	frappe.db.set_value(
		"LPN Consent Log", {"donor": donor, "changed_by": user}, "changed_by", None, update_modified=False
	)


def _remove_user(user: str | None) -> None:
	"""The donor's website login goes; a staff account (desk user) is only unlinked."""
	if not user or not frappe.db.exists("User", user) or user in ("Administrator", "Guest"):
		return
	if frappe.db.get_value("User", user, "user_type") != "Website User":
		return
	if frappe.db.exists(DONOR, {"user": user, "erased": 0}):
		return  # the login also serves another donor record of theirs
	frappe.delete_doc("User", user, ignore_permissions=True, force=True, delete_permanently=True)


def _open_erasure(request: str):
	doc = frappe.get_doc(REQUEST, request)
	doc.check_permission("write")
	if doc.request_type != ERASURE or doc.status != OPEN:
		frappe.throw(_("Only an open erasure request can be decided"), DataRequestError)
	return doc


def _new_request(donor, request_type: str, reason: str = ""):
	return frappe.get_doc(
		{
			"doctype": REQUEST,
			"request_type": request_type,
			"donor": donor.name,
			"donor_name": donor.donor_name,
			"requested_by": frappe.session.user,
			"status": OPEN,
			"reason": reason,
		}
	).insert(ignore_permissions=True)


def _stripe_refused(customer: str, error: stripe.StripeError):
	from lpn_crm.lpn_payments.client import refuse_after_stripe_error

	refuse_after_stripe_error(
		f"Stripe customer {customer} not deleted",
		error,
		_("Stripe could not delete the donor's card data just now, so nothing was erased. Try again later."),
		DataRequestError,
	)


def _rows(doctype: str, filters: dict) -> list[dict]:
	fields = [
		f.fieldname
		for f in frappe.get_meta(doctype).fields
		if f.fieldtype not in frappe.model.no_value_fields
	]
	fields = ["name", "creation", *[f for f in fields if f not in NOT_EXPORTED]]
	return [
		_plain(row)
		for row in frappe.get_all(doctype, filters=filters, fields=fields, order_by="creation asc")
	]


def _plain(row: dict) -> dict:
	return {
		key: value for key, value in dict(row).items() if key not in NOT_EXPORTED and not key.startswith("_")
	}


def _csv(rows: list[dict]) -> str:
	columns = list(dict.fromkeys(key for row in rows for key in row))
	out = io.StringIO()
	writer = csv.DictWriter(out, fieldnames=columns or ["empty"])
	writer.writeheader()
	for row in rows:
		writer.writerow({key: "" if value is None else value for key, value in row.items()})
	return out.getvalue()


def _hash(token: str) -> str:
	return hashlib.sha256(token.encode("utf-8")).hexdigest()
