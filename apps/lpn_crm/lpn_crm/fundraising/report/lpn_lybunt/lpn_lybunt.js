// Copyright (c) 2026, Labour Protection Network. License: AGPL-3.0-or-later

frappe.query_reports["LPN LYBUNT"] = {
	filters: [
		{
			fieldname: "fiscal_year",
			label: __("Fiscal Year"),
			fieldtype: "Int",
			description: __(
				"Donors who gave in the year before this fiscal year and not in it. Empty: the current fiscal year."
			),
		},
	],
};
