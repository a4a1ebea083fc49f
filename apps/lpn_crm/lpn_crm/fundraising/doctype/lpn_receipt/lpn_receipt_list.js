// Copyright (c) 2026, Labour Protection Network
frappe.listview_settings["LPN Receipt"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		return doc.status === "Cancelled"
			? [__("Cancelled"), "red", "status,=,Cancelled"]
			: [__("Issued"), "green", "status,=,Issued"];
	},
};
