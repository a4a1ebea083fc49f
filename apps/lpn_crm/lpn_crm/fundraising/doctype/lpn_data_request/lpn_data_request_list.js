// The review queue: open requests past their 30-day deadline stand out in red.
frappe.listview_settings["LPN Data Request"] = {
	add_fields: ["status", "deadline", "request_type"],
	get_indicator(doc) {
		if (doc.status === "Open") {
			const late = doc.deadline && frappe.datetime.get_diff(doc.deadline, frappe.datetime.get_today()) < 0;
			return late ? [__("Overdue"), "red", "status,=,Open"] : [__("Open"), "orange", "status,=,Open"];
		}
		const colours = { Completed: "green", Rejected: "grey", Failed: "red" };
		return [__(doc.status), colours[doc.status] || "grey", `status,=,${doc.status}`];
	},
};
