"""Campaigns: fields and rules, totals on every path a gift takes, public pages, emergency appeals."""

import re

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, random_string, set_request, today
from frappe.website.serve import get_response_without_exception_handling

from lpn_crm.fundraising import campaigns, rollups
from lpn_crm.fundraising.exceptions import CampaignError
from lpn_crm.lpn_payments import records
from lpn_crm.tests.factories import (
	configure_stripe,
	consent,
	make_campaign,
	make_donation,
	make_donor,
	make_fund,
)


def totals(campaign: str) -> frappe._dict:
	return frappe.db.get_value(
		"LPN Campaign",
		campaign,
		["raised", "donation_count", "donor_count", "percent_of_goal"],
		as_dict=True,
	)


class TestCampaignRules(FrappeTestCase):
	def test_goal_must_be_above_zero_and_nothing_is_written(self):
		before = frappe.db.count("LPN Campaign")
		for goal in (0, -5):
			with self.assertRaises(CampaignError):
				make_campaign(goal=goal)
		self.assertEqual(frappe.db.count("LPN Campaign"), before)

	def test_end_before_start_is_refused(self):
		with self.assertRaisesRegex(CampaignError, "cannot end before it starts"):
			make_campaign(start_date="2026-05-01", end_date="2026-04-01")

	def test_slug_is_made_from_the_title_and_a_second_campaign_cannot_take_it(self):
		first = make_campaign(title="Shelter Building Fund 2027")
		self.assertEqual(first.slug, "shelter-building-fund-2027")
		before = frappe.db.count("LPN Campaign")
		with self.assertRaisesRegex(CampaignError, "already taken"):
			make_campaign(title="Another", slug="shelter-building-fund-2027")
		self.assertEqual(frappe.db.count("LPN Campaign"), before)

	def test_a_bad_slug_is_refused(self):
		with self.assertRaisesRegex(CampaignError, "not a valid web address"):
			make_campaign(slug="Flood Relief!")

	def test_bad_suggested_amounts_are_refused(self):
		with self.assertRaisesRegex(CampaignError, "not a suggested amount"):
			make_campaign(suggested_amounts="300, lots")

	def test_title_and_story_in_the_visitors_language_english_where_missing(self):
		campaign = make_campaign(
			title=f"Flood relief {random_string(4)}",
			title_th="ช่วยน้ำท่วม",
			story="<p>English story</p>",
			story_my="",
		)
		row = campaigns.live_campaign_by_slug(campaign.slug)
		self.assertEqual(campaigns.public_view(row, "th").title, "ช่วยน้ำท่วม")
		self.assertTrue(campaigns.public_view(row, "my").title.startswith("Flood relief "))
		self.assertEqual(campaigns.public_view(row, "my").story, "<p>English story</p>")


