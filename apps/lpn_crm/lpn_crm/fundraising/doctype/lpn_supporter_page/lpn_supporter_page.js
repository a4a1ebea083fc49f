// Copyright (c) 2026, Labour Protection Network
// A coordinator approves a supporter page (it goes public) or rejects it.

frappe.ui.form.on("LPN Supporter Page", {
	refresh(frm) {
		if (frm.is_new() || !frappe.user.has_role(["LPN Fundraising Manager", "System Manager"])) return;
		const act = (method, label) =>
			frm.add_custom_button(label, () =>
				frappe.call({ method: `lpn_crm.api.campaigns.${method}`, args: { name: frm.doc.name } }).then(() => frm.reload_doc())
			);
		if (frm.doc.status !== "Approved") act("approve_supporter_page", __("Approve"));
		if (frm.doc.status !== "Rejected") act("reject_supporter_page", __("Reject"));
	},
});
