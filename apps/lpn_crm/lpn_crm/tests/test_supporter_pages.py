"""Supporter pages: a logged-in supporter makes one, a coordinator approves it, gifts through it are credited
to it (through Stripe Checkout too) and its supporter sees its total."""

import json

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import random_string

from lpn_crm.access import FUNDRAISING_MANAGER, FUNDRAISING_USER
from lpn_crm.api import campaigns as api
from lpn_crm.api.donate import create_checkout
from lpn_crm.fundraising.exceptions import CampaignError
from lpn_crm.lpn_payments.processing import process_event
from lpn_crm.lpn_payments.webhooks import record
from lpn_crm.tests.factories import (
	STRIPE_SECRET_KEY,
	configure_stripe,
	make_campaign,
	make_donation,
	make_user,
)
from lpn_crm.tests.stripe_stub import StripeStub, make_event
from lpn_crm.tests.test_campaigns import page


def supporter() -> str:
	return make_user(f"supporter.{random_string(6).lower()}@example.org", user_type="Website User").name


def make_page(campaign, user: str, slug: str = "naw-runs-for-shelter", **args) -> dict:
	frappe.set_user(user)
	try:
		return api.create_supporter_page(
			campaign=campaign.slug, supporter_name=args.pop("supporter_name", "Naw Htoo"), slug=slug, **args
		)
	finally:
		frappe.set_user("Administrator")


class TestSupporterPages(FrappeTestCase):
	def test_a_supporter_makes_a_page_that_is_public_only_once_approved(self):
		campaign = make_campaign(title="Shelter drive")
		user = supporter()
		made = make_page(campaign, user, story="I run 10 km for the shelter.", goal=20000)
		self.assertEqual(made.status, "Pending Approval")
		url = f"/campaigns/{campaign.slug}/naw-runs-for-shelter"
		self.assertEqual(made.url, url)
		self.assertEqual(page(url)[0], 404)  # a guest: not yet public
		status, html = page(url, user=user)  # its supporter sees it, waiting
		self.assertEqual(status, 200)
		self.assertTrue("waits for LPN" in html, "waits for LPN")
		self.assertFalse("lpn-supporter-donate" in html, "lpn-supporter-donate")

		api.approve_supporter_page(made.name)
		status, html = page(url)
		self.assertEqual(status, 200)
		self.assertTrue("I run 10 km for the shelter." in html, "I run 10 km for the shelter.")
		self.assertTrue(f"supporter_page={made.name}" in html, f"supporter_page={made.name}")
		self.assertTrue('property="og:title"' in html, 'property="og:title"')
		# listed on the campaign's page
		self.assertTrue(
			"naw-runs-for-shelter" in page(f"/campaigns/{campaign.slug}")[1], "naw-runs-for-shelter"
		)

	def test_gifts_through_a_page_are_credited_to_it_and_its_supporter_sees_the_total(self):
		campaign = make_campaign(goal=50000)
		user = supporter()
		made = make_page(campaign, user, goal=10000)
		api.approve_supporter_page(made.name)
		gift = make_donation(campaign=campaign.name, supporter_page=made.name, amount=2500)
		make_donation(campaign=campaign.name, supporter_page=made.name, amount=500, donor=gift.donor)
		row = frappe.db.get_value(
			"LPN Supporter Page",
			made.name,
			["raised", "donation_count", "donor_count", "percent_of_goal"],
			as_dict=True,
		)
		self.assertEqual(
			(row.raised, row.donation_count, row.donor_count, row.percent_of_goal), (3000, 2, 1, 30)
		)
		# the gift stays the donor's; the campaign counts it too
		self.assertEqual(frappe.db.get_value("LPN Campaign", campaign.name, "raised"), 3000)
		html = page(made.url, user=user)[1]
		self.assertIn("Your page has raised ฿ 3,000", html.replace("฿3,000", "฿ 3,000"))

	def test_a_guest_cannot_make_a_page(self):
		campaign = make_campaign()
		with self.assertRaises(frappe.PermissionError):
			make_page(campaign, "Guest")

	def test_no_page_under_a_closed_campaign_and_nothing_is_written(self):
		campaign = make_campaign(status="Closed")
		before = frappe.db.count("LPN Supporter Page")
		with self.assertRaisesRegex(CampaignError, "only be made under a live campaign"):
			make_page(campaign, supporter())
		self.assertEqual(frappe.db.count("LPN Supporter Page"), before)

	def test_a_second_page_with_the_same_address_under_a_campaign_is_refused(self):
		campaign = make_campaign()
		make_page(campaign, supporter(), slug="for-the-children")
		with self.assertRaisesRegex(CampaignError, "already taken"):
			make_page(campaign, supporter(), slug="for-the-children")
		with self.assertRaisesRegex(CampaignError, "not a valid web address"):
			make_page(campaign, supporter(), slug="Not A Slug")

	def test_only_a_fundraising_manager_approves(self):
		campaign = make_campaign()
		made = make_page(campaign, supporter())
		staff = make_user(f"staff.{random_string(6).lower()}@example.org", FUNDRAISING_USER).name
		for user in (staff, supporter()):
			frappe.set_user(user)
			try:
				with self.assertRaises(frappe.PermissionError):
					api.approve_supporter_page(made.name)
			finally:
				frappe.set_user("Administrator")
		manager = make_user(f"manager.{random_string(6).lower()}@example.org", FUNDRAISING_MANAGER).name
		frappe.set_user(manager)
		try:
			api.approve_supporter_page(made.name)
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("LPN Supporter Page", made.name, "status"), "Approved")


