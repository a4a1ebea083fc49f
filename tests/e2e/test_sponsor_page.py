"""/sponsor on a phone, in Debian's Chromium: a stranger sees how many children wait and what a month covers
(no child), picks an amount and wishes, is sent to Stripe Checkout (the loopback stub), and once Stripe's
signed events come back over HTTP the first payment is a donation of the new Proposed sponsorship."""

import json
import uuid

import pytest
from test_stripe_http import SECRET_KEY, SITE, post_event, run_worker, set_config, stripe_site  # noqa: F401

from lpn_crm.tests.stripe_stub import StripeStub, make_event

PHONE = {"width": 390, "height": 844}
SCREENSHOT = "/tmp/lpn-sponsor-phone.png"


def child(admin, site_url, first_name: str, family_name: str) -> dict:
	response = admin.post(
		f"{site_url}/api/resource/LPN Child",
		json={
			"first_name": first_name,
			"family_name": family_name,
			"date_of_birth": "2017-06-15",
			"gender": "Female",
			"origin": "Myanmar",
			"scholarship_need_per_term": 6000,
		},
		timeout=30,
	)
	assert response.ok, response.text
	return response.json()["data"]


def resource(admin, site_url, doctype: str, filters: dict, fields: list[str]) -> list[dict]:
	response = admin.get(
		f"{site_url}/api/resource/{doctype}",
		params={"filters": json.dumps(filters), "fields": json.dumps(fields)},
		timeout=30,
	)
	assert response.ok, response.text
	return response.json()["data"]


@pytest.fixture(scope="module")
def sponsor_site(stripe_site, admin):  # noqa: F811
	fund = admin.get(
		f"{stripe_site}/api/resource/LPN Sponsorship Settings/LPN Sponsorship Settings", timeout=30
	).json()["data"]["child_education_fund"]
	assert fund, "the child-education fund is set on install"
	hidden = [
		child(admin, stripe_site, f"Secretchild{uuid.uuid4().hex[:6]}", "Hiddenfamily") for _ in range(2)
	]
	return stripe_site, hidden


def test_become_a_sponsor_on_a_phone(browser, sponsor_site, admin):
	site_url, hidden = sponsor_site
	if not SITE:
		pytest.skip("the site's name is needed to point its stripe_api_base at the stub")
	email = f"e2e.sponsor.{uuid.uuid4().hex[:8]}@example.org"
	context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
	# Stripe's hosted page cannot be reached from here: the browser lands on a stand-in.
	context.route(
		"https://checkout.stripe.com/**",
		lambda route: route.fulfill(status=200, content_type="text/html", body="<h1>Stripe Checkout</h1>"),
	)
	page = context.new_page()
	with StripeStub(api_key=SECRET_KEY) as stub:
		set_config("stripe_api_base", stub.url)
		try:
			page.goto(f"{site_url}/sponsor")
			text = page.inner_text("body")
			assert "children are waiting for a sponsor" in text
			assert "A month of school for one child costs about" in text
			for secret in (*[c["first_name"] for c in hidden], "Hiddenfamily", *[c["name"] for c in hidden]):
				assert secret not in page.content()
			assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

			# Bad input: a monthly amount of zero is refused on the page, and nothing reaches Stripe.
			page.fill("#lpn-amount", "0")
			page.fill("#lpn-name", "Naw Paw")
			page.fill("#lpn-email", email)
			page.locator("#lpn-sponsor").tap()
			page.wait_for_selector("#lpn-error:not(.d-none)", timeout=30000)
			assert "greater than zero" in page.inner_text("#lpn-error")
			assert stub.calls("POST", "/v1/checkout/sessions") == []

			page.locator("#lpn-amounts button").last.tap()  # a whole month of a child's schooling
			page.select_option("#lpn-age_band", "7-9")
			page.select_option("#lpn-origin", "Myanmar")
			page.screenshot(path=SCREENSHOT, full_page=True)
			with page.expect_navigation(url="https://checkout.stripe.com/**", timeout=60000):
				page.locator("#lpn-sponsor").tap()
		finally:
			set_config("stripe_api_base", "")
			context.close()
		[sent] = stub.calls("POST", "/v1/checkout/sessions")
		assert sent.form["mode"] == "subscription"
		session = sent.response
		gift = session["metadata"]["lpn_name"]
		[sponsorship] = resource(
			admin,
			site_url,
			"LPN Sponsorship",
			{"recurring_donation": gift},
			["name", "status", "child", "preferred_age_band", "preferred_origin", "monthly_amount"],
		)
		assert (sponsorship["status"], sponsorship["child"]) == ("Proposed", None)
		assert (sponsorship["preferred_age_band"], sponsorship["preferred_origin"]) == ("7-9", "Myanmar")

		# The sponsor pays; Stripe's signed events come back over HTTP and a worker records the payment.
		completed = stub.complete_session(session["id"], email=email)
		invoice = stub.invoices[completed["invoice"]]
		for event in (
			make_event("checkout.session.completed", completed),
			make_event("invoice.paid", invoice),
		):
			assert post_event(site_url, event).status_code == 200
		run_worker()
	[donation] = resource(
		admin,
		site_url,
		"LPN Donation",
		{"stripe_invoice": invoice["id"]},
		["name", "docstatus", "sponsorship", "amount"],
	)
	assert (donation["docstatus"], donation["sponsorship"]) == (1, sponsorship["name"])
	assert donation["amount"] == sponsorship["monthly_amount"]
