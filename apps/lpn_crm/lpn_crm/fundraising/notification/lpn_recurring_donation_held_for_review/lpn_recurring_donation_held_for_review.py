"""The reason goes with the alert: the timeline note the mismatch left on the gift."""

import frappe


def get_context(context):
	return {
		"note": frappe.db.get_value(
			"Comment",
			{
				"reference_doctype": context["doc"].doctype,
				"reference_name": context["doc"].name,
				"comment_type": "Info",
			},
			"content",
			order_by="creation desc",
		)
	}