class TestSupporterCheckout(FrappeTestCase):
	def setUp(self):
		configure_stripe()
		self.stub = StripeStub(api_key=STRIPE_SECRET_KEY)
		self.stub.start()
		self.addCleanup(self.stub.stop)
		frappe.local.conf.stripe_api_base = self.stub.url
		frappe.local.conf.stripe_max_network_retries = 0
		self.addCleanup(frappe.local.conf.pop, "stripe_api_base", None)
		self.addCleanup(frappe.local.conf.pop, "stripe_max_network_retries", None)

	def tearDown(self):
		frappe.clear_document_cache("LPN Stripe Settings", "LPN Stripe Settings")

	def give(self, **args) -> dict:
		values = {
			"amount": "1200",
			"currency": "THB",
			"frequency": "One-off",
			"email": f"{random_string(8).lower()}@example.org",
			"donor_name": "Ko Zaw",
		}
		values.update(args)
		create_checkout(**values)
		session_id = list(self.stub.sessions)[-1]
		session = self.stub.complete_session(session_id)
		event = make_event("checkout.session.completed", session)
		record(event, json.dumps(event))
		self.assertEqual(process_event(event["id"]), "Processed")
		return session

	def test_a_checkout_gift_through_an_approved_page_is_credited_to_it(self):
		campaign = make_campaign()
		made = make_page(campaign, supporter())
		api.approve_supporter_page(made.name)
		session = self.give(campaign=campaign.name, supporter_page=made.name)
		self.assertEqual(session["metadata"]["lpn_supporter_page"], made.name)
		donation = frappe.get_doc("LPN Donation", session["metadata"]["lpn_name"])
		self.assertEqual((donation.docstatus, donation.supporter_page), (1, made.name))
		self.assertEqual(frappe.db.get_value("LPN Supporter Page", made.name, "raised"), 1200)

	def test_a_page_not_approved_or_of_another_campaign_credits_nothing_and_the_gift_is_taken(self):
		campaign, other = make_campaign(), make_campaign()
		pending = make_page(campaign, supporter())
		session = self.give(campaign=campaign.name, supporter_page=pending.name)
		donation = frappe.get_doc("LPN Donation", session["metadata"]["lpn_name"])
		self.assertEqual((donation.docstatus, donation.supporter_page), (1, None))
		api.approve_supporter_page(pending.name)
		session = self.give(campaign=other.name, supporter_page=pending.name)
		self.assertFalse(
			frappe.db.get_value("LPN Donation", session["metadata"]["lpn_name"], "supporter_page")
		)
