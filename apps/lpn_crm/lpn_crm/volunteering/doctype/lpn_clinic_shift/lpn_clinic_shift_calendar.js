// Copyright (c) 2026, Labour Protection Network. License: AGPL-3.0-or-later
// The desk calendar of clinic shifts: each shift from its start to its end, coloured by its state.

frappe.views.calendar["LPN Clinic Shift"] = {
	field_map: {
		start: "starts_at",
		end: "ends_at",
		id: "name",
		title: "clinic",
		status: "status",
	},
	style_map: {
		Draft: "default",
		Open: "success",
		Full: "warning",
		Cancelled: "danger",
		Completed: "info",
	},
	fields: ["clinic", "starts_at", "ends_at", "status", "confirmed_count", "capacity"],
	gantt: false,
};
