import email

import frappe
from frappe.tests.utils import FrappeTestCase

from lpn_crm.fundraising.acknowledgement import send_thank_you
from lpn_crm.tests.factories import consent, make_donation, make_donor


def queued_for(donation) -> list[frappe._dict]:
	"""Queued emails for a donation, decoded: body text and attachment file names."""
	rows = frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": "LPN Donation", "reference_name": donation.name},
		fields=["name", "message"],
	)
	decoded = []
	for row in rows:
		mime = email.message_from_string(row.message)
		parts = [part for part in mime.walk() if not part.is_multipart()]
		decoded.append(
			frappe._dict(
				name=row.name,
				message="\n".join(
					part.get_payload(decode=True).decode()
					for part in parts
					if part.get_content_maintype() == "text"
				),
				attachments=[part.get_filename() for part in parts if part.get_filename()],
			)
		)
	return decoded


class TestThankYou(FrappeTestCase):
	def test_thank_you_in_thai_with_receipt_attached(self):
		donor = make_donor(preferred_language="th", donor_name="สมชาย ใจดี")
		donation = make_donation(donor=donor.name, amount=500)
		self.assertEqual(send_thank_you(donation.name), "Sent")
		queued = queued_for(donation)
		self.assertEqual(len(queued), 1)
		self.assertIn("ขอบพระคุณ", queued[0].message)
		self.assertIn("ห้าร้อยบาทถ้วน", queued[0].message)
		self.assertEqual(queued[0].attachments, [f"{donation.receipt}.pdf"])

	def test_thank_you_in_burmese_has_no_english_words(self):
		"""Before: the Burmese letter carried the amount in English words ("Five hundred baht")."""
		donor = make_donor(preferred_language="my", donor_name="မောင်မောင်")
		donation = make_donation(donor=donor.name, amount=500, donation_date="2026-11-26")
		self.assertEqual(send_thank_you(donation.name), "Sent")
		message = queued_for(donation)[0].message
		self.assertIn("ကျေးဇူး", message)
		self.assertIn("၂၀၂၆ ခုနှစ် နိုဝင်ဘာလ ၂၆ ရက်", message)
		self.assertIn("ငါးရာ ဘတ်", message)
		self.assertNotIn("baht", message.lower())
		self.assertNotIn("November", message)

	def test_no_consent_means_no_email(self):
		donor = make_donor(consents=[consent("Newsletters")])
		donation = make_donation(donor=donor.name)
		self.assertEqual(send_thank_you(donation.name), "Not Wanted")
		self.assertEqual(queued_for(donation), [])

	def test_sent_once_unless_resent(self):
		donation = make_donation()
		send_thank_you(donation.name)
		send_thank_you(donation.name)
		self.assertEqual(len(queued_for(donation)), 1)
		send_thank_you(donation.name, resend=True)
		self.assertEqual(len(queued_for(donation)), 2)

	def test_missing_language_template_falls_back_to_english_and_says_so(self):
		frappe.delete_doc("Email Template", "LPN Donation Thank You (my)", ignore_permissions=True)
		try:
			donor = make_donor(preferred_language="my")
			donation = make_donation(donor=donor.name)
			self.assertEqual(send_thank_you(donation.name), "Sent")
			self.assertIn("Thank you", queued_for(donation)[0].message)
			comments = frappe.get_all(
				"Comment", filters={"reference_name": donation.name, "comment_type": "Info"}, pluck="content"
			)
			self.assertTrue(any("sent in English" in c for c in comments))
		finally:
			from lpn_crm.setup.email_templates import ensure_email_templates

			ensure_email_templates()


class TestThankYouTemplates(FrappeTestCase):
	def test_unedited_templates_take_the_new_wording_and_edited_ones_are_kept(self):
		"""Before: templates were created once, so a site kept the first wording (Thai "ใบเสร็จรับเงิน")."""
		from lpn_crm.setup.email_templates import refresh_unedited_templates

		thai, burmese = "LPN Donation Thank You (th)", "LPN Donation Thank You (my)"
		frappe.db.set_value(
			"Email Template", thai, "response_html", "<p>old wording</p>", update_modified=False
		)
		created = frappe.db.get_value("Email Template", thai, "creation")
		frappe.db.set_value("Email Template", thai, "modified", created, update_modified=False)
		frappe.db.set_value("Email Template", burmese, "response_html", "<p>staff wording</p>")
		refresh_unedited_templates()
		self.assertIn("ใบอนุโมทนาบัตร", frappe.db.get_value("Email Template", thai, "response_html"))
		self.assertEqual(
			frappe.db.get_value("Email Template", burmese, "response_html"), "<p>staff wording</p>"
		)
