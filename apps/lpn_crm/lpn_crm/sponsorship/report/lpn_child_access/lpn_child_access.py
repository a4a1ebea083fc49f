# Copyright (c) 2026, Labour Protection Network
"""Who read a child's record, and who was refused a child, a sponsorship or an update (Frappe's Access Log,
written by lpn_crm.sponsorship.access, and the desk's View Log), newest first. Coordinators only."""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, today

from lpn_crm.access import SPONSORSHIP_COORDINATOR, SYSTEM_MANAGER, check_roles
from lpn_crm.sponsorship.permissions import PROTECTED_DOCTYPES

KINDS = ("Read", "Refused", "Sponsor portal", "Print", "Email", "Export")
LIMIT = 2000


def execute(filters=None):
	check_roles((SPONSORSHIP_COORDINATOR, SYSTEM_MANAGER))
	filters = frappe._dict(filters or {})
	return columns(), rows(filters)


def rows(filters) -> list[dict]:
	since = getdate(filters.from_date or add_days(today(), -30))
	until = getdate(filters.to_date or today())
	conditions = {
		"export_from": ("in", PROTECTED_DOCTYPES),
		"timestamp": ("between", (f"{since} 00:00:00", f"{until} 23:59:59.999999")),
	}
	if filters.record:
		conditions["reference_document"] = filters.record
	if filters.user:
		conditions["user"] = filters.user
	if filters.method in KINDS:
		conditions["method"] = filters.method
	access = frappe.get_all(
		"Access Log",
		filters=conditions,
		fields=["timestamp", "user", "export_from", "reference_document", "method", "page"],
		order_by="timestamp desc",
		limit=LIMIT,
	)
	views = []
	if filters.method in (None, "", "Read"):
		view_filters = {
			"reference_doctype": "LPN Child",
			"creation": ("between", (f"{since} 00:00:00", f"{until} 23:59:59.999999")),
		}
		if filters.record:
			view_filters["reference_name"] = filters.record
		if filters.user:
			view_filters["viewed_by"] = filters.user
		views = [
			{
				"timestamp": v.creation,
				"user": v.viewed_by,
				"export_from": v.reference_doctype,
				"reference_document": v.reference_name,
				"method": "Desk form",
				"page": None,
			}
			for v in frappe.get_all(
				"View Log",
				filters=view_filters,
				fields=["creation", "viewed_by", "reference_doctype", "reference_name"],
				order_by="creation desc",
				limit=LIMIT,
			)
		]
	result = sorted([*access, *views], key=lambda r: r["timestamp"], reverse=True)[:LIMIT]
	labels = method_labels()
	for row in result:
		row["method_label"] = labels.get(row["method"], row["method"])
		row["record_type"] = _(row["export_from"])
		row["refused"] = int(row["method"] == "Refused")
	return result


def method_labels() -> dict[str, str]:
	return {
		"Read": _("Read"),
		"Refused": _("Refused"),
		"Sponsor portal": _("Sponsor portal"),
		"Print": _("Print"),
		"Email": _("Email"),
		"Export": _("Export"),
		"Desk form": _("Desk form"),
	}


def columns() -> list[dict]:
	return [
		{"fieldname": "timestamp", "label": _("When"), "fieldtype": "Datetime", "width": 170},
		{"fieldname": "user", "label": _("User"), "fieldtype": "Link", "options": "User", "width": 220},
		{"fieldname": "method_label", "label": _("Access"), "fieldtype": "Data", "width": 130},
		{"fieldname": "record_type", "label": _("Record Type"), "fieldtype": "Data", "width": 150},
		{
			"fieldname": "reference_document",
			"label": _("Record"),
			"fieldtype": "Dynamic Link",
			"options": "export_from",
			"width": 150,
		},
		{"fieldname": "page", "label": _("Path"), "fieldtype": "Data", "width": 260},
	]
