"""Who sees a child (issue 12, items 1, 5 and 10): the one condition, the portal's whitelist, and the walk
of every generic endpoint a logged-in sponsor can call, for every child in the database, proving that no
forbidden field and no other sponsor's child comes back; refusals and reads recorded for coordinators."""

import json

import frappe
from frappe.tests.utils import FrappeTestCase

from lpn_crm.access import FUNDRAISING_USER, SPONSORSHIP_COORDINATOR
from lpn_crm.api import reads
from lpn_crm.api.sponsorship import flush_access_log
from lpn_crm.domain.sponsorship import SPONSOR_CHILD_FIELDS
from lpn_crm.sponsorship import access, permissions, portal
from lpn_crm.sponsorship.report.lpn_child_access import lpn_child_access
from lpn_crm.tests.factories import make_user
from lpn_crm.tests.sponsorship_factories import (
	make_child,
	make_consented_child,
	make_sponsor,
	make_sponsorship,
	make_update,
)

COORDINATOR = "coordinator.access@lpn.test"
FUNDRAISER = "fundraiser.access@lpn.test"
# Fields of a child a sponsor must never receive, whatever the endpoint.
FORBIDDEN_CHILD_FIELDS = (
	"family_name",
	"date_of_birth",
	"school",
	"community",
	"address",
	"health_notes",
	"legal_status",
	"case_notes",
)
PROTECTED = ("LPN Child", "LPN Sponsorship", "LPN Sponsor Update")
CHILD_TABLES = ("LPN Child Guardian", "LPN Child Consent", "LPN Child Language")
# Part B's doctypes that name a child, walked when the site has them.
OTHER_CHILD_DOCTYPES = ("LPN Disbursement", "LPN Sponsorship Hold")


def secret_values(child) -> list[str]:
	"""The values of a child that would give away what the whitelist hides."""
	values = [str(child.get(f)) for f in FORBIDDEN_CHILD_FIELDS if child.get(f)]
	values += [g.guardian_name for g in child.guardians] + [g.phone for g in child.guardians if g.phone]
	return [v for v in values if len(v) > 3]


