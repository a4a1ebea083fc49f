// Copyright (c) 2026, Labour Protection Network

frappe.listview_settings["LPN Sync Job"] = {
	get_indicator(doc) {
		const colour = { Pending: "orange", Waiting: "yellow", Sent: "green", Failed: "red" }[doc.status];
		return [__(doc.status), colour, `status,=,${doc.status}`];
	},
};
