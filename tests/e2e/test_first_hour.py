"""The first hour of a fundraiser and of a donor, in Chromium, on the demo site (fixtures/demo, loaded as
scripts/dev-bench loads it): the fundraiser lands on the LPN workspace with the demo's figures, reaches a
donor's gifts in one click and prints a receipt with everything a Thai tax receipt needs; the donor gives
on a phone with the amount buttons and reads the portal in Thai. Screenshots go to LPN_TEST_LOGS.

The demo site is LPN_DEMO_SITE (default lpn.localhost); the test serves it itself, as the tier serves the
test site, and loads the demo first (which adds nothing once it is there).
"""

import os
import re
import subprocess
from pathlib import Path

import pytest
import requests
from conftest import BENCH, login, served

DEMO_SITE = os.environ.get("LPN_DEMO_SITE", "lpn.localhost")
DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "demo"
FUNDRAISER = ("fundraiser@lpn.localhost", "lpn-demo-Fundraiser-1")
DONOR = ("donor@lpn.localhost", "lpn-demo-Donor-1")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture(scope="module")
def demo_url():
	if not (BENCH / "sites" / DEMO_SITE).is_dir():
		pytest.skip(f"no demo site {DEMO_SITE}: make it with scripts/dev-bench")
	loaded = subprocess.run(
		[
			"bench",
			"--site",
			DEMO_SITE,
			"execute",
			"lpn_crm.setup.demo.load_demo_data",
			"--kwargs",
			repr({"path": str(DEMO)}),
		],
		cwd=BENCH,
		capture_output=True,
		text=True,
		timeout=900,
	)
	assert loaded.returncode == 0, loaded.stderr[-3000:]
	with served(DEMO_SITE, "e2e-first-hour-serve.log") as url:
		yield url


@pytest.fixture(scope="module")
def shots() -> Path:
	folder = Path(os.environ.get("LPN_TEST_LOGS", ".test-logs")) / "first-hour"
	folder.mkdir(parents=True, exist_ok=True)
	return folder


def sign_in(browser, url: str, user: tuple[str, str], viewport: dict):
	page = browser.new_page(viewport=viewport)
	page.set_default_timeout(60000)
	page.goto(f"{url}/login")
	page.fill("#login_email", user[0])
	page.fill("#login_password", user[1])
	page.click(".btn-login")
	page.wait_for_url(re.compile(r".*/(app|me|my-donations)\b.*"))
	return page


def resource(session: requests.Session, url: str, doctype: str, **params) -> list[dict]:
	response = session.get(
		f"{url}/api/resource/{doctype}", params={"limit_page_length": 5, **params}, timeout=60
	)
	assert response.ok, response.text
	return response.json()["data"]


