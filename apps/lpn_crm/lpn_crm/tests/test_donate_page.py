import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import set_request
from frappe.website.serve import get_response_without_exception_handling

from lpn_crm.tests.factories import configure_stripe, make_campaign, make_stripe_donation

FORM = '<form id="lpn-donate-form"'


def render(path: str, **form) -> tuple[int, str]:
	saved_request, saved_form = getattr(frappe.local, "request", None), frappe.local.form_dict
	set_request(method="GET", path=path)
	frappe.local.form_dict = frappe._dict(form)
	try:
		response = get_response_without_exception_handling(path)
		return response.status_code, response.get_data(as_text=True)
	finally:
		frappe.local.request, frappe.local.form_dict = saved_request, saved_form


class TestDonatePage(FrappeTestCase):
	def setUp(self):
		configure_stripe()

	def tearDown(self):
		frappe.clear_document_cache("LPN Stripe Settings", "LPN Stripe Settings")

	def test_form_offers_the_settings_amounts_and_currencies(self):
		status, html = render("/donate")
		self.assertEqual(status, 200)
		self.assertIn(FORM, html)
		self.assertIn("lpn_crm.api.donate.create_checkout", html)
		for text in ('"currency": "USD"', '"1000.00"', '"maximum": "500000.00"', "Test mode"):
			self.assertIn(text, html)

	def test_campaign_page_names_an_active_campaign_only(self):
		campaign = make_campaign(title="Flood relief Mae Sot")
		status, html = render("/donate", campaign=campaign.name)
		self.assertEqual(status, 200)
		self.assertIn("Flood relief Mae Sot", html)
		self.assertIn(f'value="{campaign.name}"', html)
		closed = make_campaign(title="Closed appeal", status="Closed")
		self.assertNotIn("Closed appeal", render("/donate", campaign=closed.name)[1])

	def test_closed_giving_shows_no_form(self):
		configure_stripe(enabled=0)
		html = render("/donate")[1]
		self.assertTrue(FORM not in html, "the form is shown while online giving is closed")
		self.assertIn("Online giving is closed", html)

	def test_thanks_page_shows_the_gift_and_nothing_personal(self):
		donation = make_stripe_donation(amount=1234, stripe_checkout_session="cs_test_thanks_page_1")
		status, html = render("/donate/thanks", session_id="cs_test_thanks_page_1")
		self.assertEqual(status, 200)
		self.assertIn("1,234", html)
		self.assertIn("confirming your payment", html)
		self.assertNotIn(donation.donor_name, html)
