// Copyright (c) 2026, Labour Protection Network. License: AGPL-3.0-or-later

frappe.query_reports["LPN Upcoming Shifts"] = {
	filters: [
		{ fieldname: "days", label: __("Days Ahead"), fieldtype: "Int", default: 14, reqd: 1 },
		{ fieldname: "clinic", label: __("Clinic"), fieldtype: "Link", options: "LPN Clinic" },
	],
};
