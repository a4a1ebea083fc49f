// Copyright (c) 2026, Labour Protection Network
frappe.listview_settings["LPN Donation"] = {
	add_fields: ["status", "needs_review"],
	get_indicator(doc) {
		if (doc.needs_review) return [__("Needs Review"), "orange", "needs_review,=,1"];
		const colours = {
			Draft: "red",
			Paid: "green",
			Refunded: "gray",
			"Partly Refunded": "yellow",
			Disputed: "orange",
			Cancelled: "gray",
		};
		return [frappe.utils.escape_html(__(doc.status)), colours[doc.status] || "blue", `status,=,${doc.status}`];
	},
};
