"""Permission-aware stand-ins for Frappe's generic read endpoints, for the app's doctypes (hooks.py,
`override_whitelisted_methods`). Other doctypes get exactly what Frappe gives.

- `frappe.client.get_count` counts with `frappe.db.count`, without any permission check: any logged-in user
  would learn whether an email belongs to a donor. Here the app's doctypes count through `frappe.get_list`,
  so a donor counts only their own rows and a user without read permission is refused.
- `frappe.desk.search.search_link` / `search_widget` turn `ignore_user_permissions` into `ignore_permissions`,
  which drops the row-level conditions too: a donor would list every donor's name. Here the flag never lifts
  the app's row-level conditions.
- `frappe.desk.listview.get_group_by_count` counts assignments ("assigned_to") over every row the filters
  match, checking nothing: anyone learnt whether a donor with a given email or tax ID is assigned to staff.
"""

import frappe
from frappe import client as frappe_client
from frappe.desk import listview as frappe_listview
from frappe.desk import search as frappe_search
from frappe.model.db_query import DatabaseQuery, check_parent_permission
from frappe.utils import get_safe_filters

APP = "lpn_crm"


@frappe.whitelist()
def get_count(
	doctype: str,
	filters: str | dict | list | None = None,
	debug: bool = False,
	cache: bool = False,
) -> int:
	"""Frappe's `frappe.client.get_count`, counting the app's doctypes through the user's permissions."""
	if not is_app_doctype(doctype):
		return frappe_client.get_count(doctype, filters=filters, debug=debug, cache=cache)
	parent = parent_doctype_of(doctype)
	if parent:
		check_parent_permission(parent, doctype)
	else:
		frappe.has_permission(doctype, ptype=read_ptype(doctype), throw=True)
	# No cache: Frappe's count cache is shared by every user, and these counts differ from user to user.
	rows = frappe.get_list(
		doctype,
		filters=get_safe_filters(filters),
		fields=[f"count(`tab{doctype}`.`name`) as total"],
		parent_doctype=parent,
	)
	return rows[0].total if rows else 0


@frappe.whitelist()
def search_link(
	doctype: str,
	txt: str,
	query: str | None = None,
	filters: str | dict | list | None = None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
) -> list[dict]:
	"""Frappe's link search; `ignore_user_permissions` never lifts the app's row-level conditions."""
	check_search_permission(doctype, reference_doctype)
	return frappe_search.search_link(**search_arguments(locals()))


@frappe.whitelist()
def search_widget(
	doctype: str,
	txt: str,
	query: str | None = None,
	searchfield: str | None = None,
	start: int = 0,
	page_length: int = 10,
	filters: str | dict | list | None = None,
	filter_fields: str | list | None = None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	"""Frappe's search box query; `ignore_user_permissions` never lifts the app's row-level conditions."""
	check_search_permission(doctype, reference_doctype)
	return frappe_search.search_widget(**search_arguments(locals()))


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""Frappe's list sidebar counts; for the app's doctypes only over the rows the user may read."""
	if is_app_doctype(doctype):
		frappe.has_permission(doctype, ptype=read_ptype(doctype), throw=True)
		if field == "assigned_to" and DatabaseQuery(doctype).get_permission_query_conditions():
			# Frappe counts assignments over a query without permissions: narrow it to the rows this user
			# sees (few: a row-level condition applies to donors, never to staff).
			visible = frappe.get_list(
				doctype, filters=frappe.parse_json(current_filters), pluck="name", limit_page_length=0
			)
			current_filters = frappe.as_json({"name": ("in", visible or [""])})
	return frappe_listview.get_group_by_count(doctype, current_filters, field)


def check_search_permission(doctype: str, reference_doctype: str | None) -> None:
	"""The app's doctypes are searched only by users who may read them (Frappe's own search checks the
	same through the list query, unless a custom `query` answers instead)."""
	if is_app_doctype(doctype) and not parent_doctype_of(doctype):
		frappe.has_permission(
			doctype, ptype=read_ptype(doctype), parent_doctype=reference_doctype, throw=True
		)


def search_arguments(arguments: dict) -> dict:
	"""Frappe's search arguments as given, but `ignore_user_permissions` off for an app doctype with
	row-level conditions (Frappe would skip them with it)."""
	lifts = arguments["ignore_user_permissions"] and has_row_conditions(arguments["doctype"])
	return {**arguments, "ignore_user_permissions": False if lifts else arguments["ignore_user_permissions"]}


def is_app_doctype(doctype: str) -> bool:
	module = frappe.db.get_value("DocType", doctype, "module", cache=True) if doctype else None
	return bool(module) and module in frappe.get_module_list(APP)


def has_row_conditions(doctype: str) -> bool:
	return is_app_doctype(doctype) and bool(frappe.get_hooks("permission_query_conditions", {}).get(doctype))


def parent_doctype_of(doctype: str) -> str | None:
	"""The doctype whose table `doctype` is (None for a doctype that is not a child table)."""
	if not frappe.get_meta(doctype).istable:
		return None
	return frappe.db.get_value(
		"DocField", {"fieldtype": ("in", ("Table", "Table MultiSelect")), "options": doctype}, "parent"
	)


def read_ptype(doctype: str) -> str:
	return "select" if frappe.only_has_select_perm(doctype) else "read"
