"""Receipts and the annual receipt in Thai, Burmese and English, from the translation files; what a
receipt may read; and PDFs whose text layer holds the words (fonts installed, no tofu boxes).

Written first against main, where the receipt hard-coded `"…" if th else "…"` (no Burmese at all), the
annual receipt was a template outside Print Formats, and the receipt print format loaded the donation
named in the request.
"""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.translate import print_language
from frappe.utils.pdf import get_pdf

from lpn_crm.fundraising.receipts import PRINT_FORMAT
from lpn_crm.fundraising.statements import annual_statement_html, annual_statement_pdf
from lpn_crm.tests.factories import make_donation, make_donor, make_fund, make_user

# What each language's receipt must say, in words the translation files give.
EXPECTED = {
	"th": ["ใบอนุโมทนาบัตร", "ได้รับเงินจาก", "26 พฤศจิกายน 2569", "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"],
	"my": ["အလှူငွေ ပြေစာ", "ရက်စွဲ", "၂၀၂၆ ခုနှစ် နိုဝင်ဘာလ ၂၆ ရက်", "တစ်ထောင့်နှစ်ရာ့သုံးဆယ့်လေး ဘတ် ငါးဆယ် စတန်"],
	"en": ["Donation Receipt", "Received from", "26 November 2026"],
}
ENGLISH_LABELS = ["Donation Receipt", "Received from", "Amount in words", "Designation", "Paid by", "Date"]


def receipt_html(receipt: str, language: str) -> str:
	with print_language(language):
		return frappe.get_print("LPN Receipt", receipt, print_format=PRINT_FORMAT)


# Thai fonts draw shifted tone marks and vowels from private code points, SARA AM as NIKHAHIT + SARA AA,
# and pdftotext may put a space inside a word: read the text layer back to the letters it stands for.
THAI_PRIVATE = {
	**{0xF70A + i: 0x0E48 + i for i in range(5)},
	**{0xF705 + i: 0x0E48 + i for i in range(5)},
	**{0xF713 + i: 0x0E48 + i for i in range(5)},
	**{0xF701 + i: 0x0E34 + i for i in range(4)},
	0xF710: 0x0E31,
	0xF711: 0x0E4D,
	0xF712: 0x0E47,
	0xF700: 0x0E10,
	0xF70F: 0x0E0D,
}


def letters(text: str) -> str:
	return "".join(text.translate(THAI_PRIVATE).replace("\u0e4d\u0e32", "\u0e33").split())


