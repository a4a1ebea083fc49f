// Copyright (c) 2026, Labour Protection Network
frappe.ui.form.on("LPN Donation", {
	// Cancelling asks why: the reason is printed on the cancelled receipt. The server cancels with it.
	before_cancel(frm) {
		frappe.validated = false;
		frappe.prompt(
			{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
			(values) =>
				frappe
					.call("lpn_crm.api.fundraising.cancel_donation", { donation: frm.doc.name, reason: values.reason })
					.then(() => frm.reload_doc()),
			__("Why is this donation cancelled?"),
			__("Cancel donation")
		);
	},
	refresh(frm) {
		if (frm.doc.docstatus === 1) {
			frm.add_custom_button(__("Resend thank-you"), () =>
				frappe
					.call("lpn_crm.api.fundraising.resend_thank_you", { donation: frm.doc.name })
					.then(() => frappe.show_alert({ message: __("Thank-you email queued"), indicator: "green" }))
			);
		}
		if (frm.doc.needs_review) {
			// The headline is HTML; the note may carry text that came from outside (Stripe, a payer).
			const note = frm.doc.review_note
				? frappe.utils.escape_html(frm.doc.review_note)
				: __("This donation needs review");
			frm.dashboard.set_headline_alert(note, "orange");
		}
	},
});
