import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.translate import print_language

from lpn_crm.domain.receipts import parse_receipt_number
from lpn_crm.fundraising.bulk import next_sequence
from lpn_crm.tests.factories import make_donation


class TestReceiptNumbers(FrappeTestCase):
	def test_numbers_run_per_fiscal_year_without_gaps(self):
		first = make_donation(donation_date="2031-03-01")
		second = make_donation(donation_date="2031-12-31")
		next_year = make_donation(donation_date="2032-01-01")
		a, b, c = (parse_receipt_number(d.receipt) for d in (first, second, next_year))
		self.assertEqual((a[1], b[1], c[1]), (2031, 2031, 2032))
		self.assertEqual(b[2], a[2] + 1)

	def test_cancel_keeps_the_number_and_the_amendment_gets_a_new_one(self):
		donation = make_donation(donation_date="2033-05-05")
		number = donation.receipt
		donation.cancel()
		amended = frappe.copy_doc(donation)
		amended.docstatus = 0
		amended.amended_from = donation.name
		amended.insert(ignore_permissions=True)
		amended.submit()
		self.assertNotEqual(amended.receipt, number)
		self.assertEqual(parse_receipt_number(amended.receipt)[2], parse_receipt_number(number)[2] + 1)
		self.assertEqual(frappe.db.get_value("LPN Receipt", number, "status"), "Cancelled")

	def test_a_rolled_back_submit_does_not_skip_a_number(self):
		key = "LPN-TEST-ROLLBACK-"
		frappe.db.savepoint("before_number")
		next_sequence(key)
		frappe.db.rollback(save_point="before_number")
		self.assertEqual(next_sequence(key), 1)

	def test_receipts_are_never_deleted(self):
		donation = make_donation()
		with self.assertRaises(frappe.ValidationError):
			frappe.delete_doc("LPN Receipt", donation.receipt, ignore_permissions=True)

	def test_receipt_prints_in_thai_with_buddhist_year_and_baht_text(self):
		donation = make_donation(amount=1234.5, donation_date="2026-11-26")
		# The receipt speaks the print language: the donor's, when the thank-you attaches it.
		with print_language("th"):
			html = frappe.get_print("LPN Receipt", donation.receipt, print_format="LPN Donation Receipt")
		self.assertIn("2569", html)
		self.assertIn("หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์", html)
		self.assertIn("ใบอนุโมทนาบัตร", html)

	def test_receipt_prints_in_english_and_cancelled_is_marked(self):
		donation = make_donation(amount=100, donation_date="2026-11-26")
		donation.cancel()
		html = frappe.get_print("LPN Receipt", donation.receipt, print_format="LPN Donation Receipt")
		self.assertIn("26 November 2026", html)
		self.assertIn("One hundred baht", html)
		self.assertIn("Cancelled — ", html)
