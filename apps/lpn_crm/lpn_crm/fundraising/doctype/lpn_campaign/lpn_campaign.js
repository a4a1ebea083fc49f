// Copyright (c) 2026, Labour Protection Network
// The campaign's progress, as the server keeps it (raised, donors, percent of goal); JS only displays.

frappe.ui.form.on("LPN Campaign", {
	refresh(frm) {
		if (frm.is_new()) return;
		const percent = flt(frm.doc.percent_of_goal);
		frm.dashboard.add_progress(
			__("Progress"),
			[{ title: __("{0}% of the goal", [percent]), width: Math.min(percent, 100), progress_class: "progress-bar-success" }],
			__("{0} donors, {1} gifts", [cint(frm.doc.donor_count), cint(frm.doc.donation_count)])
		);
		if (frm.doc.status === "Live" && frm.doc.slug) {
			frm.add_web_link(`/campaigns/${encodeURIComponent(frm.doc.slug)}`, __("See the public page"));
		}
	},
});
