// Copyright (c) 2026, Labour Protection Network
frappe.listview_settings["LPN Recurring Donation"] = {
	add_fields: ["status", "missed_periods"],
	get_indicator(doc) {
		const colours = { Pending: "orange", Active: "green", Paused: "yellow", Lapsed: "red", Cancelled: "gray" };
		return [__(doc.status), colours[doc.status] || "blue", `status,=,${doc.status}`];
	},
};
