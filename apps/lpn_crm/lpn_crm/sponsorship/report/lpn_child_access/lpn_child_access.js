// Copyright (c) 2026, Labour Protection Network

frappe.query_reports["LPN Child Access"] = {
	filters: [
		{ fieldname: "from_date", label: __("From"), fieldtype: "Date", default: frappe.datetime.add_days(frappe.datetime.get_today(), -30) },
		{ fieldname: "to_date", label: __("To"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "record", label: __("Record"), fieldtype: "Data" },
		{ fieldname: "user", label: __("User"), fieldtype: "Link", options: "User" },
		{
			fieldname: "method",
			label: __("Access"),
			fieldtype: "Select",
			options: ["", "Read", "Refused", "Sponsor portal", "Print", "Email", "Export"].map((value) => ({ value, label: __(value) })),
		},
	],
	onload(report) {
		// rows are queued by the reads themselves and written every few minutes: write them now first
		report.page.add_inner_button(__("Latest reads"), () =>
			frappe.xcall("lpn_crm.api.sponsorship.flush_access_log").then(() => report.refresh())
		);
	},
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		return data && data.refused && column.fieldname === "method_label" ? `<span class="text-danger">${value}</span>` : value;
	},
};
