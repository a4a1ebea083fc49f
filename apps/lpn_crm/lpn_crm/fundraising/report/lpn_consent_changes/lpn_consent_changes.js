// Copyright (c) 2026, Labour Protection Network. License: AGPL-3.0-or-later

frappe.query_reports["LPN Consent Changes"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.month_start(), -11),
		},
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{
			fieldname: "purpose",
			label: __("Purpose"),
			fieldtype: "Data",
		},
		{
			fieldname: "channel",
			label: __("How"),
			fieldtype: "Select",
			options: ["", "Portal", "Desk", "Form", "Email", "Phone", "In Person", "Online Donation", "Import", "Erasure"],
		},
	],
};
