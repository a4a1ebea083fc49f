// Copyright (c) 2026, Labour Protection Network
frappe.ui.form.on("LPN Donor", {
	refresh(frm) {
		if (frm.is_new()) return;
		if (frm.doc.possible_duplicates) {
			frm.dashboard.set_headline_alert(
				// HTML: the duplicates' names may be what a payer typed into Stripe.
				__("Possible duplicates: {0}", [
					frappe.utils.escape_html(frm.doc.possible_duplicates).replace(/\n/g, "; "),
				]),
				"orange"
			);
		}
		frm.add_custom_button(
			__("Merge into another donor"),
			() => {
				frappe.prompt(
					[
						{ fieldname: "target", fieldtype: "Link", options: "LPN Donor", label: __("Keep donor"), reqd: 1 },
						{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason") },
					],
					(values) =>
						frappe
							.call("lpn_crm.api.fundraising.merge_donors", {
								source: frm.doc.name,
								target: values.target,
								reason: values.reason,
							})
							.then(() => frappe.set_route("Form", "LPN Donor", values.target)),
					__("Merge {0}", [frappe.utils.escape_html(frm.doc.donor_name)]),
					__("Merge")
				);
			},
			__("Actions")
		);
		frm.add_custom_button(
			__("Annual receipt"),
			() => {
				frappe.prompt(
					{ fieldname: "year", fieldtype: "Int", label: __("Year"), default: new Date().getFullYear() - 1, reqd: 1 },
					(values) =>
						window.open(
							`/api/method/lpn_crm.api.fundraising.annual_receipt?donor=${encodeURIComponent(frm.doc.name)}&year=${values.year}`
						),
					__("Annual receipt"),
					__("Download")
				);
			},
			__("Actions")
		);
	},
});
