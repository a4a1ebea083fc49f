"""/my-account on a phone in Chromium: a donor changes and pauses their monthly card gift (the served site
talks to the loopback Stripe stub), sees "contact LPN" for a bank transfer gift, withdraws a consent, fixes
their address and asks for a copy of their data."""

import os
import subprocess
import uuid
from pathlib import Path

import pytest
import requests

from lpn_crm.tests.stripe_stub import StripeStub

BENCH = Path(os.environ.get("LPN_BENCH", Path.home() / "frappe-bench"))
SITE = os.environ.get("LPN_E2E_SITE", "")
SECRET_KEY = "sk_test_e2e_selfservice"
PASSWORD = "lpn-E2E-selfservice-pw-1"
PHONE = {"width": 390, "height": 844}
RECURRING = "LPN Recurring Donation"
SHOTS = Path(os.environ.get("LPN_TEST_LOGS", "/tmp"))


def set_config(key: str, value: str) -> None:
	subprocess.run(
		["bench", "--site", SITE, "set-config", key, value], cwd=BENCH, check=True, capture_output=True
	)


def create(admin, site_url, doc: dict) -> dict:
	response = admin.post(f"{site_url}/api/resource/{doc['doctype']}", json=doc, timeout=60)
	assert response.ok, response.text
	return response.json()["data"]


def get(admin, site_url, doctype: str, name: str) -> dict:
	response = admin.get(f"{site_url}/api/resource/{doctype}/{name}", timeout=30)
	assert response.ok, response.text
	return response.json()["data"]


@pytest.fixture(scope="module")
def stub():
	if not SITE:
		pytest.skip("the site's name is needed to point its stripe_api_base at the stub")
	with StripeStub(api_key=SECRET_KEY) as stripe_stub:
		set_config("stripe_api_base", stripe_stub.url)
		set_config("stripe_max_network_retries", "0")
		try:
			yield stripe_stub
		finally:
			set_config("stripe_api_base", "")


@pytest.fixture(scope="module")
def account(admin, site_url, stub):
	if not admin.get(f"{site_url}/api/resource/LPN Fund/General Fund", timeout=30).ok:
		create(admin, site_url, {"doctype": "LPN Fund", "fund_name": "General Fund"})
	settings = {
		"enabled": 1,
		"secret_key": SECRET_KEY,
		"publishable_key": "pk_test_e2e_selfservice",
		"webhook_secret": f"whsec_e2e_{uuid.uuid4().hex}",
		"default_fund": "General Fund",
		"default_currency": "THB",
		"public_base_url": site_url,
		"currencies": [{"currency": "THB", "suggested_amounts": "300, 500", "max_gift_amount": 100000}],
	}
	response = admin.put(
		f"{site_url}/api/resource/LPN Stripe Settings/LPN Stripe Settings", json=settings, timeout=30
	)
	assert response.ok, response.text
	admin.put(
		f"{site_url}/api/resource/LPN Fundraising Settings/LPN Fundraising Settings",
		json={"contact_email": "donors@lpn.test", "contact_phone": "+66 34 434 726"},
		timeout=30,
	).raise_for_status()
	tag = uuid.uuid4().hex[:8]
	email = f"account.{tag}@example.org"
	create(
		admin,
		site_url,
		{
			"doctype": "User",
			"email": email,
			"first_name": "Account",
			"user_type": "Website User",
			"send_welcome_email": 0,
			"new_password": PASSWORD,
			"roles": [{"role": "LPN Donor"}],
		},
	)
	donor = create(
		admin,
		site_url,
		{
			"doctype": "LPN Donor",
			"donor_name": f"Naw Paw {tag}",
			"email": email,
			"user": email,
			"preferred_language": "en",
			"consents": [{"purpose": "Receipts", "granted": 1}, {"purpose": "Newsletters", "granted": 1}],
		},
	)
	client = stub.client(SECRET_KEY)
	customer = client.v1.customers.create(params={"email": email})
	card_gift = create(
		admin,
		site_url,
		{
			"doctype": RECURRING,
			"donor": donor["name"],
			"amount": 500,
			"currency": "THB",
			"frequency": "Monthly",
			"payment_method": "Card (Stripe)",
			"fund": "General Fund",
			"start_date": "2026-11-01",
			"status": "Active",
		},
	)
	session = client.v1.checkout.sessions.create(
		params={
			"mode": "subscription",
			"customer": customer.id,
			"line_items": [
				{
					"price_data": {
						"currency": "thb",
						"unit_amount": 50000,
						"recurring": {"interval": "month"},
						"product_data": {"name": "Monthly gift"},
					},
					"quantity": 1,
				}
			],
			"metadata": {"lpn_doctype": RECURRING, "lpn_name": card_gift["name"]},
			"subscription_data": {"metadata": {"lpn_doctype": RECURRING, "lpn_name": card_gift["name"]}},
			"success_url": f"{site_url}/donate/thanks",
		}
	)
	subscription = stub.complete_session(session.id, email=email)["subscription"]
	# The Stripe ids are read-only in the desk: set as the webhook would, through the admin's console.
	response = admin.post(
		f"{site_url}/api/method/frappe.client.set_value",
		json={
			"doctype": RECURRING,
			"name": card_gift["name"],
			"fieldname": {"stripe_subscription": subscription, "stripe_customer": customer.id},
		},
		timeout=30,
	)
	assert response.ok, response.text
	bank_gift = create(
		admin,
		site_url,
		{
			"doctype": RECURRING,
			"donor": donor["name"],
			"amount": 300,
			"currency": "THB",
			"frequency": "Monthly",
			"payment_method": "Bank Transfer",
			"fund": "General Fund",
			"start_date": "2026-11-01",
			"status": "Active",
		},
	)
	return {
		"email": email,
		"donor": donor["name"],
		"card_gift": card_gift["name"],
		"bank_gift": bank_gift["name"],
		"subscription": subscription,
	}


