// Copyright (c) 2026, Labour Protection Network
// The campaign list: status colours and a progress bar in the percent column.

frappe.listview_settings["LPN Campaign"] = {
	add_fields: ["status", "percent_of_goal"],
	get_indicator(doc) {
		const colours = { Draft: "gray", Live: "green", Closed: "blue" };
		return [__(doc.status), colours[doc.status] || "gray", `status,=,${doc.status}`];
	},
	formatters: {
		percent_of_goal(value) {
			const percent = Math.max(0, Math.min(flt(value), 100));
			return `<div class="progress" style="height: 8px; margin-top: 6px" title="${flt(value)}%">
				<div class="progress-bar bg-success" style="width: ${percent}%"></div></div>`;
		},
	},
};
