"""A fundraiser's day in the desk, in a real browser: record a donor and a gift, submit it, see the receipt."""

import os
import re
import uuid
from pathlib import Path

import pytest

PASSWORD = "lpn-E2E-staff-pw-1"


@pytest.fixture(scope="module")
def fundraiser(admin, site_url):
	email = f"fundraiser.{uuid.uuid4().hex[:8]}@example.org"
	response = admin.post(
		f"{site_url}/api/resource/User",
		json={
			"email": email,
			"first_name": "Desk",
			"last_name": "Fundraiser",
			"send_welcome_email": 0,
			"new_password": PASSWORD,
			"roles": [{"role": "LPN Fundraising Manager"}],
		},
		timeout=60,
	)
	assert response.ok, response.text
	if not admin.get(f"{site_url}/api/resource/LPN Fund/General Fund", timeout=30).ok:
		admin.post(f"{site_url}/api/resource/LPN Fund", json={"fund_name": "General Fund"}, timeout=30)
	return email


def fill_field(page, fieldname: str, value: str) -> None:
	field = page.locator(f'.frappe-control[data-fieldname="{fieldname}"] input:visible').first
	field.fill(value)
	field.press("Tab")


def test_fundraiser_records_and_submits_a_gift(browser, site_url, fundraiser, admin):
	shots = Path(os.environ.get("LPN_TEST_LOGS", ".test-logs"))
	shots.mkdir(parents=True, exist_ok=True)
	page = browser.new_page(viewport={"width": 1280, "height": 900})
	page.set_default_timeout(30000)
	page.goto(f"{site_url}/login")
	page.fill("#login_email", fundraiser)
	page.fill("#login_password", PASSWORD)
	page.click(".btn-login")
	page.wait_for_url("**/app**")

	page.goto(f"{site_url}/app/lpn")
	page.wait_for_selector("text=Labour Protection Network")
	page.screenshot(path=str(shots / "desk-workspace.png"))

	tag = uuid.uuid4().hex[:6]
	page.goto(f"{site_url}/app/lpn-donor/new")
	fill_field(page, "donor_name", f"Desk Donor {tag}")
	fill_field(page, "email", f"desk.{tag}@example.org")
	page.keyboard.press("Control+s")
	page.wait_for_url(re.compile(r".*/app/lpn-donor/DNR-\d+"))
	donor = page.url.rsplit("/", 1)[-1]

	page.goto(f"{site_url}/app/lpn-donation/new")
	fill_field(page, "donor", donor)
	fill_field(page, "amount", "2500")
	fill_field(page, "fund", "General Fund")
	fill_field(page, "payment_reference", f"KBANK-{tag}")
	page.wait_for_load_state("networkidle")  # the link fields validate on blur
	page.keyboard.press("Control+s")
	page.wait_for_url(re.compile(r".*/app/lpn-donation/DON-\d{4}-\d+"))
	donation = page.url.rsplit("/", 1)[-1]
	page.keyboard.press("Control+s")  # submit
	page.locator(".modal:visible .btn-primary").click()
	try:
		page.wait_for_selector(".indicator-pill:has-text('Paid')")
	finally:
		page.screenshot(path=str(shots / "desk-donation-submitted.png"), full_page=True)
	page.close()

	doc = admin.get(f"{site_url}/api/resource/LPN Donation/{donation}", timeout=30).json()["data"]
	assert doc["docstatus"] == 1
	assert doc["base_amount"] == 2500
	assert doc["receipt"].startswith("LPN-RC-")
