// Copyright (c) 2026, Labour Protection Network
frappe.ui.form.on("LPN e-Donation Batch", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Export for e-Donation"), () =>
			window.open(
				`/api/method/lpn_crm.api.fundraising.export_edonation_batch?batch=${encodeURIComponent(frm.doc.name)}`
			)
		);
		const next = { Draft: "Submitted", Submitted: "Confirmed" }[frm.doc.status];
		if (next) {
			frm.add_custom_button(__("Mark {0}", [__(next)]), () =>
				frappe
					.call("lpn_crm.api.fundraising.mark_edonation_batch", { batch: frm.doc.name, status: next })
					.then(() => frm.reload_doc())
			);
		}
	},
});
