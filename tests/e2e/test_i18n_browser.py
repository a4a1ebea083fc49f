"""Thai in the desk and Burmese on the portal, in a real browser: no English label of the app is left.

Before the translation files, a fundraiser whose desk language is Thai read every LPN workspace card,
form label, report and receipt in English, and a Burmese donor read the portal in English.
"""

import os
import re
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

PASSWORD = "lpn-E2E-i18n-pw-1"

# The app's English source strings each screen shows when untranslated.
WORKSPACE_ENGLISH = [
	"Labour Protection Network",
	"Donations This Month",
	"Active Recurring Gifts",
	"Donors Needing Review",
	"Fundraising Reports",
	"Top Donors",
	"Donor Retention",
	"Online Giving",
	"Recurring Donation",
]
DONOR_FORM_ENGLISH = ["Name (as written)", "Preferred Language", "Donor Type", "Tax ID type", "Consents"]
DONATION_FORM_ENGLISH = ["Donation Date", "Payment Method", "Payment Reference", "Exchange Rate to THB"]
REPORT_ENGLISH = ["Largest Gift", "Last Gift", "Number of Donors", "From Date", "Donor Name"]
RECEIPT_ENGLISH = ["Donation Receipt", "Received from", "Amount in words", "Designation", "Paid by"]
PORTAL_ENGLISH = ["My donations", "Thank you for standing with", "Annual receipts for tax", "Receipt "]


def create(admin, site_url, doc: dict) -> dict:
	response = admin.post(f"{site_url}/api/resource/{doc['doctype']}", json=doc, timeout=60)
	assert response.ok, response.text
	return response.json()["data"]


@pytest.fixture(scope="module")
def shots() -> Path:
	folder = Path(os.environ.get("LPN_TEST_LOGS", ".test-logs"))
	folder.mkdir(parents=True, exist_ok=True)
	return folder


@pytest.fixture(scope="module")
def world(admin, site_url):
	tag = uuid.uuid4().hex[:8]
	fundraiser = create(
		admin,
		site_url,
		{
			"doctype": "User",
			"email": f"thai.fundraiser.{tag}@example.org",
			"first_name": "ผู้ระดมทุน",
			"language": "th",
			"send_welcome_email": 0,
			"new_password": PASSWORD,
			"roles": [{"role": "LPN Fundraising Manager"}],
		},
	)["name"]
	donor_user = create(
		admin,
		site_url,
		{
			"doctype": "User",
			"email": f"burmese.donor.{tag}@example.org",
			"first_name": "အလှူရှင်",
			"language": "my",
			"user_type": "Website User",
			"send_welcome_email": 0,
			"new_password": PASSWORD,
			"roles": [{"role": "LPN Donor"}],
		},
	)["name"]
	if not admin.get(f"{site_url}/api/resource/LPN Fund/General Fund", timeout=30).ok:
		create(admin, site_url, {"doctype": "LPN Fund", "fund_name": "General Fund"})
	donor = create(
		admin,
		site_url,
		{
			"doctype": "LPN Donor",
			"donor_name": f"Burmese Donor {tag}",
			"email": donor_user,
			"user": donor_user,
			"preferred_language": "my",
			"consents": [{"purpose": "Receipts", "granted": 1}],
		},
	)
	draft = create(
		admin,
		site_url,
		{
			"doctype": "LPN Donation",
			"donor": donor["name"],
			"amount": 1500,
			"currency": "THB",
			"payment_method": "Bank Transfer",
			"fund": "General Fund",
			"donation_date": "2026-11-26",
		},
	)
	doc = admin.get(f"{site_url}/api/resource/LPN Donation/{draft['name']}", timeout=30).json()["data"]
	response = admin.post(f"{site_url}/api/method/frappe.client.submit", json={"doc": doc}, timeout=60)
	assert response.ok, response.text
	return {"fundraiser": fundraiser, "donor_user": donor_user, "donation": response.json()["message"]}


@contextmanager
def logged_in_page(browser, site_url: str, email: str, viewport: dict):
	page = browser.new_page(viewport=viewport)
	page.set_default_timeout(30000)
	try:
		page.goto(f"{site_url}/login")
		page.fill("#login_email", email)
		page.fill("#login_password", PASSWORD)
		page.click(".btn-login")
		page.wait_for_url(re.compile(r".*/(app|me)\b.*"))
		yield page
	finally:
		page.close()


