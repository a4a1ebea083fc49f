// Copyright (c) 2026, Labour Protection Network. License: AGPL-3.0-or-later
// The period filters of LPN's date-range reports (Top Donors, Donations Analysis): all time by default, a
// fiscal year, or dates; the server works out the dates and prints the period above the report.
frappe.provide("lpn_crm");
lpn_crm.report_period_filters = () => [
	{
		fieldname: "period",
		label: __("Period"),
		fieldtype: "Select",
		options: [
			{ value: "All Time", label: __("All Time") },
			{ value: "This Fiscal Year", label: __("This Fiscal Year") },
			{ value: "Last Fiscal Year", label: __("Last Fiscal Year") },
			{ value: "Fiscal Year", label: __("Fiscal Year") },
			{ value: "Date Range", label: __("Date Range") },
		],
		default: "All Time",
		reqd: 1,
	},
	{
		fieldname: "fiscal_year",
		label: __("Fiscal Year"),
		fieldtype: "Int",
		depends_on: "eval:doc.period=='Fiscal Year'",
		default: new Date().getFullYear(),
	},
	{
		fieldname: "from_date",
		label: __("From Date"),
		fieldtype: "Date",
		depends_on: "eval:doc.period=='Date Range'",
		default: frappe.datetime.add_months(frappe.datetime.get_today(), -12),
	},
	{
		fieldname: "to_date",
		label: __("To Date"),
		fieldtype: "Date",
		depends_on: "eval:doc.period=='Date Range'",
		default: "Today",
	},
];
