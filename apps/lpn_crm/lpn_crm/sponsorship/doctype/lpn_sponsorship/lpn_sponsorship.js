// Copyright (c) 2026, Labour Protection Network

frappe.ui.form.on("LPN Sponsorship", {
	refresh(frm) {
		if (frm.is_new() || !["Active", "Paused"].includes(frm.doc.status)) return;
		frm.add_custom_button(__("Record Payment"), () => {
			const dialog = new frappe.ui.Dialog({
				title: __("Record a payment received"),
				fields: [
					{ fieldname: "months", label: __("Months Paid"), fieldtype: "Int", default: 1, reqd: 1,
						description: __("The amount is the monthly amount times the months") },
					{ fieldname: "donation_date", label: __("Date Received"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
					{ fieldname: "payment_method", label: __("Payment Method"), fieldtype: "Select", default: "Bank Transfer",
						options: ["Bank Transfer", "Cash", "PromptPay", "Cheque"].map((value) => ({ value, label: __(value) })) },
					{ fieldname: "payment_reference", label: __("Payment Reference"), fieldtype: "Data" },
				],
				primary_action_label: __("Record"),
				primary_action(values) {
					frappe
						.xcall("lpn_crm.api.sponsorship.record_payment", { sponsorship: frm.doc.name, ...values })
						.then((result) => {
							dialog.hide();
							frappe.show_alert({ message: __("Donation {0} recorded", [result.donation]), indicator: "green" });
							frm.reload_doc();
						});
				},
			});
			dialog.show();
		});
		frm.add_custom_button(__("Sponsor's page"), () => window.open(`/my-sponsorships/${encodeURIComponent(frm.doc.name)}`));
	},
});