def check_screen(page, url: str, marker: str, shot: Path, english: list[str], where: str, within: str) -> str:
	"""Open a screen, wait for a word of its language, keep a screenshot, and find none of its English."""
	page.goto(url)
	page.wait_for_selector(f"text={marker}")
	page.screenshot(path=str(shot), full_page=True)
	text = page.inner_text(within)
	left = [phrase for phrase in english if phrase in text]
	assert not left, f"English left on {where}: {left}"
	return text


def test_a_thai_fundraiser_reads_the_desk_in_thai(browser, site_url, world, shots):
	desk = ".page-container:visible"
	receipt = world["donation"]["receipt"]
	with logged_in_page(browser, site_url, world["fundraiser"], {"width": 1280, "height": 900}) as page:
		check_screen(
			page,
			f"{site_url}/app/lpn",
			"ยอดบริจาคเดือนนี้",
			shots / "i18n-th-workspace.png",
			WORKSPACE_ENGLISH,
			"the LPN workspace",
			"body",
		)
		check_screen(
			page,
			f"{site_url}/app/lpn-donor/new",
			"ชื่อ (ตามที่เขียน)",
			shots / "i18n-th-donor-form.png",
			DONOR_FORM_ENGLISH,
			"the donor form",
			desk,
		)
		check_screen(
			page,
			f"{site_url}/app/lpn-donation/new",
			"ช่องทางชำระเงิน",
			shots / "i18n-th-donation-form.png",
			DONATION_FORM_ENGLISH,
			"the donation form",
			desk,
		)
		check_screen(
			page,
			f"{site_url}/app/query-report/LPN Top Donors",
			"ยอดบริจาคสูงสุด",
			shots / "i18n-th-report.png",
			REPORT_ENGLISH,
			"the Top Donors report",
			desk,
		)
		text = check_screen(
			page,
			f"{site_url}/printview?doctype=LPN%20Receipt&name={receipt}&format=LPN%20Donation%20Receipt",
			"ใบอนุโมทนาบัตร",
			shots / "i18n-th-receipt.png",
			RECEIPT_ENGLISH,
			"the receipt",
			".lpn-receipt",
		)
		assert "2569" in text


def test_a_burmese_donor_reads_the_portal_in_burmese(browser, site_url, world, shots):
	with logged_in_page(browser, site_url, world["donor_user"], {"width": 390, "height": 844}) as page:
		text = check_screen(
			page,
			f"{site_url}/my-donations",
			"ကျွန်ုပ်၏ လှူဒါန်းမှုများ",
			shots / "i18n-my-portal.png",
			PORTAL_ENGLISH,
			"the donor portal",
			"body",
		)
		assert world["donation"]["receipt"] in text
		assert "ပြေစာ" in text


def test_a_guest_switches_the_donate_page_between_the_three_languages(browser, site_url, shots):
	context = browser.new_context(viewport={"width": 390, "height": 844})
	page = context.new_page()
	page.set_default_timeout(30000)
	try:
		page.goto(f"{site_url}/donate?_lang=en")
		switch = page.locator(".lpn-language-switch")
		assert [switch.locator(f"[data-lpn-lang={code}]").inner_text() for code in ("th", "my", "en")] == [
			"ไทย",
			"မြန်မာ",
			"English",
		]
		assert "Stand with migrant workers" in page.inner_text("body")

		switch.locator("[data-lpn-lang=my]").click()
		page.wait_for_selector("text=ရွှေ့ပြောင်းအလုပ်သမားများဘက်မှ ရပ်တည်ပါ")
		page.screenshot(path=str(shots / "i18n-my-donate.png"), full_page=True)

		page.locator(".lpn-language-switch [data-lpn-lang=th]").click()
		page.wait_for_selector("text=ร่วมยืนเคียงข้างแรงงานข้ามชาติ")
		# The choice stays in Frappe's language cookie: the next page, without ?_lang, is Thai too.
		page.goto(f"{site_url}/donate/thanks")
		page.wait_for_selector("text=ขอบพระคุณ")
		assert "Thank you" not in page.inner_text("body")
		assert "Give again" not in page.inner_text("body")
	finally:
		context.close()
