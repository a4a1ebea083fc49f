"""Donor identity: match keys, duplicate lookup, consent, merge."""

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime, today

from lpn_crm.domain.matching import DonorKeys, donor_keys, likely_duplicate
from lpn_crm.fundraising.exceptions import DonorMergeError

DONOR = "LPN Donor"
# Tax ID types that are 13-digit Thai numbers (checked, and reportable through e-Donation).
THAI_ID_TYPES = ("Thai National ID", "Thai Taxpayer ID")
KEY_FIELDS = ("email_key", "phone_key", "name_key", "search_name_key")


def keys_of(doc) -> DonorKeys:
	return donor_keys(doc.get("email"), doc.get("phone"), doc.get("donor_name"), doc.get("search_name"))


def find_duplicates(keys: DonorKeys, exclude: str | None = None, limit: int = 10) -> list[dict]:
	"""Donors that are likely the same person as `keys`, each with the reasons.

	One indexed equality lookup per key (a UNION, never an OR across columns), so the cost does not grow
	with the number of donors. An erased donor is never one (their keys are gone too).
	"""
	lookups = []
	values = {"exclude": exclude or "", "limit": limit}
	for column, value in (
		("email_key", keys.email),
		("phone_key", keys.phone),
		("name_key", keys.name),
		("name_key", keys.search_name),
		("search_name_key", keys.name),
		("search_name_key", keys.search_name),
	):
		if value:
			param = f"v{len(lookups)}"
			values[param] = value
			lookups.append(
				f"(select name from `tabLPN Donor` where `{column}` = %({param})s and name != %(exclude)s"
				f" and erased = 0 limit %(limit)s)"
			)
	if not lookups:
		return []
	names = frappe.db.sql_list(" union ".join(lookups), values)
	if not names:
		return []
	rows = frappe.get_all(
		DONOR,
		filters={"name": ("in", names)},
		fields=["name", "donor_name", "email", "phone", *KEY_FIELDS],
	)
	found = []
	for row in rows:
		other = DonorKeys(row.email_key, row.phone_key, row.name_key, row.search_name_key)
		reasons = likely_duplicate(keys, other)
		if reasons:
			found.append({"name": row.name, "donor_name": row.donor_name, "reasons": reasons})
	return sorted(found, key=lambda row: row["name"])[:limit]


def describe_duplicates(duplicates: list[dict]) -> str:
	return "\n".join(
		f"{row['name']} ({row['donor_name']}): {', '.join(row['reasons'])}" for row in duplicates
	)


# has_consent as one SQL condition on `{donor}` (a donor name column), for segments of many donors at once:
# a granted row for %(purpose)s, granted by %(today)s (or undated), not withdrawn by then. Keep the two alike
# (tests/test_campaigns.py checks they agree).
CONSENT_SQL = """exists (select 1 from `tabLPN Donor Consent` c
	where c.parent = {donor} and c.parenttype = 'LPN Donor' and c.purpose = %(purpose)s and c.granted = 1
	and (c.granted_on is null or c.granted_on <= %(today)s)
	and (c.withdrawn_on is null or c.withdrawn_on > %(today)s))"""


def has_consent(donor, purpose: str, on_date=None) -> bool:
	"""Whether the donor's consent for `purpose` stands on `on_date` (today by default)."""
	on_date = getdate(on_date or today())
	for row in donor.get("consents") or []:
		if row.purpose != purpose or not row.granted:
			continue
		if row.granted_on and getdate(row.granted_on) > on_date:
			continue
		if row.withdrawn_on and getdate(row.withdrawn_on) <= on_date:
			continue
		return True
	return False


def merge_donors(source: str, target: str, reason: str = "") -> str:
	"""Merge donor `source` into `target`: every link to `source` is re-pointed, `source` is gone.

	Frappe's rename-with-merge re-points every Link field on the site, including doctypes later issues
	add. A merge log keeps who merged what, when and why.
	"""
	if source == target:
		frappe.throw(_("A donor cannot be merged into itself"), DonorMergeError)
	for name in (source, target):
		if not frappe.db.exists(DONOR, name):
			frappe.throw(_("Donor {0} does not exist").format(name), DonorMergeError)
	moved = count_links(source)
	source_name = frappe.db.get_value(DONOR, source, "donor_name")
	frappe.rename_doc(DONOR, source, target, merge=True, force=True, show_alert=False)
	log = frappe.get_doc(
		{
			"doctype": "LPN Donor Merge Log",
			"merged_donor": source,
			"merged_donor_name": source_name,
			"into_donor": target,
			"merged_by": frappe.session.user,
			"merged_on": now_datetime(),
			"reason": reason,
			"moved_records": "\n".join(f"{doctype}: {count}" for doctype, count in moved.items() if count),
		}
	).insert(ignore_permissions=True)
	from lpn_crm.fundraising.rollups import recompute_donor_rollups

	recompute_donor_rollups(target)
	target_doc = frappe.get_doc(DONOR, target)
	target_doc.save(ignore_permissions=True)  # refresh keys and the duplicate flag
	return log.name


def count_links(donor: str) -> dict[str, int]:
	"""How many records of each doctype link to `donor` (what a merge will move)."""
	links = frappe.get_all(
		"DocField",
		filters={"fieldtype": "Link", "options": DONOR, "parent": ("!=", DONOR)},
		fields=["parent", "fieldname"],
	)
	counts = {}
	for link in links:
		if frappe.get_meta(link.parent).istable:
			continue
		counts[link.parent] = counts.get(link.parent, 0) + frappe.db.count(
			link.parent, {link.fieldname: donor}
		)
	return counts


def link_donor_to_user(login_manager=None) -> list[str]:
	"""On login: donor records with the user's email (compared normalised) are linked to the user, who gets
	the LPN Donor role, so their gifts and receipts show on /my-donations. A donor already linked to
	another user is left alone."""
	from lpn_crm.access import DONOR as DONOR_ROLE
	from lpn_crm.domain.matching import normalize_email

	user = frappe.session.user
	if user in ("Guest", "Administrator"):
		return []
	key = normalize_email(frappe.db.get_value("User", user, "email"))
	if not key:
		return []
	unlinked = frappe.get_all(DONOR, filters={"email_key": key, "user": ("is", "not set")}, pluck="name")
	for name in unlinked:
		frappe.db.set_value(DONOR, name, "user", user, update_modified=False)
	if (unlinked or frappe.db.exists(DONOR, {"user": user})) and DONOR_ROLE not in frappe.get_roles(user):
		account = frappe.get_doc("User", user)
		# The user cannot grant themselves a role (roles are permlevel 1); the system does it for them.
		account.flags.ignore_permissions = True
		account.add_roles(DONOR_ROLE)
	return unlinked


def queue_contact_sync(donors: list[str]) -> None:
	"""Make the Contacts of donors written in bulk (which skips their on_update), after commit, in one job."""
	if donors:
		frappe.enqueue(
			"lpn_crm.fundraising.donors.sync_contacts",
			queue="default",
			job_id=f"lpn-contact-sync-{donors[0]}-{len(donors)}",
			deduplicate=True,
			enqueue_after_commit=True,
			donors=list(donors),
		)


def sync_contacts(donors: list[str]) -> None:
	"""Job entry: each donor's Contact, as saving the donor makes it; one donor's failure stops no other."""
	for name in donors:
		frappe.db.savepoint("lpn_contact_sync")
		try:
			frappe.get_doc(DONOR, name).sync_contact()
		except Exception:
			frappe.db.rollback(save_point="lpn_contact_sync")
			frappe.log_error(title=f"Contact for donor {name} could not be made")