def pdf_text(pdf: bytes) -> str:
	with tempfile.TemporaryDirectory() as folder:
		path = Path(folder) / "receipt.pdf"
		path.write_bytes(pdf)
		return subprocess.run(
			["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
		).stdout


class TestReceiptLanguages(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.donation = make_donation(amount=1234.5, donation_date="2026-11-26")

	def test_the_receipt_speaks_each_language(self):
		for language, words in EXPECTED.items():
			with self.subTest(language=language):
				html = receipt_html(self.donation.receipt, language)
				for word in words:
					self.assertIn(word, html)

	def test_thai_and_burmese_receipts_leave_no_english_label(self):
		for language in ("th", "my"):
			html = receipt_html(self.donation.receipt, language)
			body = html[html.index('class="lpn-receipt"') :]
			for label in ENGLISH_LABELS:
				with self.subTest(language=language, label=label):
					self.assertNotIn(f">{label}<", body)

	def test_burmese_leaves_out_english_amount_words(self):
		html = receipt_html(self.donation.receipt, "my")
		self.assertNotIn("One thousand two hundred", html)

	def test_the_receipt_pdf_carries_its_words_in_every_language(self):
		"""The text layer of each PDF holds the words: the fonts are there and nothing printed as boxes."""
		self.assertTrue(shutil.which("pdftotext"), "poppler-utils is not installed (scripts/lib.sh)")
		for language, words in {
			"th": ["ใบอนุโมทนาบัตร", "มูลนิธิเครือข่ายส่งเสริมคุณภาพชีวิตแรงงาน", "ได้รับเงินจาก", "จำนวนเงิน"],
			"my": ["ရက်စွဲ", "LPN-RC-"],
			"en": ["Donation Receipt", "Received from"],
		}.items():
			with self.subTest(language=language):
				text = letters(pdf_text(get_pdf(receipt_html(self.donation.receipt, language))))
				for word in words:
					self.assertIn(letters(word), text)

	def test_a_burmese_receipt_pdf_is_set_in_a_myanmar_font(self):
		self.assertTrue(shutil.which("pdffonts"), "poppler-utils is not installed (scripts/lib.sh)")
		pdf = get_pdf(receipt_html(self.donation.receipt, "my"))
		with tempfile.TemporaryDirectory() as folder:
			path = Path(folder) / "receipt.pdf"
			path.write_bytes(pdf)
			fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
		self.assertRegex(fonts, "(?i)padauk|myanmar")


class TestReceiptReadsOnlyItself(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.alice = make_user("i18n.alice@example.org", "LPN Donor", user_type="Website User").name
		alice_donor = make_donor(user=cls.alice, email=cls.alice)
		other_donor = make_donor()
		cls.alice_gift = make_donation(donor=alice_donor.name)
		cls.secret_fund = make_fund("Fund Bob Keeps Private")
		cls.other_gift = make_donation(
			donor=other_donor.name,
			fund=cls.secret_fund,
			is_in_kind=1,
			in_kind_description="Bob's private in-kind gift",
		)

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_the_receipt_carries_what_it_prints_about_its_gift(self):
		receipt = frappe.get_doc("LPN Receipt", self.other_gift.receipt)
		self.assertEqual(receipt.fund, self.secret_fund)
		self.assertEqual(receipt.payment_method, "Bank Transfer")
		self.assertEqual(receipt.is_in_kind, 1)
		self.assertEqual(receipt.in_kind_description, "Bob's private in-kind gift")

	def test_a_donor_cannot_print_another_donors_gift_through_their_own_receipt(self):
		from frappe.www.printview import get_html_and_style

		frappe.set_user(self.alice)
		own = frappe.get_doc("LPN Receipt", self.alice_gift.receipt).as_dict()
		own["donation"] = self.other_gift.name
		html = get_html_and_style(
			doc=json.dumps(own, default=str), print_format=PRINT_FORMAT, no_letterhead=1
		)["html"]
		self.assertIn(self.alice_gift.receipt, html)
		self.assertNotIn("Bob Keeps Private", html)
		self.assertNotIn("private in-kind", html)


class TestAnnualReceipt(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.donor = make_donor(preferred_language="th")
		make_donation(donor=cls.donor.name, amount=700, donation_date="2037-03-01")
		make_donation(donor=cls.donor.name, amount=300, donation_date="2037-09-01")
		make_donation(donor=cls.donor.name, amount=5000, donation_date="2038-01-01")

	def test_it_is_a_print_format_on_the_donor(self):
		self.assertEqual(frappe.db.get_value("Print Format", "LPN Annual Receipt", "doc_type"), "LPN Donor")

	def test_the_year_comes_from_the_request_and_the_words_from_the_language(self):
		donor = frappe.get_doc("LPN Donor", self.donor.name)
		thai = annual_statement_html(donor, 2037)
		self.assertIn("ใบอนุโมทนาบัตรสรุปการบริจาคประจำปี 2580", thai)
		self.assertIn("หนึ่งพันบาทถ้วน", thai)
		self.assertNotIn("5,000", thai)
		burmese = annual_statement_html(donor, 2037, language="my")
		self.assertIn("2037 ခုနှစ်အတွက် နှစ်ချုပ် အလှူငွေ ပြေစာ", burmese)
		english = annual_statement_html(donor, 2037, language="en")
		self.assertIn("Annual Donation Receipt 2037", english)
		self.assertIn("One thousand baht", english)

	def test_the_annual_receipt_pdf_has_its_thai_words(self):
		donor = frappe.get_doc("LPN Donor", self.donor.name)
		text = letters(pdf_text(annual_statement_pdf(donor, 2037)))
		self.assertIn(letters("ใบอนุโมทนาบัตรสรุปการบริจาคประจำปี 2580"), text)
