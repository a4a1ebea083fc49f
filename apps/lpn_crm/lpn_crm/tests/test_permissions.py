import frappe
from frappe.tests.utils import FrappeTestCase

from lpn_crm.access import (
	CLINIC_COORDINATOR,
	DONOR,
	FUNDRAISING_MANAGER,
	FUNDRAISING_USER,
	SPONSORSHIP_COORDINATOR,
)
from lpn_crm.fundraising.permissions import donor_condition
from lpn_crm.tests.factories import make_donation, make_donor, make_user


class TestFundraisingPermissions(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.manager = make_user("fr.manager@example.org", FUNDRAISING_MANAGER).name
		cls.staff = make_user("fr.user@example.org", FUNDRAISING_USER).name
		cls.clinic = make_user("clinic.coord@example.org", CLINIC_COORDINATOR, SPONSORSHIP_COORDINATOR).name
		cls.alice = make_user("alice.donor@example.org", DONOR, user_type="Website User").name
		cls.bob = make_user("bob.donor@example.org", DONOR, user_type="Website User").name
		cls.alice_donor = make_donor(user=cls.alice, email=cls.alice)
		cls.bob_donor = make_donor(user=cls.bob, email=cls.bob)
		cls.alice_gift = make_donation(donor=cls.alice_donor.name)
		cls.bob_gift = make_donation(donor=cls.bob_donor.name)

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_manager_has_full_rights(self):
		frappe.set_user(self.manager)
		for ptype in ("read", "write", "create", "submit", "cancel", "delete"):
			self.assertTrue(frappe.has_permission("LPN Donation", ptype), ptype)

	def test_fundraising_user_cannot_cancel_or_delete(self):
		frappe.set_user(self.staff)
		for ptype in ("read", "create", "submit"):
			self.assertTrue(frappe.has_permission("LPN Donation", ptype), ptype)
		for ptype in ("cancel", "delete"):
			self.assertFalse(frappe.has_permission("LPN Donation", ptype), ptype)
		self.assertFalse(frappe.has_permission("LPN Donor", "delete"))

	def test_other_staff_see_no_donors_or_donations(self):
		frappe.set_user(self.clinic)
		for doctype in ("LPN Donor", "LPN Donation", "LPN Receipt", "LPN Recurring Donation"):
			self.assertFalse(frappe.has_permission(doctype, "read"), doctype)
			with self.assertRaises(frappe.PermissionError):
				frappe.get_list(doctype)

	def test_donor_reads_only_their_own(self):
		frappe.set_user(self.alice)
		self.assertEqual(frappe.get_list("LPN Donation", pluck="name"), [self.alice_gift.name])
		self.assertEqual(frappe.get_list("LPN Receipt", pluck="name"), [self.alice_gift.receipt])
		self.assertEqual(frappe.get_list("LPN Donor", pluck="name"), [self.alice_donor.name])
		self.assertTrue(frappe.has_permission("LPN Donation", "read", doc=self.alice_gift.name))
		self.assertFalse(frappe.has_permission("LPN Donation", "read", doc=self.bob_gift.name))
		self.assertFalse(frappe.has_permission("LPN Donation", "write", doc=self.alice_gift.name))
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc("LPN Donation", self.bob_gift.name).check_permission("read")

	def test_list_and_document_checks_agree(self):
		for user in (self.alice, self.bob):
			frappe.set_user(user)
			listed = set(frappe.get_list("LPN Donation", pluck="name", limit=0))
			for name in (self.alice_gift.name, self.bob_gift.name):
				self.assertEqual(
					name in listed, frappe.has_permission("LPN Donation", "read", doc=name), user
				)

	def test_donor_loses_access_when_unlinked(self):
		frappe.db.set_value("LPN Donor", self.bob_donor.name, "user", None)
		frappe.set_user(self.bob)
		self.assertEqual(frappe.get_list("LPN Donation", pluck="name"), [])
		frappe.set_user("Administrator")
		frappe.db.set_value("LPN Donor", self.bob_donor.name, "user", self.bob)

	def test_staff_are_not_scoped(self):
		self.assertEqual(donor_condition("LPN Donation", self.staff), "")
		self.assertIn("tabLPN Donor", donor_condition("LPN Donation", self.alice))
