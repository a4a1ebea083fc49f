// Copyright (c) 2026, Labour Protection Network. License: AGPL-3.0-or-later

frappe.query_reports["LPN Sponsorship Arrears"] = {
	filters: [
		{ fieldname: "as_of", label: __("As Of"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
		{ fieldname: "only_missed", label: __("Only Behind"), fieldtype: "Check", default: 1 },
	],
};
