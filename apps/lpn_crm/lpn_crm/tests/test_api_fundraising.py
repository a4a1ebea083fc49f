import frappe
from frappe.tests.utils import FrappeTestCase

from lpn_crm.access import DONOR, FUNDRAISING_MANAGER, FUNDRAISING_USER
from lpn_crm.api import fundraising as api
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

	def test_find_donor_duplicates_is_refused_to_the_donor_themself(self):
		"""Failed before the fix: a donor asking about their own record got other donors' ids, names and
		why they matched."""
		mine = make_donor(user=self.donor_user, email=self.donor_user)
		make_donor(donor_name="Someone Else", email="API.Donor@example.org")
		frappe.set_user(self.donor_user)
		with self.assertRaises(frappe.PermissionError):
			api.find_donor_duplicates(mine.name)

	def test_every_staff_endpoint_refuses_a_donor(self):
		"""Failed before the fix for merge and the e-Donation endpoints: frappe.only_for lets everyone
		through while tests run, so their gates were never exercised."""
		from lpn_crm.lpn_payments.processing import reprocess

		keep, gone = make_donor(), make_donor()
		batch = make_edonation_batch(6)
		calls = {
			"resend_thank_you": lambda: api.resend_thank_you(make_donation_as_admin().name),
			"find_donor_duplicates": lambda: api.find_donor_duplicates(keep.name),
			"merge_donors": lambda: api.merge_donors(gone.name, keep.name),
			"create_edonation_batch": lambda: api.create_edonation_batch("2038-01-01", "2038-01-31"),
			"export_edonation_batch": lambda: api.export_edonation_batch(batch),
			"mark_edonation_batch": lambda: api.mark_edonation_batch(batch, "Submitted"),
			"reprocess": lambda: reprocess("evt_not_logged"),
		}
		frappe.set_user(self.donor_user)
		for name, call in calls.items():
			with self.subTest(name), self.assertRaises(frappe.PermissionError):
				call()
		frappe.set_user("Administrator")
		self.assertTrue(frappe.db.exists("LPN Donor", gone.name))
		self.assertEqual(frappe.db.get_value("LPN e-Donation Batch", batch, "status"), "Draft")

	def test_manager_only_endpoints_refuse_a_fundraising_user(self):
		"""Failed before the fix for mark_edonation_batch: a Fundraising User could mark a batch Submitted."""
		batch = make_edonation_batch(7)
		frappe.set_user(self.staff)
		for name, call in {
			"create_edonation_batch": lambda: api.create_edonation_batch("2038-02-01", "2038-02-28"),
			"export_edonation_batch": lambda: api.export_edonation_batch(batch),
			"mark_edonation_batch": lambda: api.mark_edonation_batch(batch, "Submitted"),
		}.items():
			with self.subTest(name), self.assertRaises(frappe.PermissionError):
				call()
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("LPN e-Donation Batch", batch, "status"), "Draft")

	def test_the_role_gate_holds_under_tests_and_says_which_roles(self):
		from lpn_crm.access import FUNDRAISING_MANAGERS, check_roles, has_any_role, staff_only

		self.assertTrue(frappe.flags.in_test)
		gated = staff_only(*FUNDRAISING_MANAGERS)(lambda: "ran")
		frappe.set_user(self.staff)
		self.assertFalse(has_any_role(FUNDRAISING_MANAGERS))
		with self.assertRaises(frappe.PermissionError) as refused:
			gated()
		self.assertIn(frappe._(FUNDRAISING_MANAGER), str(refused.exception))
		frappe.set_user(self.manager)
		self.assertEqual(gated(), "ran")
		check_roles(FUNDRAISING_MANAGERS)
		frappe.set_user("Administrator")
		self.assertEqual(gated(), "ran")


def make_edonation_batch(month: int) -> str:
	"""A draft e-Donation batch with one eligible gift in `month` of 2038, made by Administrator."""
	current = frappe.session.user
	frappe.set_user("Administrator")
	try:
		donor = make_donor(
			tax_id=VALID_THAI_ID, consents=[consent("Receipts"), consent("e-Donation Reporting")]
		)
		make_donation(donor=donor.name, amount=300, donation_date=f"2038-{month:02d}-06")
		return api.create_edonation_batch(f"2038-{month:02d}-01", f"2038-{month:02d}-28")
	finally:
		frappe.set_user(current)


def make_donation_as_admin():
	current = frappe.session.user
	frappe.set_user("Administrator")
	try:
		return make_donation()
	finally:
		frappe.set_user(current)
