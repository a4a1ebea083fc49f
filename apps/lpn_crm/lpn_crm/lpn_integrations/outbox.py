"""The ERPNext outbox: every posted gift, refund, cancellation and sale leaves an `LPN Sync Job`, written in
the same transaction as the local change (so a rolled-back gift leaves no job, and a committed one always
has one), and a drain job is asked for after the commit.

Called from the one posting step every submitted gift passes (`fundraising.posting.post`, the Stripe batch
path included), from the donation's and the sale's cancel, and from a partial refund. A batch of gifts
costs two reads and one insert here, whatever its size.
"""

import json

import frappe
from frappe.utils import cint, flt, now_datetime

from lpn_crm.domain import erpnext_sync as es
from lpn_crm.lpn_integrations.settings import get_settings_doc, sync_enabled

JOB = "LPN Sync Job"
DONOR = "LPN Donor"
DONATION = "LPN Donation"
SALE = "LPN Sale"
PENDING = "Pending"
STRIPE_METHOD = "Card (Stripe)"
DRAIN_METHOD = "lpn_crm.lpn_integrations.sync.drain"
DRAIN_JOB_ID = "lpn-erpnext-sync"
# The jobs' names begin so; see write.
SERIES = "SYNC-"


def _dumps(facts: dict) -> str:
	return json.dumps(facts, default=str, separators=(",", ":"), ensure_ascii=False)


def job_row(
	doctype: str, name: str, action: str, target: str, ext_local_id: str, facts: dict, prefix: str
) -> dict:
	return {
		"reference_doctype": doctype,
		"reference_name": name,
		"action": action,
		"target_doctype": target,
		"external_id": es.external_id(prefix, ext_local_id),
		"payload": _dumps(facts),
		"status": PENDING,
		"attempts": 0,
	}


def gift_facts(donation) -> dict:
	"""What ERPNext needs of a gift, in THB."""
	return {
		"name": donation.name,
		"date": str(donation.donation_date),
		"amount": donation.base_amount,
		"fee": donation.get("fee_amount") or 0,
		"fund": donation.fund,
		"donor": donation.donor,
		"donor_name": donation.donor_name,
		"via_stripe": donation.payment_method == STRIPE_METHOD,
	}


def gift_local_id(donation) -> str:
	"""The Stripe object of an online gift (what finance reconciles against), else the donation's name."""
	return donation.get("stripe_charge") or donation.get("stripe_payment_intent") or donation.name


def queue_gifts(donations: list) -> None:
	"""Outbox rows for newly posted gifts: one insert, nothing read. (Their donors' Customers are queued by
	the worker, which looks up which donors ERPNext lacks: that read is not the posting's to pay.)"""
	if not donations:
		return
	settings = get_settings_doc()
	if not cint(settings.enabled):
		return
	prefix = settings.external_id_prefix or ""
	target = settings.donation_document or es.JOURNAL_ENTRY
	write(
		[
			job_row(DONATION, d.name, es.INSERT, target, gift_local_id(d), gift_facts(d), prefix)
			for d in donations
		]
	)


def customer_rows(donors: set[str], prefix: str) -> list[dict]:
	"""Customer jobs for those of `donors` that have none yet (the worker calls it for each batch)."""
	if not donors:
		return []
	sent = set(
		frappe.get_all(
			JOB,
			filters={"reference_doctype": DONOR, "reference_name": ("in", list(donors))},
			pluck="reference_name",
		)
	)
	new = sorted(donors - sent)
	if not new:
		return []
	details = frappe.get_all(
		DONOR, filters={"name": ("in", new)}, fields=["name", "donor_name", "donor_type", "email"]
	)
	return [
		job_row(
			DONOR,
			row.name,
			es.INSERT,
			es.CUSTOMER,
			row.name,
			{
				"name": row.name,
				"customer_name": row.donor_name,
				"email": row.email,
				"is_organisation": (row.donor_type or "") == "Organisation",
			},
			prefix,
		)
		for row in details
	]


