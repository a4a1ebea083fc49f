"""Row-level access for donors who log in: they see their own donor record, gifts and receipts.

One SQL condition serves both the list query (permission_query_conditions) and the single-document
check (has_permission), so the two can never disagree (lpn_crm.row_access).
"""

import frappe

from lpn_crm import row_access
from lpn_crm.access import FUNDRAISING_STAFF

# doctype -> the column that names the donor
DONOR_SCOPED = {
	"LPN Donor": "name",
	"LPN Donation": "donor",
	"LPN Receipt": "donor",
	"LPN Recurring Donation": "donor",
	# a child table: its rows belong to the donor they are filed under
	"LPN Donor Consent": "parent",
}
UNSCOPED_ROLES = set(FUNDRAISING_STAFF)


def donor_condition(doctype: str, user: str | None = None) -> str:
	"""SQL restricting `doctype` to rows of the donor linked to `user`; "" for staff."""
	user = user or frappe.session.user
	if row_access.is_unscoped(user, UNSCOPED_ROLES):
		return ""
	column = DONOR_SCOPED[doctype]
	return (
		f"`tab{doctype}`.`{column}` in "
		f"(select `name` from `tabLPN Donor` where `user` = {frappe.db.escape(user)})"
	)


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return row_access.query_conditions(donor_condition, user, doctype)


def has_permission(doc, ptype: str | None = None, user: str | None = None, **kwargs) -> bool | None:
	return row_access.has_permission(donor_condition, doc, user)
