// Copyright (c) 2026, Labour Protection Network. License: AGPL-3.0-or-later

frappe.query_reports["LPN Sponsorship Coverage"] = {
	filters: [
		{
			fieldname: "coverage",
			label: __("Coverage"),
			fieldtype: "Select",
			options: ["", "Fully Sponsored", "Partly Sponsored", "Not Sponsored"].map((value) => ({ value, label: __(value) })),
		},
		{
			fieldname: "origin",
			label: __("Origin"),
			fieldtype: "Select",
			options: ["", "Myanmar", "Laos", "Cambodia", "Stateless", "Other"].map((value) => ({ value, label: __(value) })),
		},
	],
};
