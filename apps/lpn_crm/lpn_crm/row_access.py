"""Row-level access from one SQL condition: the list query (permission_query_conditions) and the
single-document check (has_permission) are both answered from the same `condition(doctype, user)`, so the
two can never disagree. A module keeps only its condition and two one-line hooks:

	def query_conditions(user=None, doctype=None):
		return row_access.query_conditions(my_condition, user, doctype)

	def has_permission(doc, ptype=None, user=None, **kwargs):
		return row_access.has_permission(my_condition, doc, user)
"""

from collections.abc import Callable

import frappe

# condition(doctype, user) -> SQL restricting `doctype` to the rows `user` may see; "" for all rows
Condition = Callable[[str, str | None], str]


def is_unscoped(user: str, roles: set[str]) -> bool:
	"""Administrator, or a user holding one of `roles`: sees every row."""
	return user == "Administrator" or bool(roles & set(frappe.get_roles(user)))


def query_conditions(condition: Condition, user: str | None, doctype: str | None) -> str:
	return condition(doctype, user)


def has_permission(condition: Condition, doc, user: str | None) -> bool | None:
	"""None (the role permissions decide) when unscoped; else whether `doc` is one of the rows."""
	sql = condition(doc.doctype, user)
	if not sql:
		return None
	if doc.is_new() or not doc.name:
		return False
	return bool(frappe.db.sql(f"select 1 from `tab{doc.doctype}` where name = %s and {sql}", doc.name))


def row_visible(condition: Condition, doctype: str, name: str, user: str | None = None) -> bool:
	"""Whether `user` may read the row `name` of `doctype`, in one query and without loading the document:
	their roles' read permission on the doctype, and the row meeting `condition`. For hot endpoints (a
	booking) that need only the answer; has_permission gives the same one for a loaded document."""
	if not frappe.has_permission(doctype, "read", user=user):
		return False
	sql = condition(doctype, user)
	where = f" and {sql}" if sql else ""
	return bool(frappe.db.sql(f"select 1 from `tab{doctype}` where name = %s{where}", name))
