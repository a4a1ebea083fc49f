// Copyright (c) 2026, Labour Protection Network
frappe.ui.form.on("LPN Donor", {
	tax_id_type(frm) {
		set_tax_id_hint(frm);
	},
	refresh(frm) {
		set_tax_id_hint(frm);
		if (frm.is_new()) return;
		frm.add_custom_button(__("New donation"), () =>
			frappe.new_doc("LPN Donation", { donor: frm.doc.name, donor_name: frm.doc.donor_name })
		);
		if (!frm.doc.user && frm.doc.email) {
			frm.add_custom_button(
				__("Invite to portal"),
				() =>
					frappe.confirm(
						__("Send {0} an invitation to the donor portal at {1}?", [
							frappe.utils.escape_html(frm.doc.donor_name),
							frappe.utils.escape_html(frm.doc.email),
						]),
						() =>
							frappe
								.call("lpn_crm.api.fundraising.invite_donor_to_portal", { donor: frm.doc.name })
								.then(() => {
									frappe.show_alert({ message: __("Invitation sent"), indicator: "green" });
									frm.reload_doc();
								})
					),
				__("Actions")
			);
		}
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

// The check-digit hint belongs to Thai numbers only: a foreign tax ID is kept as written.
function set_tax_id_hint(frm) {
	const thai = ["Thai National ID", "Thai Taxpayer ID"].includes(frm.doc.tax_id_type || "Thai National ID");
	frm.set_df_property("tax_id", "description", thai ? __("13 digits for a Thai ID (dashes allowed)") : "");
}
