// Copyright (c) 2026, Labour Protection Network
// An emergency appeal Live in one step: title and goal, the rest from the template.

frappe.ui.form.on("LPN Campaign Template", {
	refresh(frm) {
		if (frm.is_new() || !frappe.user.has_role(["LPN Fundraising Manager", "System Manager"])) return;
		frm.add_custom_button(__("Launch Live Campaign"), () => {
			frappe.prompt(
				[
					{ fieldname: "title", fieldtype: "Data", label: __("Title"), default: frm.doc.title, reqd: 1 },
					{ fieldname: "goal", fieldtype: "Currency", label: __("Goal (THB)"), default: frm.doc.goal, reqd: 1 },
				],
				(values) =>
					frappe.call({ method: "lpn_crm.api.campaigns.launch_emergency_appeal", args: { template: frm.doc.name, ...values } })
						.then((r) => frappe.set_route("Form", "LPN Campaign", r.message.name)),
				__("Launch Live Campaign"),
				__("Launch")
			);
		}).addClass("btn-primary");
	},
});
