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
from lpn_crm.tests.factories import consent, make_donation, make_donor, make_user


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


def rpc(cmd: str, **kwargs):
	"""Call a whitelisted method the way /api/method/<cmd> does: Frappe's handler resolves
	override_whitelisted_methods, checks the method is whitelisted and takes the arguments from form_dict."""
	from types import SimpleNamespace

	import frappe.handler

	frappe.local.form_dict = frappe._dict(kwargs)
	frappe.local.request = SimpleNamespace(method="GET")
	try:
		return frappe.handler.execute_cmd(cmd)
	finally:
		del frappe.local.request
		frappe.local.form_dict = frappe._dict()


class TestDonorSeesOnlyOwnData(FrappeTestCase):
	"""Issue 8 item 2: what a logged-in donor, or a website user who is no donor, reaches through Frappe's
	generic read endpoints. Each test names whether it failed on the code before the fix."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = make_user("own.staff@example.org", FUNDRAISING_USER).name
		cls.carol = make_user("carol.donor@example.org", DONOR, user_type="Website User").name
		cls.dave = make_user("dave.donor@example.org", DONOR, user_type="Website User").name
		cls.stranger = make_user("just.a.visitor@example.org", user_type="Website User").name
		cls.carol_donor = make_donor(
			donor_name="Carol Ownrecord",
			user=cls.carol,
			email=cls.carol,
			consents=[consent("Receipts"), consent("Newsletters")],
		)
		cls.dave_donor = make_donor(
			donor_name="Dave Otherperson", user=cls.dave, email=cls.dave, consents=[consent("Appeals")]
		)
		# Another record with Carol's email: saving Carol's again flags it as her likely duplicate.
		cls.twin = make_donor(donor_name="Carol Twin", email="Carol.Donor@Example.org")
		cls.carol_donor.reload()
		cls.carol_donor.flags.silent_duplicates = True
		cls.carol_donor.save(ignore_permissions=True)
		cls.carol_gift = make_donation(donor=cls.carol_donor.name)
		cls.carol_gift.db_set({"needs_review": 1, "review_note": "Card flagged by the bank: check it"})

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_review_fields_are_hidden_from_the_donor_through_api_resource(self):
		"""Failed before the fix: /api/resource gave a donor possible_duplicates (other donors' names),
		needs_review and review_note."""
		from frappe.api.v1 import read_doc

		self.assertIn(self.twin.name, self.carol_donor.possible_duplicates)
		frappe.set_user(self.carol)
		donor = read_doc("LPN Donor", self.carol_donor.name).as_dict()
		gift = read_doc("LPN Donation", self.carol_gift.name).as_dict()
		self.assertEqual(donor.donor_name, "Carol Ownrecord")
		for field in ("possible_duplicates", "needs_review"):
			self.assertFalse(donor.get(field), field)
		for field in ("needs_review", "review_note"):
			self.assertFalse(gift.get(field), field)
		rows = frappe.client.get_list(
			"LPN Donation", fields=["name", "amount", "needs_review", "review_note"], limit_page_length=0
		)
		self.assertEqual([row.name for row in rows], [self.carol_gift.name])
		self.assertNotIn("review_note", rows[0])
		self.assertNotIn("needs_review", rows[0])
		everything = frappe.client.get_list("LPN Donor", fields=["*"])
		self.assertNotIn("possible_duplicates", everything[0])

	def test_staff_still_read_and_write_the_review_fields(self):
		frappe.set_user(self.staff)
		gift = frappe.get_doc("LPN Donation", self.carol_gift.name)
		gift.apply_fieldlevel_read_permissions()
		self.assertEqual(gift.review_note, "Card flagged by the bank: check it")
		self.assertTrue(
			frappe.get_doc("LPN Donor", self.carol_donor.name).has_permlevel_access_to("needs_review")
		)
		self.assertIn(1, frappe.get_meta("LPN Donation").get_permlevel_access("write", user=self.staff))

	def test_consent_rows_of_another_donor_are_not_listed(self):
		"""Failed before the fix: frappe.client.get_list on LPN Donor Consent with parent="LPN Donor" gave a
		donor every donor's consent rows."""
		frappe.set_user(self.carol)
		rows = frappe.client.get_list(
			"LPN Donor Consent", fields=["name", "parent", "purpose"], parent="LPN Donor", limit_page_length=0
		)
		self.assertEqual({row.parent for row in rows}, {self.carol_donor.name})
		self.assertEqual({row.purpose for row in rows}, {"Receipts", "Newsletters"})
		davids_row = self.dave_donor.consents[0].name
		self.assertEqual(
			frappe.client.get_value("LPN Donor Consent", "purpose", {"name": davids_row}, parent="LPN Donor"),
			{},
		)
		with self.assertRaises(frappe.PermissionError):
			frappe.client.get("LPN Donor Consent", davids_row, parent="LPN Donor")
		own = frappe.client.get("LPN Donor Consent", self.carol_donor.consents[0].name, parent="LPN Donor")
		self.assertEqual(own["parent"], self.carol_donor.name)

	def test_consent_rows_are_not_reached_by_a_fake_parent_or_by_another_app_table(self):
		"""Passed before the fix (Frappe checks the parent doctype); kept so it stays so."""
		frappe.set_user(self.carol)
		with self.assertRaises(frappe.PermissionError):
			frappe.client.get_list("LPN Donor Consent", parent="LPN Donation")
		with self.assertRaises(frappe.PermissionError):
			frappe.client.get_list("LPN Stripe Currency", parent="LPN Stripe Settings")

	def test_get_count_does_not_tell_anyone_who_gives(self):
		"""Failed before the fix: frappe.client.get_count counts without a permission check, so any logged-in
		user learnt that an email belongs to a donor."""
		frappe.set_user(self.stranger)
		with self.assertRaises(frappe.PermissionError):
			rpc("frappe.client.get_count", doctype="LPN Donor", filters={"email": self.dave})
		frappe.set_user(self.carol)
		self.assertEqual(rpc("frappe.client.get_count", doctype="LPN Donor", filters={"email": self.dave}), 0)
		self.assertEqual(
			rpc("frappe.client.get_count", doctype="LPN Donor", filters={"email": self.carol}), 1
		)
		self.assertEqual(rpc("frappe.client.get_count", doctype="LPN Donation"), 1)
		self.assertEqual(rpc("frappe.client.get_count", doctype="LPN Donor Consent"), 2)
		frappe.set_user(self.staff)
		self.assertEqual(rpc("frappe.client.get_count", doctype="LPN Donor", filters={"email": self.dave}), 1)

	def test_get_count_of_other_apps_doctypes_is_frappes(self):
		from lpn_crm.api.reads import get_count

		frappe.set_user(self.staff)
		self.assertEqual(
			get_count("ToDo", filters={"status": "Open"}), frappe.db.count("ToDo", {"status": "Open"})
		)
		self.assertEqual(get_count("Role"), frappe.db.count("Role"))

	def test_link_search_lists_only_the_donors_own_record(self):
		"""Failed before the fix: with ignore_user_permissions=1 Frappe's link search drops the row-level
		condition, and a donor listed every donor's name."""
		frappe.set_user(self.carol)
		for flag in (0, 1):
			found = rpc(
				"frappe.desk.search.search_link", doctype="LPN Donor", txt="", ignore_user_permissions=flag
			)
			self.assertEqual([row["value"] for row in found], [self.carol_donor.name], flag)
			widget = rpc(
				"frappe.desk.search.search_widget", doctype="LPN Donor", txt="", ignore_user_permissions=flag
			)
			self.assertEqual([row[0] for row in widget], [self.carol_donor.name], flag)
		frappe.set_user(self.stranger)
		with self.assertRaises(frappe.PermissionError):
			rpc("frappe.desk.search.search_link", doctype="LPN Donor", txt="Dave", ignore_user_permissions=1)
		frappe.set_user(self.staff)
		found = rpc("frappe.desk.search.search_link", doctype="LPN Donor", txt="Otherperson")
		self.assertEqual([row["value"] for row in found], [self.dave_donor.name])

	def test_list_sidebar_counts_no_assignments_of_other_donors(self):
		"""Failed before the fix: get_group_by_count("assigned_to") counted over every donor the filters
		matched, so a donor (or any user) learnt whether a donor with a given email was assigned to staff."""
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": self.staff,
				"reference_type": "LPN Donor",
				"reference_name": self.dave_donor.name,
				"description": "Call Dave about his pledge",
			}
		).insert(ignore_permissions=True)
		by_email = frappe.as_json({"email": self.dave})
		method = "frappe.desk.listview.get_group_by_count"
		frappe.set_user(self.carol)
		self.assertEqual(rpc(method, doctype="LPN Donor", current_filters=by_email, field="assigned_to"), [])
		frappe.set_user(self.stranger)
		with self.assertRaises(frappe.PermissionError):
			rpc(method, doctype="LPN Donor", current_filters=by_email, field="assigned_to")
		frappe.set_user(self.staff)
		counts = rpc(method, doctype="LPN Donor", current_filters=by_email, field="assigned_to")
		self.assertEqual([(row["name"], row["count"]) for row in counts], [(self.staff, 1)])

	def test_get_value_and_report_view_stay_within_the_donors_rows(self):
		"""Passed before the fix (both read through the permission query); kept so it stays so."""
		frappe.set_user(self.carol)
		self.assertEqual(frappe.client.get_value("LPN Donor", "donor_name", {"email": self.dave}), {})
		self.assertEqual(
			rpc("frappe.desk.reportview.get_count", doctype="LPN Donor", filters={"email": self.dave}), 0
		)
		data = rpc("frappe.desk.reportview.get", doctype="LPN Donor", fields=["name", "donor_name"])
		self.assertEqual([row[0] for row in data["values"]], [self.carol_donor.name])
		frappe.set_user(self.stranger)
		with self.assertRaises(frappe.PermissionError):
			frappe.client.get_value("LPN Donor", "name", {"email": self.dave})
		with self.assertRaises(frappe.PermissionError):
			rpc("frappe.desk.reportview.get", doctype="LPN Donor", fields=["name"])
		with self.assertRaises(frappe.PermissionError):
			frappe.client.get_list("LPN Donation")