class SponsorWorld(FrappeTestCase):
	"""Sponsor A sponsors X, sponsor B sponsors Y, both sponsor Z; W waits."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		make_user(COORDINATOR, SPONSORSHIP_COORDINATOR)
		make_user(FUNDRAISER, FUNDRAISING_USER)
		cls.a, cls.b = make_sponsor(), make_sponsor()
		cls.x = make_consented_child(family_name="Xfamilyname", scholarship_need_per_term=12000)
		cls.y = make_consented_child(family_name="Yfamilyname", scholarship_need_per_term=12000)
		cls.z = make_consented_child(family_name="Zfamilyname", scholarship_need_per_term=12000)
		cls.w = make_child(family_name="Wfamilyname", school="Waiting School")
		cls.ax = make_sponsorship(sponsor=cls.a.name, child=cls.x.name)
		cls.by = make_sponsorship(sponsor=cls.b.name, child=cls.y.name)
		cls.az = make_sponsorship(sponsor=cls.a.name, child=cls.z.name)
		cls.bz = make_sponsorship(sponsor=cls.b.name, child=cls.z.name)
		cls.ended = make_sponsorship(sponsor=cls.a.name, child=make_consented_child().name, status="Ended")
		cls.x_sent = make_update(cls.ax.name, "Sent", photo=True, text="X passed Primary 3")
		cls.x_draft = make_update(cls.ax.name, "Draft", photo=True, text="X draft not yet reviewed")
		cls.y_sent = make_update(cls.by.name, "Sent", photo=True, text="Y won the drawing prize")

	def setUp(self):
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")

	def as_a(self):
		frappe.set_user(self.a.user)


class TestCondition(SponsorWorld):
	def test_a_sponsor_s_rows_are_their_current_sponsorships_children_and_approved_updates(self):
		def rows(doctype, user):
			where = permissions.condition(doctype, user)
			return set(frappe.db.sql_list(f"select name from `tab{doctype}` where {where}"))

		user = self.a.user
		self.assertEqual(rows("LPN Sponsorship", user), {self.ax.name, self.az.name})
		self.assertEqual(rows("LPN Child", user), {self.x.name, self.z.name})
		self.assertEqual(rows("LPN Sponsor Update", user), {self.x_sent.name})
		for doctype in PROTECTED:
			self.assertEqual(permissions.condition(doctype, COORDINATOR), "")
			self.assertEqual(permissions.condition(doctype, "Guest"), permissions.NO_ROWS)
		self.assertEqual(permissions.condition("LPN Sponsorship", FUNDRAISER), "")
		self.assertEqual(permissions.condition("LPN Sponsor Update", FUNDRAISER), permissions.NO_ROWS)

	def test_list_query_and_single_document_check_agree(self):
		frappe.set_user(self.a.user)
		for doctype in PROTECTED:
			where = permissions.query_conditions(self.a.user, doctype)
			visible = set(frappe.db.sql_list(f"select name from `tab{doctype}` where {where}"))
			for name in frappe.get_all(doctype, pluck="name"):
				doc = frappe.get_doc(doctype, name)
				self.assertEqual(
					permissions.has_permission(doc, "read", self.a.user) is not False, name in visible, name
				)

	def test_a_guest_sees_nothing_about_any_child(self):
		frappe.set_user("Guest")
		for doctype in PROTECTED:
			self.assertFalse(frappe.has_permission(doctype, "read"))
		with self.assertRaises(frappe.PermissionError):
			portal.check_logged_in()


class TestPermissionWalk(SponsorWorld):
	"""Logged in as sponsor A, every endpoint of item 5 for every child in the database."""

	def refused(self, call, *args, refusal=frappe.PermissionError, **kwargs):
		with self.assertRaises(refusal, msg=f"{call.__module__}.{call.__name__}{args}"):
			call(*args, **kwargs)
		frappe.clear_messages()

	def test_every_generic_endpoint_refuses_a_sponsor_for_every_child(self):
		from frappe import client
		from frappe.desk import reportview
		from frappe.desk.form import load
		from frappe.utils import print_format
		from frappe.www import printview

		children = frappe.get_all("LPN Child", pluck="name")
		sponsorships = frappe.get_all("LPN Sponsorship", pluck="name")
		updates = frappe.get_all("LPN Sponsor Update", pluck="name")
		self.assertIn(self.x.name, children)
		self.as_a()
		doctypes = [d for d in (*PROTECTED, *OTHER_CHILD_DOCTYPES) if frappe.db.exists("DocType", d)]
		for doctype in doctypes:
			# REST resource list, list and report views, counts and sidebar counts
			self.refused(frappe.get_list, doctype, fields=["name"])
			self.refused(client.get_list, doctype, fields=["name"])
			for view in (reportview.get, reportview.get_count):
				frappe.local.form_dict = frappe._dict(doctype=doctype, fields=json.dumps(["name"]))
				self.refused(view)
			self.refused(reads.get_count, doctype)
			self.refused(reads.get_group_by_count, doctype, "[]", "assigned_to")
			# link search and the search box
			self.refused(reads.search_link, doctype, "", ignore_user_permissions=True)
			self.refused(reads.search_widget, doctype, "", ignore_user_permissions=True)
		for table in CHILD_TABLES:
			self.refused(client.get_list, table, fields=["*"], parent="LPN Child")
		names = {"LPN Child": children, "LPN Sponsorship": sponsorships, "LPN Sponsor Update": updates}
		for doctype, rows in names.items():
			for name in rows:
				# REST resource (frappe.client.get is what /api/resource/<doctype>/<name> checks), the desk form
				self.refused(client.get, doctype, name)
				self.refused(load.getdoc, doctype, name)
				self.refused(frappe.get_doc(doctype, name).check_permission, "read")
				self.refused(client.get_value, doctype, ["name"], {"name": name})
				# print views and PDFs
				self.refused(printview.get_html_and_style, doctype, name)
				# Frappe answers a PDF it may not print as "not found", so as not to say the record exists
				self.refused(print_format.download_pdf, doctype, name, refusal=frappe.DoesNotExistError)
				self.assertFalse(frappe.has_permission(doctype, "print", name))

	def test_global_search_finds_no_child(self):
		from frappe.utils import global_search

		self.as_a()
		for child in (self.x, self.y, self.z, self.w):
			for text in (child.first_name, child.family_name):
				found = global_search.search(text, limit=50)
				self.assertFalse([r for r in found if r.get("doctype") in PROTECTED], text)

	def test_no_photo_file_of_any_update_is_readable(self):
		files = frappe.get_all(
			"File",
			filters={"attached_to_doctype": ("in", PROTECTED)},
			fields=["name", "file_url", "is_private"],
		)
		self.assertTrue(files)
		self.as_a()
		for file in files:
			self.assertEqual(file.is_private, 1, file.file_url)
			doc = frappe.get_doc("File", file.name)
			self.assertFalse(frappe.has_permission("File", "read", doc), file.file_url)
			self.assertFalse(doc.is_downloadable(), file.file_url)

	def test_the_portal_gives_the_whitelist_of_own_children_only(self):
		self.as_a()
		shown = portal.overview(self.a.user)
		self.assertEqual({s.name for s in shown}, {self.ax.name, self.az.name})
		everything = json.dumps(shown, default=str)
		for sponsorship in (self.ax, self.az):
			page = portal.sponsorship_page(sponsorship.name, self.a.user)
			self.assertEqual(set(page["child"]), set(SPONSOR_CHILD_FIELDS))
			everything += json.dumps(page, default=str)
		for child in frappe.get_all("LPN Child", pluck="name"):
			for value in secret_values(frappe.get_doc("LPN Child", child)):
				self.assertNotIn(value, everything)
		for other in (self.y, self.w):
			self.assertNotIn(other.first_name, everything)
		self.assertNotIn(self.b.donor_name, everything)
		self.assertNotIn("draft not yet reviewed", everything)
		self.assertNotIn("drawing prize", everything)

	def test_another_sponsor_s_page_is_not_permitted_whether_it_exists_or_not(self):
		self.as_a()
		for name in (self.by.name, self.ended.name, "SPN-2026-99999", ""):
			with self.assertRaises(frappe.PermissionError) as caught:
				portal.sponsorship_page(name, self.a.user)
			self.assertEqual(str(caught.exception), "Not permitted")
		with self.assertRaises(frappe.PermissionError):
			portal.photo_file(self.y_sent.name, self.a.user)
		with self.assertRaises(frappe.PermissionError):
			portal.photo_file(self.x_draft.name, self.a.user)


class TestAccessRecords(SponsorWorld):
	def access_rows(self, user, record, method):
		frappe.set_user("Administrator")
		access.flush()
		return frappe.get_all(
			"Access Log",
			filters={"user": user, "reference_document": record, "method": method},
			pluck="name",
		)

	def test_a_refused_attempt_is_recorded(self):
		frappe.set_user(self.a.user)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc("LPN Child", self.y.name).check_permission("read")
		with self.assertRaises(frappe.PermissionError):
			portal.sponsorship_page(self.by.name, self.a.user)
		self.assertTrue(self.access_rows(self.a.user, self.y.name, access.REFUSED))
		self.assertTrue(self.access_rows(self.a.user, self.by.name, access.REFUSED))

	def test_every_read_of_a_child_is_recorded_and_coordinators_see_it(self):
		frappe.set_user(FUNDRAISER)
		frappe.get_doc("LPN Child", self.w.name).check_permission("read")
		frappe.set_user(self.a.user)
		portal.sponsorship_page(self.ax.name, self.a.user)
		self.assertTrue(self.access_rows(FUNDRAISER, self.w.name, access.READ))
		self.assertTrue(self.access_rows(self.a.user, self.x.name, access.PORTAL))
		frappe.set_user(COORDINATOR)
		flush_access_log()
		_columns, rows = lpn_child_access.execute({"record": self.w.name})
		self.assertIn(FUNDRAISER, {r["user"] for r in rows})

	def test_the_desk_form_keeps_a_view_log(self):
		from frappe.desk.form import load

		frappe.set_user(COORDINATOR)
		load.getdoc("LPN Child", self.x.name)
		self.assertTrue(
			frappe.db.exists(
				"View Log",
				{"reference_doctype": "LPN Child", "reference_name": self.x.name, "viewed_by": COORDINATOR},
			)
		)

	def test_only_coordinators_read_the_access_report(self):
		for user in (FUNDRAISER, self.a.user):
			frappe.set_user(user)
			with self.assertRaises(frappe.PermissionError):
				lpn_child_access.execute({})
			with self.assertRaises(frappe.PermissionError):
				flush_access_log()
