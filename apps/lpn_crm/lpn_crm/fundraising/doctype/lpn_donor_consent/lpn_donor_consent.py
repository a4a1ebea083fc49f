# Copyright (c) 2026, Labour Protection Network

import frappe
from frappe.model.document import Document


def own_parent_doc(row: Document) -> Document | None:
	"""The donor a consent row belongs to, also for a row loaded on its own (`frappe.client.get`,
	/api/resource): Frappe checks a row's permission on its parent_doc and, without one, only on the parent
	doctype, so any donor could read any donor's row by its name."""
	parent = Document.parent_doc.fget(row)
	if parent is None and row.parent and row.parenttype:
		parent = frappe.get_doc(row.parenttype, row.parent)
		row._parent_doc = parent
	return parent


class LPNDonorConsent(Document):
	parent_doc = property(own_parent_doc, Document.parent_doc.fset, Document.parent_doc.fdel)
