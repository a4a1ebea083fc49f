// Copyright (c) 2026, Labour Protection Network. License: AGPL-3.0-or-later

frappe.query_reports["LPN SYBUNT"] = {
	filters: [
		{
			fieldname: "fiscal_year",
			label: __("Fiscal Year"),
			fieldtype: "Int",
			description: __(
				"Donors who gave in some earlier year and not in this fiscal year. This includes the LYBUNT donors (who gave last year). Empty: the current fiscal year."
			),
		},
		{
			fieldname: "lapsed_before_last_year",
			label: __("Lapsed before last year only"),
			fieldtype: "Check",
			description: __("Leave out the LYBUNT donors: only donors whose last gift is older than last year."),
		},
	],
};
