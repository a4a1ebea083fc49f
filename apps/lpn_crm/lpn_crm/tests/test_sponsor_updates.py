"""Sponsor updates (issue 12, item 6): review before sending, photos private without EXIF / GPS and shown only
once approved and consented, the sponsor's email in their language, letters written in the portal."""

import email
import io

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_months, today
from PIL import Image

from lpn_crm.api.sponsorship import photo, write_letter
from lpn_crm.setup.email_templates import ensure_email_templates
from lpn_crm.sponsorship import portal
from lpn_crm.sponsorship.exceptions import PhotoConsentError, UpdateReviewError
from lpn_crm.sponsorship.photos import without_metadata
from lpn_crm.tests.sponsorship_factories import (
	attach_photo,
	consents,
	jpeg_with_gps,
	make_child,
	make_consented_child,
	make_sponsor,
	make_sponsorship,
	make_update,
)


def html_of(raw: str) -> str:
	"""The HTML part of a queued email, decoded."""
	for part in email.message_from_string(raw).walk():
		if part.get_content_type() == "text/html":
			return part.get_payload(decode=True).decode()
	return ""


def exif_of(content: bytes) -> dict:
	return dict(Image.open(io.BytesIO(content)).getexif())


class UpdateCase(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		ensure_email_templates()

	def tearDown(self):
		frappe.set_user("Administrator")

	def world(self, language="en", **child):
		sponsor = make_sponsor(language=language)
		child = make_consented_child(**child)
		return sponsor, child, make_sponsorship(sponsor=sponsor.name, child=child.name)


class TestPhotos(UpdateCase):
	def test_the_factory_photo_carries_gps(self):
		self.assertIn(0x8825, exif_of(jpeg_with_gps()))

	def test_an_upload_loses_its_exif_and_gps_and_is_private(self):
		_sponsor, _child, sponsorship = self.world()
		update = make_update(sponsorship.name)
		for private in (1, 0):
			file = frappe.get_doc("File", attach_photo(update.name, is_private=private).name)
			self.assertTrue(file.file_url.startswith("/private/files/"), file.file_url)
			self.assertEqual(file.is_private, 1)
			content = file.get_content()
			self.assertEqual(exif_of(content), {})
			self.assertEqual(Image.open(io.BytesIO(content)).size, (32, 24))

	def test_metadata_goes_from_png_too(self):
		from PIL import PngImagePlugin

		info = PngImagePlugin.PngInfo()
		info.add_text("Location", "13.5N 100.2E")
		out = io.BytesIO()
		Image.new("RGB", (8, 8)).save(out, format="PNG", pnginfo=info)
		cleaned, extension = without_metadata(out.getvalue())
		self.assertEqual(extension, "png")
		self.assertNotIn(b"13.5N", cleaned)
		self.assertIsNone(without_metadata(b"not an image"))

	def test_a_public_photo_url_is_refused(self):
		_sponsor, _child, sponsorship = self.world()
		update = make_update(sponsorship.name)
		update.photo = "/files/public-photo.jpg"
		with self.assertRaises(frappe.ValidationError):
			update.save()


class TestReview(UpdateCase):
	def test_an_update_is_sent_only_after_review(self):
		_sponsor, _child, sponsorship = self.world()
		update = make_update(sponsorship.name)
		update.status = "Sent"
		with self.assertRaises((UpdateReviewError, frappe.ValidationError)):
			update.save()
		self.assertEqual(frappe.db.get_value("LPN Sponsor Update", update.name, "status"), "Draft")
		new = frappe.get_doc(
			{
				"doctype": "LPN Sponsor Update",
				"sponsorship": sponsorship.name,
				"type": "Drawing",
				"status": "Sent",
			}
		)
		with self.assertRaises(frappe.ValidationError):
			new.insert()

	def test_a_photo_is_not_approved_without_photo_consent(self):
		sponsor = make_sponsor()
		child = make_child(consents=consents("Data processing", "Story use"))
		sponsorship = make_sponsorship(sponsor=sponsor.name, child=child.name)
		update = make_update(sponsorship.name, photo=True)
		with self.assertRaises(PhotoConsentError):
			apply_workflow(frappe.get_doc("LPN Sponsor Update", update.name), "Approve")
		self.assertEqual(frappe.db.get_value("LPN Sponsor Update", update.name, "status"), "Draft")
		# without the photo it may go
		update.reload()
		update.photo = None
		update.save()
		apply_workflow(frappe.get_doc("LPN Sponsor Update", update.name), "Approve")

	def test_a_child_under_ten_needs_a_guardian_s_photo_consent(self):
		sponsor = make_sponsor()
		young = make_child(
			date_of_birth=add_months(today(), -12 * 8),
			consents=consents("Data processing", "Story use") + consents("Photo use", given_by="Child"),
		)
		sponsorship = make_sponsorship(sponsor=sponsor.name, child=young.name)
		update = make_update(sponsorship.name, photo=True)
		with self.assertRaises(PhotoConsentError):
			apply_workflow(frappe.get_doc("LPN Sponsor Update", update.name), "Approve")
		older = make_child(
			date_of_birth=add_months(today(), -12 * 12),
			consents=consents("Data processing", "Story use") + consents("Photo use", given_by="Child"),
		)
		sponsorship = make_sponsorship(sponsor=sponsor.name, child=older.name)
		make_update(sponsorship.name, "Reviewed", photo=True)

	def test_review_records_who_approved(self):
		_sponsor, _child, sponsorship = self.world()
		update = make_update(sponsorship.name, "Reviewed")
		self.assertEqual(update.reviewed_by, "Administrator")
		self.assertTrue(update.reviewed_on)


class TestSending(UpdateCase):
	def queued_for(self, update):
		return frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "LPN Sponsor Update", "reference_name": update.name},
			fields=["name", "message"],
		)

	def test_sending_emails_the_sponsor_in_their_language_with_the_portal_link(self):
		for language, words in (("th", "ข่าวจากน้อง"), ("my", "သတင်း"), ("en", "News from")):
			sponsor, child, sponsorship = self.world(language=language)
			update = make_update(sponsorship.name, "Sent", photo=True, text="Private school news")
			queued = self.queued_for(update)
			self.assertEqual(len(queued), 1, language)
			message = html_of(queued[0].message)
			self.assertIn(f"/my-sponsorships/{sponsorship.name}", message)
			self.assertIn(child.first_name, message)
			self.assertNotIn("Private school news", message)
			self.assertNotIn(child.family_name, message)
			self.assertEqual(frappe.db.get_value("LPN Sponsor Update", update.name, "email_status"), "Queued")
			self.assertIn(
				sponsor.email, frappe.get_doc("Email Queue", queued[0].name).recipients[0].recipient
			)
			self.assertIn(words, message)

	def test_a_letter_from_the_sponsor_is_not_emailed_back_to_them(self):
		_sponsor, _child, sponsorship = self.world()
		update = make_update(sponsorship.name, "Sent", type="Letter from sponsor")
		self.assertFalse(self.queued_for(update))


