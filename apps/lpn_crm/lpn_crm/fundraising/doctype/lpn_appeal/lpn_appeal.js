// Copyright (c) 2026, Labour Protection Network
// Count the segment, send the appeal once, later re-send only to those who have not given.

frappe.ui.form.on("LPN Appeal", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Count Donors"), () =>
			frappe.call({ method: "lpn_crm.api.campaigns.appeal_segment_count", args: { name: frm.doc.name } }).then((r) =>
				frappe.msgprint(__("{0} donors match; {1} of them may be written to.", [r.message.matching, r.message.consenting]))
			)
		);
		if (!frappe.user.has_role(["LPN Fundraising Manager", "System Manager"])) return;
		const send = (resend) =>
			frappe.call({ method: "lpn_crm.api.campaigns.send_appeal", args: { name: frm.doc.name, resend: resend ? 1 : 0 } }).then((r) => {
				frappe.show_alert({ message: __("Queued for {0} donors", [r.message.recipients]), indicator: "green" });
				frm.reload_doc();
			});
		if (frm.doc.status === "Draft" || frm.doc.status === "Failed") {
			frm.add_custom_button(__("Send Appeal"), () => frappe.confirm(__("Send this appeal now?"), () => send(false))).addClass("btn-primary");
		}
		if (frm.doc.status === "Sent") {
			frm.add_custom_button(__("Re-send to Those Who Have Not Given"), () => send(true));
		}
	},
});