class TestCampaignTotals(FrappeTestCase):
	def test_desk_submit_adds_raised_gifts_distinct_donors_and_percent(self):
		campaign = make_campaign(goal=10000)
		donor = make_donor()
		make_donation(donor=donor.name, campaign=campaign.name, amount=1000)
		make_donation(donor=donor.name, campaign=campaign.name, amount=500)
		make_donation(campaign=campaign.name, amount=1000)
		make_donation(campaign=campaign.name, amount=999, submit=False)  # a draft does not count
		row = totals(campaign.name)
		self.assertEqual((row.raised, row.donation_count, row.donor_count), (2500, 3, 2))
		self.assertEqual(row.percent_of_goal, 25)

	def test_cancel_takes_the_gift_and_a_donor_with_no_other_gift_out(self):
		campaign = make_campaign(goal=10000)
		donor = make_donor()
		first = make_donation(donor=donor.name, campaign=campaign.name, amount=1000)
		second = make_donation(donor=donor.name, campaign=campaign.name, amount=500)
		second.cancel()
		self.assertEqual(tuple(totals(campaign.name).values())[:3], (1000, 1, 1))
		first.cancel()
		self.assertEqual(tuple(totals(campaign.name).values()), (0, 0, 0, 0))

	def test_a_partial_refund_is_taken_off_the_raised_amount(self):
		campaign = make_campaign(goal=10000)
		gift = make_donation(campaign=campaign.name, amount=100, currency="USD", exchange_rate=35)
		gift.db_set("refunded_amount", 40)
		rollups.refund_recorded(gift, 0)
		self.assertEqual(totals(campaign.name).raised, 2100)
		# and a full refund (cancel) afterwards takes out what is left, not the whole gift again
		gift.reload()
		gift.cancel()
		self.assertEqual(tuple(totals(campaign.name).values()), (0, 0, 0, 0))

	def test_the_batch_path_posts_campaign_totals_as_the_desk_does(self):
		campaign = make_campaign(goal=4000)
		donor = make_donor()
		gifts = [
			{
				"donor": donor.name,
				"amount": amount,
				"currency": "THB",
				"donation_date": today(),
				"payment_method": records.CARD,
				"fund": make_fund(),
				"campaign": campaign.name,
			}
			for amount in (300, 700)
		]
		from lpn_crm.fundraising.posting import insert_submitted

		insert_submitted(gifts)
		row = totals(campaign.name)
		self.assertEqual(
			(row.raised, row.donation_count, row.donor_count, row.percent_of_goal), (1000, 2, 1, 25)
		)

	def test_the_nightly_recompute_agrees_with_the_gifts_one_by_one(self):
		campaign = make_campaign(goal=3000)
		donor = make_donor()
		make_donation(donor=donor.name, campaign=campaign.name, amount=1000)
		make_donation(campaign=campaign.name, amount=500).cancel()
		make_donation(donor=donor.name, campaign=campaign.name, amount=500)
		incremental = totals(campaign.name)
		frappe.db.set_value(
			"LPN Campaign",
			campaign.name,
			{"raised": 0, "donation_count": 0, "donor_count": 0, "percent_of_goal": 0},
		)
		rollups.recompute_campaign_totals(campaign.name)
		self.assertEqual(totals(campaign.name), incremental)
		self.assertEqual(incremental.percent_of_goal, 50)


class TestCampaignPages(FrappeTestCase):
	def test_live_list_has_live_campaigns_emergency_first(self):
		annual = make_campaign(title="Annual giving", campaign_type="Annual")
		emergency = make_campaign(title="Fire in Mae Sot", campaign_type="Emergency Appeal")
		draft = make_campaign(title="Not yet", status="Draft")
		names = [row.name for row in campaigns.live_campaigns()]
		self.assertIn(annual.name, names)
		self.assertNotIn(draft.name, names)
		self.assertLess(names.index(emergency.name), names.index(annual.name))

	def test_recent_gifts_name_only_donors_who_consented(self):
		campaign = make_campaign()
		named = make_donor(
			donor_name="Somchai Named", consents=[consent(campaigns.NAMED)], country="Thailand"
		)
		anonymous = make_donor(donor_name="Hidden Person", country="Germany")
		make_donation(donor=named.name, campaign=campaign.name)
		make_donation(donor=anonymous.name, campaign=campaign.name)
		who = [gift["who"] for gift in campaigns.recent_gifts(campaign.name)]
		self.assertIn("Somchai Named", who)
		self.assertIn("A donor from Germany", who)
		self.assertNotIn("Hidden Person", who)

	def test_campaign_page_renders_story_progress_donate_button_and_open_graph(self):
		campaign = make_campaign(
			title="Shelter and training centre", goal=20000, story="<p>A roof for workers in need.</p>"
		)
		make_donation(campaign=campaign.name, amount=5000)
		html = render(f"campaigns/{campaign.slug}")
		self.assertTrue("A roof for workers in need." in html, "A roof for workers in need.")
		self.assertTrue("25%" in html, "25%")
		self.assertTrue(
			f'href="/donate?campaign={campaign.name}"' in html, f'href="/donate?campaign={campaign.name}"'
		)
		self.assertTrue(
			re.search(r'property="og:title"\s+content="Shelter and training centre"', html),
			r'property="og:title"\s+content="Shelter and training centre"',
		)
		self.assertTrue(
			re.search(r'property="og:description"\s+content="A roof for workers in need."', html),
			r'property="og:description"\s+content="A roof for workers in need."',
		)

	def test_a_draft_or_closed_campaign_has_no_public_page(self):
		for status in ("Draft", "Closed"):
			campaign = make_campaign(status=status)
			self.assertEqual(status_of(f"campaigns/{campaign.slug}"), 404)

	def test_donate_page_shows_the_campaign_progress_and_the_emergency_banner(self):
		configure_stripe()
		self.addCleanup(frappe.clear_document_cache, "LPN Stripe Settings", "LPN Stripe Settings")
		emergency = make_campaign(title="Hand to hand: flood", campaign_type="Emergency Appeal")
		html = render("donate")
		self.assertTrue("lpn-emergency-banner" in html, "lpn-emergency-banner")
		self.assertTrue("Hand to hand: flood" in html, "Hand to hand: flood")
		other = make_campaign(title="Scholarships 2027", goal=1000, suggested_amounts="300, 600")
		html = render("donate", campaign=other.name)
		self.assertTrue("lpn-progress" in html, "lpn-progress")
		self.assertTrue("[300, 600]" in html, "[300, 600]")
		frappe.db.set_value("LPN Campaign", emergency.name, "status", "Closed")
		frappe.db.set_value("LPN Campaign", {"campaign_type": "Emergency Appeal"}, "status", "Closed")
		self.assertFalse("lpn-emergency-banner" in render("donate"), "lpn-emergency-banner")