def test_the_fundraisers_first_hour(browser, demo_url, shots):
	page = sign_in(browser, demo_url, FUNDRAISER, DESKTOP)
	try:
		# home is the LPN workspace, with nothing of Frappe's admin workspaces beside it
		page.wait_for_url(re.compile(r".*/app/lpn$"))
		page.wait_for_selector(".number-widget-box .widget-content")
		page.wait_for_function(
			"""() => [...document.querySelectorAll('.number-widget-box .number')]
				.some((n) => /[1-9]/.test(n.textContent))"""
		)
		page.wait_for_selector(".widget.dashboard-widget-box .chart-container svg rect.bar")
		sidebar = page.inner_text(".desk-sidebar")
		for hidden in ("Build", "Website", "Integrations", "Tools"):
			assert hidden not in sidebar.split("\n"), sidebar
		page.screenshot(path=str(shots / "01-lpn-home.png"), full_page=True)

		# a donor's gifts are one click away: the connections on the donor form
		session = login(demo_url, *FUNDRAISER)
		donor = resource(session, demo_url, "LPN Donor", filters='[["email","=","donor@lpn.localhost"]]')[0][
			"name"
		]
		page.goto(f"{demo_url}/app/lpn-donor/{donor}")
		link = page.locator('.document-link[data-doctype="LPN Donation"]')
		link.wait_for()
		# the counts come after the form: wait for the donation count to be there
		page.wait_for_function(
			"""() => /[1-9]/.test(document.querySelector('.document-link[data-doctype="LPN Donation"] .count')?.textContent || '')"""
		)
		page.screenshot(path=str(shots / "02-donor-form.png"), full_page=True)
		link.locator(".badge-link").click()
		page.wait_for_url(re.compile(r".*/app/lpn-donation.*donor="), wait_until="domcontentloaded")
		# the list filtered to the donor: every row is one of their gifts, with its amount beside it
		page.wait_for_function(
			"""() => {
				const rows = [...document.querySelectorAll('.list-row-container .list-subject')];
				return rows.length > 0 && rows.every((row) => row.textContent.includes('ณัฐวุฒิ'));
			}"""
		)
		assert "฿" in page.inner_text(".frappe-list .result"), "no amounts in the donation list"
		page.screenshot(path=str(shots / "03-donor-gifts.png"), full_page=True)

		# the receipt is the donation's print, with every item a Thai tax receipt needs
		gift = resource(
			session,
			demo_url,
			"LPN Donation",
			filters=f'[["donor","=","{donor}"],["docstatus","=",1]]',
			fields='["name","receipt"]',
		)[0]
		page.goto(f"{demo_url}/app/print/LPN Donation/{gift['name']}")
		page.wait_for_selector("iframe.print-format-container")
		receipt = page.frame_locator("iframe.print-format-container").locator(".lpn-receipt")
		receipt.wait_for()
		text = receipt.inner_text()
		for expected in (
			gift["receipt"],
			"3100600123450",
			"0993000133271",
			"สค. 12/2547",
			"สุนีย์ ศรีสมบัติ",
			"ใบอนุโมทนาบัตร",
		):
			assert expected in text, f"{expected!r} missing from the printed receipt"
		assert receipt.locator('img[src*="lpn-logo"]').count(), "no logo on the receipt"
		page.screenshot(path=str(shots / "04-receipt-print.png"), full_page=True)
		pdf = session.get(
			f"{demo_url}/api/method/frappe.utils.print_format.download_pdf",
			params={
				"doctype": "LPN Donation",
				"name": gift["name"],
				"format": "LPN Gift Receipt",
				"lang": "th",
			},
			timeout=120,
		)
		assert pdf.ok and pdf.content.startswith(b"%PDF"), pdf.text[:500]
		(shots / "05-receipt.pdf").write_bytes(pdf.content)
		words = subprocess.run(
			["pdftotext", "-layout", str(shots / "05-receipt.pdf"), "-"],
			capture_output=True,
			text=True,
			check=True,
		).stdout
		for expected in (gift["receipt"], "3100600123450", "0993000133271", "12/2547"):
			assert expected in words, f"{expected!r} missing from the receipt PDF"
	finally:
		page.close()


def test_the_donor_gives_on_a_phone_with_the_amount_buttons(browser, demo_url, shots):
	page = browser.new_page(viewport=PHONE)
	page.set_default_timeout(60000)
	try:
		page.goto(f"{demo_url}/donate?_lang=en")
		assert "Labour Protection Network" in page.inner_text(".navbar")
		assert "Built on" not in page.inner_text("footer")
		buttons = page.locator("#lpn-amounts .lpn-amount")
		buttons.first.wait_for()
		assert buttons.count() >= 3
		assert re.search(r"10\s*–\s*200,000 THB", page.inner_text("#lpn-limits")), page.inner_text(
			"#lpn-limits"
		)
		page.click("#lpn-give")
		assert page.inner_text("#lpn-error") == "Please enter an amount"
		buttons.nth(1).click()
		assert buttons.nth(1).get_attribute("aria-pressed") == "true"
		assert "active" in buttons.nth(1).get_attribute("class")
		assert page.input_value("#lpn-amount") == "500"
		page.screenshot(path=str(shots / "06-donate-phone.png"), full_page=True)
		page.fill("#lpn-amount", "5")
		page.click("#lpn-give")
		assert "between 10 THB and 200,000 THB" in page.inner_text("#lpn-error")
	finally:
		page.close()


def test_the_donor_reads_the_portal_in_thai(browser, demo_url, shots):
	page = sign_in(browser, demo_url, DONOR, PHONE)
	try:
		page.goto(f"{demo_url}/my-donations")
		page.wait_for_selector(".lpn-donation-row")
		text = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
		assert "การบริจาคของฉัน" in text or "บริจาค" in text, text[:400]
		assert re.search(r"25[6-9]\d", text), "no Buddhist Era year on the portal"
		assert page.locator(".lpn-donation-row").count() == 20
		page.screenshot(path=str(shots / "07-my-donations-thai.png"), full_page=True)
		page.click(".lpn-older")
		page.wait_for_url(re.compile(r".*page=2"))
		assert page.locator(".lpn-donation-row").count() > 0
		page.screenshot(path=str(shots / "08-my-donations-page-2.png"), full_page=True)
	finally:
		page.close()
