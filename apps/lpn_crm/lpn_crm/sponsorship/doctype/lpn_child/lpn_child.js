// Copyright (c) 2026, Labour Protection Network

frappe.ui.form.on("LPN Child", {
	refresh(frm) {
		if (frm.is_new()) return;
		if (frappe.user.has_role(["LPN Sponsorship Coordinator", "System Manager"])) {
			frm.add_custom_button(__("Who read this record"), () =>
				frappe.set_route("query-report", "LPN Child Access", { record: frm.doc.name })
			);
		}
		frm.add_custom_button(__("Sponsorships"), () =>
			frappe.set_route("List", "LPN Sponsorship", { child: frm.doc.name })
		);
	},
});