class TestEmergencyAppeal(FrappeTestCase):
	def test_a_template_makes_a_live_emergency_appeal_in_one_step(self):
		template = frappe.get_doc(
			{
				"doctype": "LPN Campaign Template",
				"template_name": f"Flood {frappe.generate_hash(length=6)}",
				"campaign_type": "Emergency Appeal",
				"fund": make_fund("Emergency Assistance"),
				"goal": 300000,
				"suggested_amounts": "500, 1000, 3000",
				"days_open": 30,
				"title": "Flood relief for migrant families",
				"story": "<p>Families lost everything.</p>",
			}
		).insert()
		name = campaigns.launch_from_template(template.name, goal=250000)
		campaign = frappe.get_doc("LPN Campaign", name)
		self.assertEqual(
			(campaign.status, campaign.campaign_type, campaign.goal), ("Live", "Emergency Appeal", 250000)
		)
		self.assertEqual(str(campaign.end_date), add_days(today(), 30))
		self.assertEqual(campaign.suggested_amounts, "500, 1000, 3000")
		# a second launch gets its own address
		second = campaigns.launch_from_template(template.name)
		self.assertNotEqual(frappe.db.get_value("LPN Campaign", second, "slug"), campaign.slug)
		self.assertEqual(campaigns.emergency_banner().name, second)


def page(path: str, user: str = "Guest", **form) -> tuple[int, str]:
	"""(status, html) of a website page as `user` sees it."""
	saved_request, saved_form, saved_user = (
		getattr(frappe.local, "request", None),
		frappe.local.form_dict,
		frappe.session.user,
	)
	frappe.set_user(user)  # before the form: set_user empties form_dict
	set_request(method="GET", path=path)
	frappe.local.form_dict = frappe._dict(form)
	try:
		try:
			response = get_response_without_exception_handling(path)
		except frappe.DoesNotExistError:
			return 404, ""
		return response.status_code, response.get_data(as_text=True)
	finally:
		frappe.set_user(saved_user)
		frappe.local.request, frappe.local.form_dict = saved_request, saved_form


def render(path: str, **form) -> str:
	status, html = page(f"/{path}", **form)
	assert status == 200, f"{path}: {status}"
	return html


def status_of(path: str) -> int:
	return page(f"/{path}")[0]
