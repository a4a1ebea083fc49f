"""Who sees which child, sponsorship and sponsor update: the one condition of the sponsorship module.

- Sponsorship Coordinators (and System Managers) see every row; the doctypes' permission levels decide the
  fields (a child's health, legal status, case notes, address and guardians sit at level 1, read by them
  only).
- Fundraising staff see every sponsorship and a child's level-0 fields, never level 1, never updates.
- A sponsor's rows are their own current sponsorships (Active or Paused), the children of those, and the
  approved updates of those (and the letters they wrote). Sponsors hold no role permission on these
  doctypes, so no generic endpoint (REST, list and report views, get_value / get_count, search, print,
  files) answers them at all: the portal (`sponsorship.portal`) reads these rows server-side, through this
  condition and the field whitelist of `domain.sponsorship`.
- Everyone else (guests, donors, volunteers) has no row.

One SQL condition serves the list query (permission_query_conditions), the single-document check
(has_permission) and the portal, so they can never disagree. A refused single-document check is recorded
(`sponsorship.access`), so is every read of a child record.
"""

import frappe

from lpn_crm.access import (
	FUNDRAISING_MANAGER,
	FUNDRAISING_USER,
	SPONSOR,
	SPONSORSHIP_COORDINATOR,
	SYSTEM_MANAGER,
)
from lpn_crm.domain.sponsorship import (
	APPROVED_UPDATE_STATES,
	CURRENT_SPONSORSHIP_STATES,
	LETTER_FROM_SPONSOR,
)

CHILD, SPONSORSHIP, UPDATE = "LPN Child", "LPN Sponsorship", "LPN Sponsor Update"
PROTECTED_DOCTYPES = (CHILD, SPONSORSHIP, UPDATE)
# Child tables whose rows belong to a child: reachable only through their parent's permission.
CHILD_TABLES = ("LPN Child Guardian", "LPN Child Consent", "LPN Child Language")

UNSCOPED_ROLES = {SPONSORSHIP_COORDINATOR, SYSTEM_MANAGER}
# Fundraising staff: every sponsorship and a child's level-0 fields (the doctypes' permissions hold them
# there); the updates are the coordinators'.
FUNDRAISING_ROLES = {FUNDRAISING_MANAGER, FUNDRAISING_USER}
FUNDRAISING_UNSCOPED = (CHILD, SPONSORSHIP)
NO_ROWS = "1 = 0"


def is_coordinator(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(UNSCOPED_ROLES & set(frappe.get_roles(user)))


def is_sponsor_only(user: str | None = None) -> bool:
	"""A sponsor with no staff role: the portal is their only way in."""
	user = user or frappe.session.user
	roles = set(frappe.get_roles(user))
	return user != "Guest" and SPONSOR in roles and not (UNSCOPED_ROLES | FUNDRAISING_ROLES) & roles


def sql_list(values) -> str:
	return "(" + ", ".join(frappe.db.escape(v) for v in values) + ")"


def sponsor_donors(user: str) -> str:
	return f"(select `name` from `tabLPN Donor` where `user` = {frappe.db.escape(user)})"


def current_sponsorships(user: str) -> str:
	"""SQL: the names of `user`'s current sponsorships (they are the sponsor, Active or Paused)."""
	return (
		f"(select `name` from `tabLPN Sponsorship` where `sponsor` in {sponsor_donors(user)} "
		f"and `status` in {sql_list(CURRENT_SPONSORSHIP_STATES)})"
	)


def sponsor_condition(doctype: str, user: str) -> str:
	if doctype == SPONSORSHIP:
		return (
			f"(`tabLPN Sponsorship`.`sponsor` in {sponsor_donors(user)} "
			f"and `tabLPN Sponsorship`.`status` in {sql_list(CURRENT_SPONSORSHIP_STATES)})"
		)
	if doctype == CHILD:
		return (
			"`tabLPN Child`.`name` in (select `child` from `tabLPN Sponsorship` where `name` in "
			f"{current_sponsorships(user)})"
		)
	if doctype == UPDATE:
		return (
			f"(`tabLPN Sponsor Update`.`sponsorship` in {current_sponsorships(user)} and "
			f"(`tabLPN Sponsor Update`.`status` in {sql_list(APPROVED_UPDATE_STATES)} or "
			f"(`tabLPN Sponsor Update`.`type` = {frappe.db.escape(LETTER_FROM_SPONSOR)} and "
			f"`tabLPN Sponsor Update`.`owner` = {frappe.db.escape(user)})))"
		)
	raise ValueError(f"{doctype} has no sponsorship condition")


def condition(doctype: str, user: str | None = None) -> str:
	"""SQL restricting `doctype` to the rows `user` may see; "" when every row."""
	user = user or frappe.session.user
	if doctype not in PROTECTED_DOCTYPES:
		raise ValueError(f"{doctype} has no sponsorship condition")
	if is_coordinator(user):
		return ""
	roles = set(frappe.get_roles(user))
	if FUNDRAISING_ROLES & roles and doctype in FUNDRAISING_UNSCOPED:
		return ""
	if user != "Guest" and SPONSOR in roles:
		return sponsor_condition(doctype, user)
	return NO_ROWS


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return condition(doctype, user)


def row_allowed(doctype: str, name: str | None, user: str | None = None) -> bool:
	"""Whether the row `name` of `doctype` is one `user` may see (the same condition as the lists)."""
	where = condition(doctype, user)
	if not where:
		return True
	if not name or where == NO_ROWS:
		return False
	return bool(frappe.db.sql(f"select 1 from `tab{doctype}` where name = %s and {where}", name))


def has_permission(doc, ptype: str | None = None, user: str | None = None, **kwargs) -> bool | None:
	"""The single-document check: a row outside the condition is refused, and the attempt recorded; a read
	of a child record is recorded."""
	from lpn_crm.sponsorship import access

	user = user or frappe.session.user
	if doc.is_new() and not condition(doc.doctype, user):
		return None
	if doc.is_new() or not row_allowed(doc.doctype, doc.name, user):
		access.record_refusal(doc.doctype, doc.name, ptype, user)
		return False
	access.record_read(doc.doctype, doc.name, ptype, user)
	return None


def refuse_sharing(share, method=None) -> None:
	"""DocShare validate: a child, sponsorship or update is never shared with someone outside the
	coordinators, nor with everyone (sharing would step around the condition above)."""
	if share.share_doctype not in PROTECTED_DOCTYPES:
		return
	from frappe import _

	if share.everyone or not share.user or not is_coordinator(share.user):
		frappe.throw(
			_("Records of children and sponsorships are shared only with Sponsorship Coordinators"),
			frappe.PermissionError,
		)
