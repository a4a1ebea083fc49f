"""The e-Donation ledger: which donations the Revenue Department should hear of, in batches."""

import frappe
from frappe import _
from frappe.core.doctype.access_log.access_log import make_access_log
from frappe.utils import getdate, now_datetime

from lpn_crm.domain.e_donation import edonation_row, eligibility, to_csv
from lpn_crm.domain.money import to_decimal
from lpn_crm.fundraising.donors import THAI_ID_TYPES, has_consent
from lpn_crm.fundraising.exceptions import EDonationError

CONSENT_PURPOSE = "e-Donation Reporting"
BATCH = "LPN e-Donation Batch"


def eligibility_of(donations: list) -> dict[str, dict]:
	"""The e-Donation state of newly submitted donations, from their donors' IDs and consents:
	{donation name: {"edonation_status", "edonation_note"}}. Two queries, however many donations.
	A donation already submitted to (or confirmed by) the Revenue Department keeps its state."""
	open_ = [d for d in donations if d.edonation_status not in ("Submitted", "Confirmed")]
	if not open_:
		return {}
	names = tuple({d.donor for d in open_})
	ids = {
		row.name: row.tax_id if row.tax_id_type in THAI_ID_TYPES else None
		for row in frappe.get_all(
			"LPN Donor", filters={"name": ("in", names)}, fields=["name", "tax_id", "tax_id_type"]
		)
	}
	consents: dict[str, list] = {}
	for row in frappe.get_all(
		"LPN Donor Consent",
		filters={"parenttype": "LPN Donor", "parent": ("in", names), "purpose": CONSENT_PURPOSE},
		fields=["parent", "purpose", "granted", "granted_on", "withdrawn_on"],
	):
		consents.setdefault(row.parent, []).append(row)
	states = {}
	for donation in open_:
		eligible, reason = eligibility(
			ids.get(donation.donor),
			has_consent(
				frappe._dict(consents=consents.get(donation.donor, [])),
				CONSENT_PURPOSE,
				donation.donation_date,
			),
			to_decimal(donation.base_amount),
			bool(donation.is_in_kind),
		)
		states[donation.name] = {
			"edonation_status": "To Submit" if eligible else "Not Eligible",
			"edonation_note": reason,
		}
	return states


def create_batch(from_date: str, to_date: str) -> str:
	"""A new draft batch holding every donation to submit in the date range."""
	return frappe.get_doc({"doctype": BATCH, "from_date": from_date, "to_date": to_date}).insert().name


def donations_to_submit(from_date, to_date) -> list[str]:
	"""The submitted, eligible donations in the range that no batch holds yet; refuses an empty batch."""
	if getdate(from_date) > getdate(to_date):
		frappe.throw(_("The batch's start date is after its end date"), EDonationError)
	names = frappe.get_all(
		"LPN Donation",
		filters={
			"docstatus": 1,
			"edonation_status": "To Submit",
			"edonation_batch": ("is", "not set"),
			"donation_date": ("between", [from_date, to_date]),
		},
		pluck="name",
	)
	if not names:
		frappe.throw(
			_("No donations to submit between {0} and {1}").format(from_date, to_date), EDonationError
		)
	return names


def attach_donations(batch: str, names: list[str]) -> None:
	"""Claim the donations for the batch, those no other batch claimed first; refuses a batch left empty.

	The UPDATE checks each row as it is latest, after any other batch's claim on it commits: two batches
	built at once never both hold a gift, whatever each read before.
	"""
	frappe.db.set_value(
		"LPN Donation",
		{
			"name": ("in", names),
			"docstatus": 1,
			"edonation_status": "To Submit",
			"edonation_batch": ("is", "not set"),
		},
		"edonation_batch",
		batch,
	)
	if not update_batch_totals(batch):
		frappe.throw(_("Another batch has just taken these donations"), EDonationError)


def update_batch_totals(batch: str) -> int:
	"""Count and total of the batch from the donations it holds; returns the count."""
	count, total = frappe.db.sql(
		"select count(*), coalesce(sum(base_amount), 0) from `tabLPN Donation` where edonation_batch = %s",
		batch,
	)[0]
	frappe.db.set_value(BATCH, batch, {"donation_count": count, "total_amount": total})
	return count


def batch_rows(batch: str) -> list[tuple]:
	"""The batch's rows in the Revenue Department's field order: donor ID, name, amount, date."""
	donations = frappe.db.sql(
		"""select d.donation_date, d.base_amount, r.tax_id, r.donor_name
		from `tabLPN Donation` d join `tabLPN Donor` r on r.name = d.donor
		where d.edonation_batch = %s order by d.donation_date, d.name""",
		batch,
		as_dict=True,
	)
	return [
		edonation_row(row.tax_id, row.donor_name, to_decimal(row.base_amount), getdate(row.donation_date))
		for row in donations
	]


def export_csv(batch: str) -> str:
	"""The batch as the Revenue Department's CSV. It carries donors' Thai tax IDs, so who took it, and
	when, is kept in Frappe's Access Log."""
	content = to_csv(batch_rows(batch))
	make_access_log(doctype=BATCH, document=batch, method="Export", file_type="CSV")
	return content


def mark_batch(batch: str, status: str) -> None:
	"""Move a batch (and its donations) to Submitted or Confirmed."""
	doc = frappe.get_doc(BATCH, batch)
	allowed = {"Submitted": "Draft", "Confirmed": "Submitted"}
	if allowed.get(status) != doc.status:
		frappe.throw(_("A {0} batch cannot be marked {1}").format(doc.status, status), EDonationError)
	values = {"status": status}
	if status == "Submitted":
		values.update(submitted_on=now_datetime(), submitted_by=frappe.session.user)
	doc.db_set(values)
	frappe.db.set_value("LPN Donation", {"edonation_batch": batch}, "edonation_status", status)


def reverse_on_cancel(donation) -> None:
	"""A cancelled gift leaves the ledger: out of a draft batch, or flagged if already reported."""
	if donation.edonation_status in ("Submitted", "Confirmed"):
		# The Revenue Department already has it: staff must correct it there, so say so loudly.
		donation.db_set(
			{
				"needs_review": 1,
				"review_note": _(
					"Cancelled after it was reported in e-Donation batch {0}: correct it there"
				).format(donation.edonation_batch),
			},
			update_modified=False,
		)
		return
	batch = donation.edonation_batch
	donation.db_set(
		{"edonation_status": "Not Eligible", "edonation_note": _("Cancelled"), "edonation_batch": None},
		update_modified=False,
	)
	if batch:
		update_batch_totals(batch)
