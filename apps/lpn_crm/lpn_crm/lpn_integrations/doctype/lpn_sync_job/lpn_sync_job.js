// Copyright (c) 2026, Labour Protection Network

frappe.ui.form.on("LPN Sync Job", {
	refresh(frm) {
		if (["Failed", "Waiting"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Retry"), () =>
				frappe.call({
					method: "lpn_crm.api.erpnext.retry_job",
					args: { job: frm.doc.name },
					callback: () => frm.reload_doc(),
				})
			);
		}
	},
});
