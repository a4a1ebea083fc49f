import frappe
from frappe.tests.utils import FrappeTestCase

from lpn_crm.fundraising.donors import find_duplicates, has_consent, keys_of, merge_donors
from lpn_crm.fundraising.exceptions import DonorMergeError, InvalidTaxIDError
from lpn_crm.tests.factories import VALID_THAI_ID, consent, make_donation, make_donor, make_recurring


class TestDonorIdentity(FrappeTestCase):
	def test_thai_id_is_normalised_and_checked(self):
		donor = make_donor(tax_id="1-1017-00230-70-8")
		self.assertEqual(donor.tax_id, VALID_THAI_ID)
		self.assertEqual(donor.tax_id_type, "Thai National ID")

	def test_mistyped_thai_id_is_refused_and_nothing_written(self):
		before = frappe.db.count("LPN Donor")
		for bad in ("1101700230709", "110170023070", "11017002307O8", "0101700230708"):
			with self.assertRaises(InvalidTaxIDError, msg=bad):
				make_donor(tax_id=bad)
		self.assertEqual(frappe.db.count("LPN Donor"), before)

	def test_foreign_tax_id_is_kept_as_written(self):
		donor = make_donor(tax_id_type="Foreign Tax ID", tax_id=" DE123456789 ")
		self.assertEqual(donor.tax_id, "DE123456789")

	def test_match_keys_are_normalised(self):
		donor = make_donor(email=" Somchai.J@Example.ORG ", phone="081-234-5678", donor_name="นายสมชาย ใจดี")
		self.assertEqual(donor.email_key, "somchai.j@example.org")
		self.assertEqual(donor.phone_key, "+66812345678")
		self.assertTrue(donor.name_key)

	def test_likely_duplicate_is_flagged_not_merged(self):
		first = make_donor(email="malee@example.org", donor_name="Malee Srisuk")
		second = make_donor(email="MALEE@example.org ", donor_name="Malee S.")
		self.assertTrue(second.needs_review)
		self.assertIn(first.name, second.possible_duplicates)
		self.assertTrue(frappe.db.exists("LPN Donor", first.name))
		found = find_duplicates(keys_of(second), exclude=second.name)
		self.assertEqual([row["name"] for row in found], [first.name])
		self.assertIn("email", found[0]["reasons"])

	def test_duplicate_by_phone_across_formats(self):
		first = make_donor(phone="+66 81 999 1234", email=None)
		second = make_donor(phone="081-999-1234", email=None)
		self.assertIn(first.name, second.possible_duplicates)

	def test_duplicate_by_name_across_spacing_and_order(self):
		first = make_donor(donor_name="Aung  Kyaw Htet", email=None, search_name="Aung Kyaw Htet")
		second = make_donor(donor_name="ဦးအောင်ကျော်ထက်", search_name="htet aung kyaw", email=None)
		self.assertIn(first.name, second.possible_duplicates)


class TestConsent(FrappeTestCase):
	def test_consent_is_given_and_withdrawn(self):
		donor = make_donor(
			consents=[consent("Newsletters", granted_on="2024-01-01", withdrawn_on="2025-06-01")]
		)
		self.assertTrue(has_consent(donor, "Newsletters", "2025-01-01"))
		self.assertFalse(has_consent(donor, "Newsletters", "2025-06-01"))
		self.assertFalse(has_consent(donor, "Appeals", "2025-01-01"))

	def test_withdrawal_before_grant_is_refused(self):
		with self.assertRaises(frappe.ValidationError):
			make_donor(consents=[consent("Appeals", granted_on="2025-01-01", withdrawn_on="2024-01-01")])


class TestDonorMerge(FrappeTestCase):
	def test_merge_repoints_every_link_and_logs(self):
		keep = make_donor(donor_name="Keep Me")
		gone = make_donor(donor_name="Merge Me")
		donation = make_donation(donor=gone.name, amount=700)
		recurring = make_recurring(donor=gone.name)
		log = merge_donors(gone.name, keep.name, reason="same person")
		self.assertFalse(frappe.db.exists("LPN Donor", gone.name))
		self.assertEqual(frappe.db.get_value("LPN Donation", donation.name, "donor"), keep.name)
		self.assertEqual(frappe.db.get_value("LPN Recurring Donation", recurring.name, "donor"), keep.name)
		self.assertEqual(frappe.db.get_value("LPN Receipt", donation.receipt, "donor"), keep.name)
		self.assertEqual(frappe.db.get_value("LPN Donor", keep.name, "lifetime_total"), 700)
		entry = frappe.get_doc("LPN Donor Merge Log", log)
		self.assertEqual(entry.merged_donor, gone.name)
		self.assertIn("LPN Donation: 1", entry.moved_records)

	def test_merge_into_itself_or_missing_donor_is_refused(self):
		donor = make_donor()
		with self.assertRaises(DonorMergeError):
			merge_donors(donor.name, donor.name)
		with self.assertRaises(DonorMergeError):
			merge_donors("DNR-NOPE", donor.name)
		self.assertTrue(frappe.db.exists("LPN Donor", donor.name))


class TestContact(FrappeTestCase):
	def test_donor_gets_a_linked_contact(self):
		donor = make_donor(email="contact.me@example.org", phone="0812223333")
		donor.reload()
		contact = frappe.get_doc("Contact", donor.contact)
		self.assertEqual(contact.email_id, "contact.me@example.org")
		self.assertTrue(contact.has_link("LPN Donor", donor.name))


class TestCompanyDonor(FrappeTestCase):
	def test_company_taxpayer_id_starting_with_zero_is_accepted(self):
		from lpn_crm.domain.thai_id import thai_id_check_digit

		company_id = "010555812345" + str(thai_id_check_digit("010555812345"))
		donor = make_donor(donor_type="Organisation", tax_id_type="Thai Taxpayer ID", tax_id=company_id)
		self.assertEqual(donor.tax_id, company_id)
		with self.assertRaises(InvalidTaxIDError):
			make_donor(tax_id_type="Thai National ID", tax_id=company_id)


class TestDonorLogin(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")

	def test_logging_in_links_the_donor_and_grants_the_portal(self):
		from lpn_crm.access import DONOR
		from lpn_crm.fundraising.donors import link_donor_to_user
		from lpn_crm.tests.factories import make_user

		donor = make_donor(email="Login.Giver@Example.org")
		taken = make_donor(email="login.giver@example.org", user="Administrator")
		user = make_user("login.giver@example.org", user_type="Website User").name
		frappe.set_user(user)
		self.assertEqual(link_donor_to_user(), [donor.name])
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("LPN Donor", donor.name, "user"), user)
		self.assertEqual(frappe.db.get_value("LPN Donor", taken.name, "user"), "Administrator")
		self.assertIn(DONOR, frappe.get_roles(user))

	def test_a_user_with_no_donor_record_gets_nothing(self):
		from lpn_crm.access import DONOR
		from lpn_crm.fundraising.donors import link_donor_to_user
		from lpn_crm.tests.factories import make_user

		user = make_user("nobody.gives@example.org", user_type="Website User").name
		frappe.set_user(user)
		self.assertEqual(link_donor_to_user(), [])
		frappe.set_user("Administrator")
		self.assertNotIn(DONOR, frappe.get_roles(user))
