// Copyright (c) 2026, Labour Protection Network

frappe.query_reports["LPN Campaign Daily Gifts"] = {
	filters: [{ fieldname: "days", label: __("Days"), fieldtype: "Int", default: 30 }],
};
