// Copyright (c) 2026, Labour Protection Network. License: AGPL-3.0-or-later
// Attendance and cancellation go through the booking service (it locks the shift), never a plain save.

frappe.ui.form.on("LPN Shift Booking", {
	refresh(frm) {
		if (frm.is_new()) return;
		const call = (method, args) =>
			frappe
				.call({ method: `lpn_crm.api.volunteering.${method}`, args, freeze: true })
				.then(() => frm.reload_doc());
		if (["Confirmed", "Attended", "No-show"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Attended"), () => call("mark_attendance", { booking: frm.doc.name, status: "Attended" }), __("Attendance"));
			frm.add_custom_button(__("No-show"), () => call("mark_attendance", { booking: frm.doc.name, status: "No-show" }), __("Attendance"));
		}
		if (["Confirmed", "Waitlisted"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Cancel Booking"), () =>
				frappe.prompt(
					{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason") },
					({ reason }) => call("cancel_booking", { booking: frm.doc.name, reason }),
					__("Cancel this booking"),
					__("Cancel Booking")
				)
			);
		}
	},
});
