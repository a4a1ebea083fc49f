// Copyright (c) 2026, Labour Protection Network. License: AGPL-3.0-or-later

frappe.query_reports["LPN Child Term Ledger"] = {
	filters: [
		{ fieldname: "school_year", label: __("School Year"), fieldtype: "Int", reqd: 1,
			default: new Date().getMonth() >= 4 ? new Date().getFullYear() : new Date().getFullYear() - 1 },
		{ fieldname: "term", label: __("Term"), fieldtype: "Int", default: 1, reqd: 1 },
		{ fieldname: "child", label: __("Child"), fieldtype: "Link", options: "LPN Child" },
	],
};