class TestPortalLettersAndPhotos(UpdateCase):
	def test_a_sponsor_writes_a_letter_that_waits_for_review(self):
		sponsor, _child, sponsorship = self.world()
		frappe.set_user(sponsor.user)
		answer = write_letter(sponsorship.name, "Dear friend, keep reading! <script>alert(1)</script>")
		self.assertEqual(answer["status"], "Draft")
		frappe.set_user("Administrator")
		letter = frappe.get_doc("LPN Sponsor Update", answer["update"])
		self.assertEqual(
			(letter.type, letter.status, letter.owner), ("Letter from sponsor", "Draft", sponsor.user)
		)
		self.assertNotIn("<script>", letter.text)
		frappe.set_user(sponsor.user)
		page = portal.sponsorship_page(sponsorship.name, sponsor.user)
		self.assertEqual([u["name"] for u in page["updates"] if u["mine"]], [letter.name])

	def test_bad_letters_are_refused_and_nothing_is_written(self):
		sponsor, _child, sponsorship = self.world()
		other_sponsorship = make_sponsorship()
		before = frappe.db.count("LPN Sponsor Update")
		frappe.set_user(sponsor.user)
		with self.assertRaises(frappe.ValidationError):
			write_letter(sponsorship.name, "   ")
		with self.assertRaises(frappe.ValidationError):
			write_letter(sponsorship.name, "x" * (portal.LETTER_LIMIT + 1))
		with self.assertRaises(frappe.PermissionError):
			write_letter(other_sponsorship.name, "Hello")
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.count("LPN Sponsor Update"), before)

	def test_the_photo_endpoint_serves_approved_consented_photos_to_their_sponsor_only(self):
		sponsor, child, sponsorship = self.world()
		sent = make_update(sponsorship.name, "Sent", photo=True)
		draft = make_update(sponsorship.name, "Draft", photo=True)
		frappe.set_user(sponsor.user)
		photo(sent.name)
		self.assertEqual(frappe.local.response.display_content_as, "inline")
		self.assertEqual(exif_of(frappe.local.response.filecontent), {})
		with self.assertRaises(frappe.PermissionError):
			photo(draft.name)
		# consent withdrawn: the approved photo is hidden again
		frappe.set_user("Administrator")
		doc = frappe.get_doc("LPN Child", child.name)
		doc.append(
			"consents", {"purpose": "Photo use", "given": 0, "given_by": "Guardian", "consent_date": today()}
		)
		doc.save()
		frappe.set_user(sponsor.user)
		with self.assertRaises(frappe.PermissionError):
			photo(sent.name)
		page = portal.sponsorship_page(sponsorship.name, sponsor.user)
		self.assertFalse([u for u in page["updates"] if u["photo_url"]])
		frappe.set_user("Guest")
		with self.assertRaises(frappe.PermissionError):
			photo(sent.name)

	def test_without_story_consent_the_sponsor_reads_no_news(self):
		sponsor = make_sponsor()
		child = make_child(consents=consents("Data processing"), progress_this_year="Top of the class")
		sponsorship = make_sponsorship(sponsor=sponsor.name, child=child.name)
		make_update(sponsorship.name, "Sent")
		frappe.set_user(sponsor.user)
		page = portal.sponsorship_page(sponsorship.name, sponsor.user)
		self.assertTrue(page["child_shown"])
		self.assertIsNone(page["child"]["progress_this_year"])
		self.assertFalse([u for u in page["updates"] if not u["mine"]])

	def test_without_data_consent_the_child_is_not_shown(self):
		sponsor = make_sponsor()
		child = make_child()
		sponsorship = make_sponsorship(sponsor=sponsor.name, child=child.name)
		frappe.set_user(sponsor.user)
		page = portal.sponsorship_page(sponsorship.name, sponsor.user)
		self.assertFalse(page["child_shown"])
		self.assertIsNone(page["child"]["first_name"])
