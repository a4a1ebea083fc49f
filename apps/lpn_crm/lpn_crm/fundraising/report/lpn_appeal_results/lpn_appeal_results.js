// Copyright (c) 2026, Labour Protection Network

frappe.query_reports["LPN Appeal Results"] = {
	filters: [{ fieldname: "campaign", label: __("Campaign"), fieldtype: "Link", options: "LPN Campaign" }],
};
