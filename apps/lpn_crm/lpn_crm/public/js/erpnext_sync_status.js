// Copyright (c) 2026, Labour Protection Network
// The ERPNext sync status on a donation, sale or donor: what reached ERPNext, what waits and why.
(() => {
	// doctype_js loads this with each of the three forms: register once.
	if (window.lpn_sync_status_loaded) return;
	window.lpn_sync_status_loaded = true;
	const colour = { Sent: "green", Pending: "orange", Waiting: "yellow", Failed: "red" };
	const show = (frm) => {
		if (frm.is_new()) return;
		frappe.call({
			method: "lpn_crm.api.erpnext.sync_status",
			args: { doctype: frm.doctype, name: frm.doc.name },
			callback: (r) => {
				const jobs = r.message || [];
				if (!jobs.length) return;
				const last = jobs[jobs.length - 1];
				const esc = frappe.utils.escape_html;
				let text = __("ERPNext: {0}", [esc(__(last.status))]);
				if (last.remote_name) text += ` · ${esc(__(last.target_doctype))} ${esc(last.remote_name)}`;
				if (last.last_error && last.status !== "Sent") text += ` · ${esc(last.last_error)}`;
				frm.dashboard.set_headline_alert(
					`<a href="/app/lpn-sync-job/${encodeURIComponent(last.name)}">${text}</a>`,
					colour[last.status] || "gray"
				);
			},
		});
	};
	for (const doctype of ["LPN Donation", "LPN Sale", "LPN Donor"]) {
		frappe.ui.form.on(doctype, { refresh: show });
	}
})();
