"""A script a payer types into Stripe stays text in the desk (issue 8 item 1), in a real browser.

Payment Link payments whose payer's name (and the link's metadata, invoice description and a custom field)
carry a script are posted as signed webhooks and recorded by a real worker's drain job (the batch path);
then Administrator opens the donor form (which shows the possible duplicates in an HTML headline), the
donation form, and a donation held for review with the script in its review note. No script runs:
the flag the payload would set stays unset, no element carries its event handler, and the headlines show the
payload as text.
"""

import uuid

import pytest
from conftest import ADMIN_PASSWORD
from test_stripe_http import post_event, run_worker, stripe_site  # noqa: F401 (a fixture)

from lpn_crm.tests.stripe_stub import load_event

HOSTILE = '<img src=x onerror="window.__xss=1">'


def hostile_payment(tag: str, n: int) -> dict:
	event = load_event(
		"payment_link_checkout_completed",
		object_overrides={
			"id": f"cs_test_xss{tag}{n}",
			"payment_intent": f"pi_xss{tag}{n}",
			"customer_details": {"email": f"xss{n}.{tag}@example.org", "name": f"{HOSTILE} Giver {tag}"},
			"metadata": {"note": HOSTILE},
			"custom_fields": [{"key": "message", "type": "text", "text": {"value": HOSTILE}}],
			"invoice_creation": {"enabled": False, "invoice_data": {"description": HOSTILE, "metadata": {}}},
		},
	)
	event["id"] = f"evt_e2exss{tag}{n}"
	return event


@pytest.fixture(scope="module")
def hostile_records(stripe_site, admin):  # noqa: F811 (the fixture imported above)
	"""Two payments from one hostile name (two emails): the second donor lists the first as a duplicate."""
	tag = uuid.uuid4().hex[:8]
	events = [hostile_payment(tag, n) for n in (1, 2)]
	for event in events:
		response = post_event(stripe_site, event)
		assert response.ok, response.text
	run_worker()
	donations = []
	for event in events:
		row = admin.get(f"{stripe_site}/api/resource/LPN Stripe Event/{event['id']}", timeout=30).json()[
			"data"
		]
		assert row["status"] == "Processed", row
		donations.append(row["reference_name"])
	donation = admin.get(f"{stripe_site}/api/resource/LPN Donation/{donations[1]}", timeout=30).json()["data"]
	donor = admin.get(f"{stripe_site}/api/resource/LPN Donor/{donation['donor']}", timeout=30).json()["data"]
	assert donor["possible_duplicates"], donor
	assert "onerror" not in donor["donor_name"] + donor["possible_duplicates"]
	return {"donation": donations[1], "donor": donor["name"], "other_donation": donations[0]}


def open_form(browser, site_url: str, route: str):
	page = browser.new_page(viewport={"width": 1280, "height": 900})
	page.set_default_timeout(30000)
	page.goto(f"{site_url}/login")
	page.fill("#login_email", "Administrator")
	page.fill("#login_password", ADMIN_PASSWORD)
	page.click(".btn-login")
	page.wait_for_url("**/app**")
	page.goto(f"{site_url}/app/{route}")
	page.wait_for_selector(".form-layout:visible")
	page.wait_for_load_state("networkidle")
	return page


def assert_inert(page) -> None:
	assert page.evaluate("window.__xss") is None, "the payload's script ran"
	assert page.locator("[onerror]").count() == 0, "an element carries the payload's handler"


def test_donor_form_shows_a_hostile_duplicate_name_as_text(browser, site_url, hostile_records):
	page = open_form(browser, site_url, f"lpn-donor/{hostile_records['donor']}")
	try:
		headline = page.locator(".form-message:visible")
		headline.wait_for()
		assert "Possible duplicates" in headline.inner_text()
		assert "<img" in headline.inner_text(), "the name is shown as the text it is"
		assert headline.locator("img").count() == 0
		assert_inert(page)
	finally:
		page.close()


def test_donation_forms_show_hostile_text_as_text(browser, site_url, admin, hostile_records):
	page = open_form(browser, site_url, f"lpn-donation/{hostile_records['donation']}")
	try:
		assert_inert(page)
	finally:
		page.close()
	# Held for review with the payload in its note (a note may quote what Stripe sent).
	name = hostile_records["other_donation"]
	response = admin.put(
		f"{site_url}/api/resource/LPN Donation/{name}",
		json={"needs_review": 1, "review_note": f"Check {HOSTILE}"},
		timeout=30,
	)
	assert response.ok, response.text
	page = open_form(browser, site_url, f"lpn-donation/{name}")
	try:
		headline = page.locator(".form-message:visible")
		headline.wait_for()
		assert "Check" in headline.inner_text()
		assert headline.locator("img").count() == 0
		assert_inert(page)
	finally:
		page.close()
