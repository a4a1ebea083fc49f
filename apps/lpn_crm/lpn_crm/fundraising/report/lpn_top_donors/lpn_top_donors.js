// Copyright (c) 2026, Labour Protection Network. License: AGPL-3.0-or-later

frappe.query_reports["LPN Top Donors"] = {
	filters: [
		...lpn_crm.report_period_filters(),
		{ fieldname: "limit", label: __("Number of Donors"), fieldtype: "Int", default: 20 },
	],
};
