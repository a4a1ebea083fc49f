// Copyright (c) 2026, Labour Protection Network. License: AGPL-3.0-or-later

frappe.query_reports["LPN Donations Analysis"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: ["Fund", "Payment Method", "Month", "Campaign"],
			default: "Fund",
			reqd: 1,
		},
		...lpn_crm.report_period_filters(),
		{ fieldname: "fund", label: __("Fund"), fieldtype: "Link", options: "LPN Fund" },
		{ fieldname: "campaign", label: __("Campaign"), fieldtype: "Link", options: "LPN Campaign" },
		{
			fieldname: "payment_method",
			label: __("Payment Method"),
			fieldtype: "Select",
			options: ["", "Bank Transfer", "Cash", "PromptPay", "Card (Stripe)", "Cheque"],
		},
	],
};
