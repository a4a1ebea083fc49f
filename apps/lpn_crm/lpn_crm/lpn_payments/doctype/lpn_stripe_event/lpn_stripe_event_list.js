// Copyright (c) 2026, Labour Protection Network
frappe.listview_settings["LPN Stripe Event"] = {
	add_fields: ["status", "attempts"],
	get_indicator(doc) {
		const colours = { Received: "blue", Processed: "green", Ignored: "gray", Failed: "red" };
		return [__(doc.status), colours[doc.status] || "blue", `status,=,${doc.status}`];
	},
};
