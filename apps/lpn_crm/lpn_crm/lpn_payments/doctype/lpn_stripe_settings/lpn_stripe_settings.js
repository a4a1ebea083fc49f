// Copyright (c) 2026, Labour Protection Network

frappe.ui.form.on("LPN Stripe Settings", {
	refresh(frm) {
		// Whether real cards are charged must be impossible to miss.
		const live = frm.doc.mode === "Live";
		if (!frm.doc.mode) {
			frm.set_intro(__("No Stripe secret key yet: online giving cannot take payments."), "red");
		} else {
			frm.set_intro(
				live
					? __("LIVE mode: donors' cards are really charged.")
					: __("Test mode: Stripe takes no real money."),
				live ? "red" : "orange"
			);
		}
		frm.page.set_indicator(live ? __("Live") : __("Test"), live ? "red" : "orange");
	},
});
