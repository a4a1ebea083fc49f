// Copyright (c) 2026, Labour Protection Network

frappe.ui.form.on("LPN Stripe Event", {
	refresh(frm) {
		if (!frappe.user.has_role(["LPN Fundraising Manager", "System Manager"])) return;
		frm.add_custom_button(__("Reprocess"), () =>
			frappe
				.call("lpn_crm.lpn_payments.processing.reprocess", { event_id: frm.doc.name })
				.then((r) => {
					frappe.show_alert({
						message: __("Event {0}", [frappe.utils.escape_html(__(r.message))]),
						indicator: "green",
					});
					frm.reload_doc();
				})
		);
	},
});
