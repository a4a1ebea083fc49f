// Copyright (c) 2026, Labour Protection Network. License: AGPL-3.0-or-later

frappe.query_reports["LPN Top Donors"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			description: __("Empty: the start of the current fiscal year."),
		},
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: "Today" },
		{ fieldname: "limit", label: __("Number of Donors"), fieldtype: "Int", default: 20 },
	],
};
