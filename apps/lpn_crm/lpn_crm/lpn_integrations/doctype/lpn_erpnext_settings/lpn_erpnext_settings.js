// Copyright (c) 2026, Labour Protection Network

frappe.ui.form.on("LPN ERPNext Settings", {
	refresh(frm) {
		frm.add_custom_button(__("Test Connection"), () => {
			frappe.call({
				method: "lpn_crm.api.erpnext.test_connection",
				freeze: true,
				callback: (r) => {
					frappe.msgprint(__("Connected to ERPNext as {0}", [frappe.utils.escape_html(r.message.user)]));
					frm.reload_doc();
				},
			});
		});
		frm.add_custom_button(__("Prepare ERPNext"), () => {
			frappe.confirm(
				__("Add the LPN external id field to Customer, Journal Entry, Payment Entry and Sales Invoice in ERPNext?"),
				() =>
					frappe.call({
						method: "lpn_crm.api.erpnext.prepare_erpnext",
						freeze: true,
						callback: (r) => {
							const lines = Object.entries(r.message.doctypes).map(
								([doctype, state]) =>
									`${frappe.utils.escape_html(__(doctype))}: ${frappe.utils.escape_html(__(state))}`
							);
							frappe.msgprint(lines.join("<br>"), __("ERPNext prepared"));
							frm.reload_doc();
						},
					})
			);
		});
		frm.add_custom_button(__("Sync Jobs"), () => frappe.set_route("List", "LPN Sync Job"));
	},
});
