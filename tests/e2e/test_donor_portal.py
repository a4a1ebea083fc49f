"""A donor who logs in sees their own gifts and receipts, over HTTP and in a real browser."""

import json
import os
import uuid
from pathlib import Path

import pytest
import requests

PASSWORD = "lpn-E2E-donor-pw-1"


def create(admin, site_url, doc: dict) -> dict:
	response = admin.post(f"{site_url}/api/resource/{doc['doctype']}", json=doc, timeout=60)
	assert response.ok, response.text
	return response.json()["data"]


def submit(admin, site_url, doctype: str, name: str) -> dict:
	doc = admin.get(f"{site_url}/api/resource/{doctype}/{name}", timeout=30).json()["data"]
	response = admin.post(f"{site_url}/api/method/frappe.client.submit", json={"doc": doc}, timeout=60)
	assert response.ok, response.text
	return response.json()["message"]


@pytest.fixture(scope="module")
def donor_world(admin, site_url):
	tag = uuid.uuid4().hex[:8]
	email = f"portal.{tag}@example.org"
	create(
		admin,
		site_url,
		{
			"doctype": "User",
			"email": email,
			"first_name": "Portal",
			"user_type": "Website User",
			"send_welcome_email": 0,
			"new_password": PASSWORD,
			"roles": [{"role": "LPN Donor"}],
		},
	)
	if not admin.get(f"{site_url}/api/resource/LPN Fund/General Fund", timeout=30).ok:
		create(admin, site_url, {"doctype": "LPN Fund", "fund_name": "General Fund"})
	receipts = {"Receipts": 1}
	mine = create(
		admin,
		site_url,
		{
			"doctype": "LPN Donor",
			"donor_name": f"Portal Donor {tag}",
			"email": email,
			"user": email,
			"consents": [{"purpose": p, "granted": g} for p, g in receipts.items()],
		},
	)
	other = create(admin, site_url, {"doctype": "LPN Donor", "donor_name": f"Someone Else {tag}"})
	gifts = {}
	for key, donor, amount in (("mine", mine, 1234), ("other", other, 999)):
		draft = create(
			admin,
			site_url,
			{
				"doctype": "LPN Donation",
				"donor": donor["name"],
				"amount": amount,
				"currency": "THB",
				"payment_method": "Bank Transfer",
				"fund": "General Fund",
			},
		)
		gifts[key] = submit(admin, site_url, "LPN Donation", draft["name"])
	return {"email": email, "mine": gifts["mine"], "other": gifts["other"]}


def donor_session(site_url, email) -> requests.Session:
	session = requests.Session()
	response = session.post(f"{site_url}/api/method/login", data={"usr": email, "pwd": PASSWORD}, timeout=30)
	assert response.ok, response.text
	return session


def test_donor_sees_only_their_own_gifts(site_url, donor_world):
	session = donor_session(site_url, donor_world["email"])
	page = session.get(f"{site_url}/my-donations", timeout=30)
	assert page.status_code == 200
	assert donor_world["mine"]["receipt"] in page.text
	assert donor_world["other"]["receipt"] not in page.text
	listed = session.get(
		f"{site_url}/api/resource/LPN Donation", params={"fields": json.dumps(["name"])}, timeout=30
	).json()["data"]
	assert [row["name"] for row in listed] == [donor_world["mine"]["name"]]
	forbidden = session.get(
		f"{site_url}/api/resource/LPN Donation/{donor_world['other']['name']}", timeout=30
	)
	assert forbidden.status_code == 403


def test_donor_downloads_their_receipt_and_not_anothers(site_url, donor_world):
	session = donor_session(site_url, donor_world["email"])
	own = session.get(
		f"{site_url}/api/method/frappe.utils.print_format.download_pdf",
		params={
			"doctype": "LPN Receipt",
			"name": donor_world["mine"]["receipt"],
			"format": "LPN Donation Receipt",
		},
		timeout=60,
	)
	assert own.status_code == 200 and own.content.startswith(b"%PDF")
	theirs = session.get(
		f"{site_url}/api/method/frappe.utils.print_format.download_pdf",
		params={
			"doctype": "LPN Receipt",
			"name": donor_world["other"]["receipt"],
			"format": "LPN Donation Receipt",
		},
		timeout=60,
	)
	# refused either way, and nothing of the other donor's receipt comes back
	assert theirs.status_code in (403, 404)
	assert not theirs.content.startswith(b"%PDF")


def test_guest_cannot_see_the_page_or_any_donation(site_url):
	assert requests.get(f"{site_url}/my-donations", timeout=30).status_code in (403, 401)
	assert requests.get(f"{site_url}/api/resource/LPN Donation", timeout=30).status_code == 403
	assert requests.get(f"{site_url}/api/resource/LPN Donor", timeout=30).status_code == 403


def test_portal_in_a_real_browser(site_url, donor_world):
	playwright = pytest.importorskip("playwright.sync_api")
	if not Path("/usr/bin/chromium").exists():
		pytest.skip("Debian's chromium is not installed")
	shots = Path(os.environ.get("LPN_TEST_LOGS", ".test-logs"))
	shots.mkdir(parents=True, exist_ok=True)
	with playwright.sync_playwright() as p:
		browser = p.chromium.launch(
			executable_path="/usr/bin/chromium",
			args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
		)
		try:
			page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
			page.goto(f"{site_url}/login")
			page.fill("#login_email", donor_world["email"])
			page.fill("#login_password", PASSWORD)
			page.click(".btn-login")
			page.wait_for_url("**/me", timeout=30000)
			page.goto(f"{site_url}/my-donations")
			rows = page.locator(".lpn-donation-row")
			assert rows.count() == 1
			assert donor_world["mine"]["receipt"] in rows.first.inner_text()
			page.screenshot(path=str(shots / "my-donations.png"), full_page=True)
		finally:
			browser.close()


def test_first_login_links_the_donor_record(admin, site_url):
	tag = uuid.uuid4().hex[:8]
	email = f"firstlogin.{tag}@example.org"
	create(admin, site_url, {"doctype": "LPN Donor", "donor_name": f"First Login {tag}", "email": email})
	create(
		admin,
		site_url,
		{
			"doctype": "User",
			"email": email,
			"first_name": "First",
			"user_type": "Website User",
			"send_welcome_email": 0,
			"new_password": PASSWORD,
		},
	)
	session = donor_session(site_url, email)
	donors = session.get(f"{site_url}/api/resource/LPN Donor", timeout=30).json()["data"]
	assert len(donors) == 1
	page = session.get(f"{site_url}/my-donations", timeout=30)
	assert "not linked to a donor record" not in page.text
