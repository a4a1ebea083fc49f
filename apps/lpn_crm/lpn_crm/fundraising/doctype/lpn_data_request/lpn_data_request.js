// A Fundraising Manager approves or rejects an open erasure request here; exports run by themselves.
frappe.ui.form.on("LPN Data Request", {
	refresh(frm) {
		if (frm.doc.status === "Open" && frm.doc.deadline) {
			const days = frappe.datetime.get_diff(frm.doc.deadline, frappe.datetime.get_today());
			const text = days < 0
				? __("Overdue: the answer was due {0} days ago", [-days])
				: __("{0} days left to answer", [days]);
			frm.dashboard.set_headline_alert(frappe.utils.escape_html(text), days < 7 ? "red" : "orange");
		}
		if (frm.doc.request_type !== "Erasure" || frm.doc.status !== "Open" || frm.is_new()) {
			return;
		}
		if (!frappe.user.has_role("LPN Fundraising Manager") && !frappe.user.has_role("System Manager")) {
			return;
		}
		frm.add_custom_button(__("Approve and erase"), () => {
			frappe.confirm(
				__("Erase this donor's personal data? Gifts, receipt numbers and totals stay. This cannot be undone."),
				() => frappe.call({
					method: "lpn_crm.api.selfservice.approve_erasure",
					args: { request: frm.doc.name },
					freeze: true,
				}).then(() => frm.reload_doc())
			);
		}).addClass("btn-danger");
		frm.add_custom_button(__("Reject"), () => {
			frappe.prompt(
				{ fieldname: "note", fieldtype: "Small Text", label: __("Why (the donor is told)"), reqd: 1 },
				(values) => frappe.call({
					method: "lpn_crm.api.selfservice.reject_data_request",
					args: { request: frm.doc.name, note: values.note },
				}).then(() => frm.reload_doc()),
				__("Reject erasure request")
			);
		});
	},
});
