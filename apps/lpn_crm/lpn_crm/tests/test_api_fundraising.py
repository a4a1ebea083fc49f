import frappe
from frappe.tests.utils import FrappeTestCase

from lpn_crm.api import fundraising as api
from lpn_crm.setup.roles import DONOR, FUNDRAISING_MANAGER, FUNDRAISING_USER
from lpn_crm.tests.factories import VALID_THAI_ID, consent, make_donation, make_donor, make_user


class TestFundraisingEndpoints(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.manager = make_user("api.manager@example.org", FUNDRAISING_MANAGER).name
		cls.staff = make_user("api.staff@example.org", FUNDRAISING_USER).name
		cls.donor_user = make_user("api.donor@example.org", DONOR, user_type="Website User").name

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.response = frappe._dict()

	def test_resend_thank_you_queues_a_job_for_staff(self):
		donation = make_donation()
		frappe.set_user(self.staff)
		self.assertEqual(api.resend_thank_you(donation.name), "queued")

	def test_resend_refused_for_a_draft_and_for_other_roles(self):
		draft = make_donation(submit=False)
		frappe.set_user(self.staff)
		with self.assertRaises(frappe.ValidationError):
			api.resend_thank_you(draft.name)
		frappe.set_user(self.donor_user)
		with self.assertRaises(frappe.PermissionError):
			api.resend_thank_you(make_donation_as_admin().name)

	def test_find_donor_duplicates(self):
		first = make_donor(email="dupe.api@example.org")
		second = make_donor(email="Dupe.Api@example.org")
		frappe.set_user(self.staff)
		self.assertEqual([row["name"] for row in api.find_donor_duplicates(second.name)], [first.name])

	def test_merge_donors_is_for_managers_only(self):
		keep, gone = make_donor(), make_donor()
		frappe.set_user(self.staff)
		with self.assertRaises(frappe.PermissionError):
			api.merge_donors(gone.name, keep.name)
		self.assertTrue(frappe.db.exists("LPN Donor", gone.name))
		frappe.set_user(self.manager)
		self.assertTrue(api.merge_donors(gone.name, keep.name, "same person"))
		self.assertFalse(frappe.db.exists("LPN Donor", gone.name))

	def test_annual_receipt_is_a_pdf_of_the_years_gifts(self):
		donor = make_donor(preferred_language="th")
		make_donation(donor=donor.name, amount=1000, donation_date="2036-01-10")
		make_donation(donor=donor.name, amount=500, donation_date="2036-06-10")
		api.annual_receipt(donor.name, 2036)
		self.assertEqual(frappe.local.response.type, "pdf")
		self.assertTrue(frappe.local.response.filecontent.startswith(b"%PDF"))
		from lpn_crm.fundraising.statements import annual_statement_html

		html = annual_statement_html(frappe.get_doc("LPN Donor", donor.name), 2036)
		self.assertIn("2579", html)
		self.assertIn("หนึ่งพันห้าร้อยบาทถ้วน", html)

	def test_annual_receipt_only_for_own_donor_record(self):
		other = make_donor()
		frappe.set_user(self.donor_user)
		with self.assertRaises(frappe.PermissionError):
			api.annual_receipt(other.name, 2036)

	def test_annual_receipt_refuses_a_nonsense_year(self):
		with self.assertRaises(frappe.ValidationError):
			api.annual_receipt(make_donor().name, 36)

	def test_edonation_batch_endpoints(self):
		donor = make_donor(
			tax_id=VALID_THAI_ID, consents=[consent("Receipts"), consent("e-Donation Reporting")]
		)
		make_donation(donor=donor.name, amount=250, donation_date="2037-03-03")
		frappe.set_user(self.staff)
		with self.assertRaises(frappe.PermissionError):
			api.create_edonation_batch("2037-03-01", "2037-03-31")
		frappe.set_user(self.manager)
		batch = api.create_edonation_batch("2037-03-01", "2037-03-31")
		api.export_edonation_batch(batch)
		self.assertIn(b"250.00,03/03/2580", frappe.local.response.filecontent)
		self.assertEqual(api.mark_edonation_batch(batch, "Submitted"), "Submitted")


def make_donation_as_admin():
	current = frappe.session.user
	frappe.set_user("Administrator")
	try:
		return make_donation()
	finally:
		frappe.set_user(current)
