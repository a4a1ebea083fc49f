// Copyright (c) 2026, Labour Protection Network. License: AGPL-3.0-or-later

frappe.ui.form.on("LPN Clinic Shift", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.status === "Cancelled") return;
		frm.add_custom_button(__("Repeat Weekly"), () => {
			frappe.prompt(
				{
					fieldname: "weeks",
					fieldtype: "Int",
					label: __("For how many weeks (this one included)"),
					default: 12,
					reqd: 1,
				},
				({ weeks }) =>
					frappe
						.call({
							method: "lpn_crm.api.volunteering.repeat_shift",
							args: { shift: frm.doc.name, weeks },
							freeze: true,
						})
						.then(({ message }) => {
							frappe.show_alert({
								message: __("{0} shifts made; {1} dates already had this shift", [
									message.created.length,
									message.skipped.length,
								]),
								indicator: "green",
							});
						}),
				__("Repeat this shift every week"),
				__("Make Shifts")
			);
		});
		frm.add_custom_button(__("Bookings"), () =>
			frappe.set_route("List", "LPN Shift Booking", { shift: frm.doc.name })
		);
	},
});