def queue_cancel(doc) -> None:
	"""A local cancel: the remote document is cancelled (or reversed), never deleted, after its insert."""
	if not sync_enabled():
		return
	insert = frappe.db.get_value(
		JOB,
		{"reference_doctype": doc.doctype, "reference_name": doc.name, "action": es.INSERT},
		["target_doctype", "external_id"],
		as_dict=True,
	)
	if not insert:
		return  # never queued (sync was off when it was posted): nothing in ERPNext to undo
	row = job_row(doc.doctype, doc.name, es.CANCEL, insert.target_doctype, "", {"name": doc.name}, "")
	row["external_id"] = f"{insert.external_id}-REV"
	write([row])


def queue_refund(donation, refunded, refunded_in_all) -> None:
	"""A partial refund (`refunded` now, in the gift's currency): its own Journal Entry taking the refunded
	amount out of income. Its id carries the running total, so the same refund is never sent twice."""
	if not sync_enabled() or flt(refunded) <= 0:
		return
	base = flt(refunded) * (flt(donation.exchange_rate) or 1)
	facts = {**gift_facts(donation), "amount": round(base, 2), "date": str(now_datetime().date())}
	local_id = f"{gift_local_id(donation)}-REF-{flt(refunded_in_all):.2f}"
	write([job_row(DONATION, donation.name, es.REFUND, es.JOURNAL_ENTRY, local_id, facts, _prefix())])


def sale_facts(sale) -> dict:
	return {
		"name": sale.name,
		"date": str(sale.sale_date),
		"channel": sale.channel,
		"customer": sale.customer,
		"items": [
			{
				"product": line.product,
				"product_name": line.product_name,
				"qty": line.qty,
				"rate": line.rate,
				"amount": line.amount,
			}
			for line in sale.items
		],
	}


def queue_sale(sale) -> None:
	"""A submitted sale becomes a submitted Sales Invoice (and its buyer a Customer, if a donor)."""
	if not sync_enabled():
		return
	write([job_row(SALE, sale.name, es.INSERT, es.SALES_INVOICE, sale.name, sale_facts(sale), _prefix())])


def write(rows: list[dict]) -> None:
	"""All the rows in one INSERT, and a drain after the commit.

	Each row is named in the statement from the database's clock (SYNC-<yyyymmddhhmmssffffff>-<row><random>),
	so names sort in the order the jobs were written - a record's cancel after its insert - without a counter
	to read and lock. The statement is written here rather than through frappe.db.bulk_insert, whose query
	builder spent 48 of 65 ms making the SQL for a batch of 100 gifts (measured); these rows are the outbox's
	own log, never documents with controllers.
	"""
	if not rows:
		return
	user = frappe.session.user
	params = []
	for number, row in enumerate(rows):
		params.append(f"{number:05d}{frappe.generate_hash(length=4)}")
		params += [user, user]
		params += [row[field] for field in COLUMNS]
	placeholders = (
		f"(concat('{SERIES}', date_format(now(6), '%%Y%%m%%d%%H%%i%%s%%f'), '-', %s), now(6), now(6), %s, %s, "
		+ ", ".join(["%s"] * len(COLUMNS))
		+ ", 0, 0)"
	)
	frappe.db.sql(
		f"""insert into `tabLPN Sync Job`
		(`name`, `creation`, `modified`, `owner`, `modified_by`, {", ".join(f"`{c}`" for c in COLUMNS)},
		`docstatus`, `idx`)
		values {", ".join([placeholders] * len(rows))}""",
		params,
	)
	request_drain()


COLUMNS = (
	"reference_doctype",
	"reference_name",
	"action",
	"target_doctype",
	"external_id",
	"payload",
	"status",
	"attempts",
)


def request_drain() -> None:
	"""One drain job after the commit, however many writes the transaction made: the deduplication is
	checked when the commit happens, so a drain already queued or running is not queued twice."""
	if frappe.flags.get(_DRAIN_REQUESTED):
		return
	frappe.flags[_DRAIN_REQUESTED] = True
	frappe.db.after_commit.add(_enqueue_drain)
	frappe.db.after_rollback.add(_forget_drain)


_DRAIN_REQUESTED = "lpn_sync_drain_requested"


def _forget_drain() -> None:
	frappe.flags[_DRAIN_REQUESTED] = False


def _enqueue_drain() -> None:
	_forget_drain()
	frappe.enqueue(DRAIN_METHOD, queue="long", job_id=DRAIN_JOB_ID, deduplicate=True)


def _prefix() -> str:
	return get_settings_doc().external_id_prefix or ""
