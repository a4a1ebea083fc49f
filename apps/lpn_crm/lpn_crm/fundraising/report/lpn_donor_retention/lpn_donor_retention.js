// Copyright (c) 2026, Labour Protection Network. License: AGPL-3.0-or-later

frappe.query_reports["LPN Donor Retention"] = {
	filters: [
		{
			fieldname: "from_year",
			label: __("From Fiscal Year"),
			fieldtype: "Int",
			description: __("Empty: five years up to To Fiscal Year."),
		},
		{
			fieldname: "to_year",
			label: __("To Fiscal Year"),
			fieldtype: "Int",
			description: __("Empty: the current fiscal year."),
		},
	],
};
