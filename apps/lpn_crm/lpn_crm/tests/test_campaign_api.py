"""The campaign endpoints not covered by the page and appeal tests, each with its refusal for a lesser role;
the migration of old campaign statuses; the workspace's Campaigns section."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import random_string, set_request
from frappe.utils.verified_command import get_signed_params

from lpn_crm.access import FUNDRAISING_MANAGER, FUNDRAISING_USER
from lpn_crm.api import campaigns as api
from lpn_crm.tests.factories import consent, make_campaign, make_donation, make_donor, make_fund, make_user


def as_user(user: str, function, *args, **kwargs):
	frappe.set_user(user)
	try:
		return function(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")


def staff(role: str) -> str:
	return make_user(f"{random_string(8).lower()}@lpn.test", role).name


def template() -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "LPN Campaign Template",
				"template_name": f"Emergency {random_string(6)}",
				"fund": make_fund("Emergency Assistance"),
				"goal": 100000,
				"title": "Hand to hand",
			}
		)
		.insert()
		.name
	)


class TestCampaignEndpoints(FrappeTestCase):
	def setUp(self):
		# the rate-limited endpoints count calls per IP, as over HTTP
		saved = getattr(frappe.local, "request", None), getattr(frappe.local, "request_ip", None)
		set_request(method="GET", path="/api/method/lpn_crm.api.campaigns")
		frappe.local.request_ip = "127.0.0.1"

		def restore():
			frappe.local.request, frappe.local.request_ip = saved

		self.addCleanup(restore)

	def test_reject_supporter_page_is_for_managers(self):
		campaign = make_campaign()
		user = make_user(f"{random_string(8).lower()}@example.org", user_type="Website User").name
		page = as_user(
			user, api.create_supporter_page, campaign=campaign.slug, supporter_name="Ko Aung", slug="ko-aung"
		)
		with self.assertRaises(frappe.PermissionError):
			as_user(staff(FUNDRAISING_USER), api.reject_supporter_page, page.name)
		self.assertEqual(
			as_user(staff(FUNDRAISING_MANAGER), api.reject_supporter_page, page.name), {"status": "Rejected"}
		)

	def test_appeal_segment_count_for_staff_only(self):
		make_donor(consents=[consent("Appeals")], preferred_language="my", country="Cambodia")
		appeal = frappe.get_doc(
			{
				"doctype": "LPN Appeal",
				"title": "Count",
				"campaign": make_campaign().name,
				"donor_country": "Cambodia",
			}
		).insert()
		answer = as_user(staff(FUNDRAISING_USER), api.appeal_segment_count, appeal.name)
		self.assertGreaterEqual(answer["matching"], answer["consenting"])
		self.assertGreaterEqual(answer["consenting"], 1)
		website_user = make_user(f"{random_string(8).lower()}@example.org", user_type="Website User").name
		with self.assertRaises(frappe.PermissionError):
			as_user(website_user, api.appeal_segment_count, appeal.name)

	def test_appeal_opened_counts_only_a_signed_call(self):
		appeal = frappe.get_doc(
			{"doctype": "LPN Appeal", "title": "Opens", "campaign": make_campaign().name}
		).insert()
		params = {
			"recipient_email": "reader@example.org",
			"reference_doctype": "LPN Appeal",
			"reference_name": appeal.name,
		}
		# forged: no signature
		frappe.local.flags.signed_query_string = "recipient_email=reader%40example.org"
		as_user("Guest", api.appeal_opened, **params)
		self.assertEqual(frappe.db.get_value("LPN Appeal", appeal.name, "opened_count"), 0)
		self.assertEqual(frappe.response.get("type"), "binary")  # a pixel either way
		frappe.local.flags.signed_query_string = get_signed_params(params)
		as_user("Guest", api.appeal_opened, **params)
		self.assertEqual(frappe.db.get_value("LPN Appeal", appeal.name, "opened_count"), 1)

	def test_launch_emergency_appeal_is_for_managers(self):
		name = template()
		with self.assertRaises(frappe.PermissionError):
			as_user(staff(FUNDRAISING_USER), api.launch_emergency_appeal, name)
		answer = as_user(staff(FUNDRAISING_MANAGER), api.launch_emergency_appeal, name, goal=50000)
		self.assertEqual(
			frappe.db.get_value("LPN Campaign", answer["name"], ["status", "goal"]), ("Live", 50000)
		)
		self.assertTrue(answer["url"].startswith("/campaigns/hand-to-hand"))

	def test_campaign_overview_for_the_workspace(self):
		campaign = make_campaign(title=f"Overview {random_string(4)}", goal=1000)
		make_donation(campaign=campaign.name, amount=250)
		overview = as_user(staff(FUNDRAISING_USER), api.campaign_overview)
		row = next(row for row in overview["campaigns"] if row.name == campaign.name)
		self.assertEqual((row.raised, row.percent_of_goal, row.donor_count), (250, 25, 1))
		self.assertIn("appeals", overview)
		self.assertIn("supporter_pages", overview)
		website_user = make_user(f"{random_string(8).lower()}@example.org", user_type="Website User").name
		with self.assertRaises(frappe.PermissionError):
			as_user(website_user, api.campaign_overview)


class TestCampaignMigration(FrappeTestCase):
	def test_old_statuses_types_and_descriptions_are_carried_over(self):
		from lpn_crm.patches import campaigns_draft_live_closed

		active, planned = make_campaign(title=f"Old active {random_string(4)}"), make_campaign(status="Draft")
		frappe.db.sql(
			"update `tabLPN Campaign` set status = 'Active', campaign_type = 'Capital Campaign', slug = null where name = %s",
			active.name,
		)
		frappe.db.sql(
			"update `tabLPN Campaign` set status = 'Planned', campaign_type = 'Sponsorship Drive' where name = %s",
			planned.name,
		)
		make_donation(campaign=active.name, amount=400)
		frappe.db.set_value("LPN Campaign", active.name, "donor_count", 0)
		campaigns_draft_live_closed.execute()
		row = frappe.db.get_value(
			"LPN Campaign", active.name, ["status", "campaign_type", "slug", "donor_count"], as_dict=True
		)
		self.assertEqual((row.status, row.campaign_type, row.donor_count), ("Live", "Capital", 1))
		self.assertTrue(row.slug.startswith("old-active-"))
		self.assertEqual(
			frappe.db.get_value("LPN Campaign", planned.name, ["status", "campaign_type"]),
			("Draft", "Scholarship Drive"),
		)

	def test_a_new_appeal_has_no_country_filled_in_for_it(self):
		"""Failed before the fix: a field named `country` took the system's default country (Thailand), so a new
		appeal went only to donors in Thailand."""
		self.assertFalse(frappe.new_doc("LPN Appeal").get("donor_country"))


class TestCampaignWorkspace(FrappeTestCase):
	def test_the_lpn_workspace_has_a_campaigns_section(self):
		workspace = frappe.get_doc("Workspace", "LPN")
		labels = {row.label for row in workspace.charts} | {row.label for row in workspace.shortcuts}
		self.assertIn("Daily Gifts per Campaign", labels)
		self.assertIn("LPN Appeal Results", {row.link_to for row in workspace.shortcuts})
		self.assertIn("Campaigns", workspace.content)
