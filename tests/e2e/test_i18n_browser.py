"""Thai in the desk and Burmese on the portal, in a real browser: no English label of the app is left.

Before the translation files, a fundraiser whose desk language is Thai read every LPN workspace card,
form label, report and receipt in English, and a Burmese donor read the portal in English.
"""

import os
import re
import uuid
from pathlib import Path

import pytest

PASSWORD = "lpn-E2E-i18n-pw-1"

# The app's English source strings each screen shows when untranslated.
WORKSPACE_ENGLISH = [
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
def chromium():
	sync_api = pytest.importorskip("playwright.sync_api")
	if not Path("/usr/bin/chromium").exists():
		pytest.skip("Debian's chromium is not installed")
	with sync_api.sync_playwright() as p:
		browser = p.chromium.launch(
			executable_path="/usr/bin/chromium",
			args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
		)
		yield browser
		browser.close()


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


def log_in(page, site_url: str, email: str) -> None:
	page.goto(f"{site_url}/login")
	page.fill("#login_email", email)
	page.fill("#login_password", PASSWORD)
	page.click(".btn-login")
	page.wait_for_url(re.compile(r".*/(app|me)\b.*"))


def assert_no_english(text: str, english: list[str], where: str) -> None:
	left = [phrase for phrase in english if phrase in text]
	assert not left, f"English left on {where}: {left}"


def test_a_thai_fundraiser_reads_the_desk_in_thai(chromium, site_url, world, shots):
	page = chromium.new_page(viewport={"width": 1280, "height": 900})
	page.set_default_timeout(30000)
	try:
		log_in(page, site_url, world["fundraiser"])

		page.goto(f"{site_url}/app/lpn")
		page.wait_for_selector("text=มูลนิธิเครือข่ายส่งเสริมคุณภาพชีวิตแรงงาน")
		page.wait_for_selector("text=ยอดบริจาคเดือนนี้")
		page.screenshot(path=str(shots / "i18n-th-workspace.png"), full_page=True)
		assert_no_english(page.inner_text("body"), WORKSPACE_ENGLISH, "the LPN workspace")

		page.goto(f"{site_url}/app/lpn-donor/new")
		page.wait_for_selector("text=ชื่อ (ตามที่เขียน)")
		page.screenshot(path=str(shots / "i18n-th-donor-form.png"), full_page=True)
		assert_no_english(page.inner_text(".page-container:visible"), DONOR_FORM_ENGLISH, "the donor form")

		page.goto(f"{site_url}/app/lpn-donation/new")
		page.wait_for_selector("text=ช่องทางชำระเงิน")
		page.screenshot(path=str(shots / "i18n-th-donation-form.png"), full_page=True)
		assert_no_english(
			page.inner_text(".page-container:visible"), DONATION_FORM_ENGLISH, "the donation form"
		)

		page.goto(f"{site_url}/app/query-report/LPN Top Donors")
		page.wait_for_selector("text=ยอดบริจาคสูงสุด")
		page.screenshot(path=str(shots / "i18n-th-report.png"), full_page=True)
		assert_no_english(page.inner_text(".page-container:visible"), REPORT_ENGLISH, "the Top Donors report")

		receipt = world["donation"]["receipt"]
		page.goto(
			f"{site_url}/printview?doctype=LPN%20Receipt&name={receipt}&format=LPN%20Donation%20Receipt"
		)
		page.wait_for_selector("text=ใบอนุโมทนาบัตร")
		page.screenshot(path=str(shots / "i18n-th-receipt.png"), full_page=True)
		assert_no_english(page.inner_text(".lpn-receipt"), RECEIPT_ENGLISH, "the receipt")
		assert "2569" in page.inner_text(".lpn-receipt")
	finally:
		page.close()


def test_a_burmese_donor_reads_the_portal_in_burmese(chromium, site_url, world, shots):
	page = chromium.new_page(viewport={"width": 390, "height": 844})
	page.set_default_timeout(30000)
	try:
		log_in(page, site_url, world["donor_user"])
		page.goto(f"{site_url}/my-donations")
		page.wait_for_selector("text=ကျွန်ုပ်၏ လှူဒါန်းမှုများ")
		page.screenshot(path=str(shots / "i18n-my-portal.png"), full_page=True)
		content = page.inner_text(".page-content-wrapper, main, body")
		assert_no_english(content, PORTAL_ENGLISH, "the donor portal")
		assert world["donation"]["receipt"] in content
		assert "ပြေစာ" in content
	finally:
		page.close()


def test_a_guest_switches_the_donate_page_between_the_three_languages(chromium, site_url, shots):
	context = chromium.new_context(viewport={"width": 390, "height": 844})
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