def act(page, click) -> str:
	"""Do what changes something, then wait for the page's answer (success after the reload, or an error)."""
	page.evaluate("document.getElementById('lpn-account-message').className = 'alert d-none'")
	click()
	page.wait_for_selector("#lpn-account-message:not(.d-none)")
	return page.locator("#lpn-account-message").get_attribute("class")


def test_my_account_on_a_phone(browser, site_url, admin, stub, account):
	login = requests.post(
		f"{site_url}/api/method/login", data={"usr": account["email"], "pwd": PASSWORD}, timeout=30
	)
	assert login.ok, login.text
	context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
	host = site_url.split("//")[1].split(":")[0]
	context.add_cookies(
		[{"name": k, "value": v, "domain": host, "path": "/"} for k, v in login.cookies.items()]
	)
	page = context.new_page()
	page.on("dialog", lambda dialog: dialog.accept())
	try:
		page.goto(f"{site_url}/my-account")
		card = page.locator(f".lpn-gift[data-gift='{account['card_gift']}']")
		assert "500" in card.locator(".lpn-gift-amount").inner_text()
		bank = page.locator(f".lpn-gift[data-gift='{account['bank_gift']}']")
		assert "donors@lpn.test" in bank.locator(".lpn-contact-lpn").inner_text()

		# A new amount from the next gift on: Stripe is asked without proration.
		card.locator("input[name=amount]").fill("750")
		assert "alert-success" in act(page, card.locator(".lpn-amount-form button").click)
		card = page.locator(f".lpn-gift[data-gift='{account['card_gift']}']")
		assert "750" in card.locator(".lpn-gift-amount").inner_text()
		assert "4242" in card.locator(".lpn-gift-card").inner_text()
		sent = stub.calls("POST", f"/v1/subscriptions/{account['subscription']}")[-1]
		assert sent.form["proration_behavior"] == "none"
		assert sent.form["items"][0]["price_data"]["unit_amount"] == "75000"

		# Below the minimum: a clear error, nothing sent.
		before = len(stub.requests)
		card.locator("input[name=amount]").evaluate("input => input.removeAttribute('min')")
		card.locator("input[name=amount]").fill("5")
		assert "alert-danger" in act(page, card.locator(".lpn-amount-form button").click)
		assert "10" in page.locator("#lpn-account-message").inner_text()
		assert len(stub.requests) == before

		assert "alert-success" in act(page, card.locator(".lpn-act[data-method=pause_monthly_gift]").click)
		status = page.locator(f".lpn-gift[data-gift='{account['card_gift']}'] .lpn-gift-status").inner_text()
		assert status.strip() == "Paused"
		assert page.locator(f".lpn-gift[data-gift='{account['card_gift']}'] .lpn-gift-paused").count() == 1
		assert get(admin, site_url, RECURRING, account["card_gift"])["status"] == "Paused"

		# A consent withdrawn in one tap.
		toggle = page.locator(".lpn-consent[data-purpose='Newsletters'] .lpn-consent-toggle")
		assert "alert-success" in act(page, toggle.click)
		assert (
			"Withdrawn"
			in page.locator(".lpn-consent[data-purpose='Newsletters'] .lpn-consent-state").inner_text()
		)

		# A new address for the annual receipt.
		page.fill("#city", "Samut Sakhon")
		page.fill("#postal_code", "74000")
		assert "alert-success" in act(page, page.locator("#lpn-details-form button[type=submit]").click)
		assert get(admin, site_url, "LPN Donor", account["donor"])["city"] == "Samut Sakhon"

		assert "alert-success" in act(page, page.locator(".lpn-export").click)
		assert page.locator(".lpn-requests").inner_text().count("Export") == 1
		page.screenshot(path=str(SHOTS / "lpn-my-account-phone.png"), full_page=True)
		# Nothing is wider than the phone.
		assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
	finally:
		context.close()
