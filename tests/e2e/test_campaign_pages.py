"""Campaign pages on a phone, in Debian's Chromium: a supporter makes their page from the campaign page, a
coordinator approves it, a visitor sees the campaign's progress and the supporter's page and taps Donate,
which opens the /donate flow for that campaign credited to that page."""

import uuid

import pytest

PHONE = {"width": 390, "height": 844}
PASSWORD = "lpn-e2e-Supporter-1"


@pytest.fixture(scope="module")
def campaign(admin, site_url):
	tag = uuid.uuid4().hex[:6]
	response = admin.post(
		f"{site_url}/api/resource/LPN Campaign",
		json={
			"title": f"Shelter drive {tag}",
			"slug": f"shelter-drive-{tag}",
			"status": "Live",
			"campaign_type": "Capital",
			"goal": 200000,
			"fund": "General Fund",
			"story": "<p>A shelter and training centre for migrant workers in Samut Sakhon.</p>",
		},
		timeout=30,
	)
	response.raise_for_status()
	return response.json()["data"]


@pytest.fixture(scope="module")
def supporter(admin, site_url):
	email = f"supporter.{uuid.uuid4().hex[:6]}@example.org"
	response = admin.post(
		f"{site_url}/api/resource/User",
		json={
			"email": email,
			"first_name": "Naw",
			"last_name": "Htoo",
			"user_type": "Website User",
			"send_welcome_email": 0,
			"new_password": PASSWORD,
		},
		timeout=30,
	)
	response.raise_for_status()
	return email


def phone(browser):
	context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
	return context, context.new_page()


def log_in(page, site_url, email):
	page.goto(f"{site_url}/login")
	page.fill("#login_email", email)
	page.fill("#login_password", PASSWORD)
	page.click(".btn-login")
	page.wait_for_url(lambda url: "/login" not in url, timeout=30000)


def test_supporter_page_from_making_to_donate_on_a_phone(browser, site_url, admin, campaign, supporter):
	url = f"{site_url}/campaigns/{campaign['slug']}"
	slug = "naw-runs-for-the-shelter"

	context, page = phone(browser)
	try:
		log_in(page, site_url, supporter)
		page.goto(url)
		page.fill("#lpn-supporter-name", "Naw Htoo")
		page.fill("#lpn-supporter-slug", slug)
		page.fill("#lpn-supporter-story", "I run 10 km so the shelter gets built.")
		page.fill("#lpn-supporter-goal", "20000")
		with page.expect_navigation():
			page.locator("#lpn-supporter-create").tap()
		assert page.url.endswith(f"/campaigns/{campaign['slug']}/{slug}")
		assert "waits for LPN" in page.inner_text(".lpn-supporter-page")
		assert page.locator("#lpn-supporter-donate").count() == 0
		page.screenshot(path="/tmp/lpn-supporter-page-pending-phone.png", full_page=True)
	finally:
		context.close()

	[row] = admin.get(
		f"{site_url}/api/resource/LPN Supporter Page",
		params={"filters": f'[["slug", "=", "{slug}"], ["campaign", "=", "{campaign["name"]}"]]'},
		timeout=30,
	).json()["data"]
	admin.post(
		f"{site_url}/api/method/lpn_crm.api.campaigns.approve_supporter_page",
		data={"name": row["name"]},
		timeout=30,
	).raise_for_status()

	context, page = phone(browser)
	try:
		page.goto(url)
		assert page.locator(".lpn-progress .progress-bar").count() == 1
		assert "A shelter and training centre" in page.inner_text(".lpn-story")
		assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
		og = page.locator('meta[property="og:title"]').get_attribute("content")
		assert og == campaign["title"]
		page.screenshot(path="/tmp/lpn-campaign-page-phone.png", full_page=True)
		donate = page.locator("#lpn-campaign-donate")
		assert f"campaign={campaign['name']}" in donate.get_attribute("href")

		with page.expect_navigation():
			page.locator(f'a[href$="/{slug}"]').first.tap()
		assert "I run 10 km" in page.inner_text(".lpn-supporter-page")
		assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
		page.screenshot(path="/tmp/lpn-supporter-page-phone.png", full_page=True)

		with page.expect_navigation():
			page.locator("#lpn-supporter-donate").tap()
		assert "/donate?" in page.url
		assert campaign["title"] in page.inner_text("h1")
		# the gift form, where online giving is open, carries the campaign and the page it is credited to
		form = page.locator("#lpn-donate-form")
		if form.count():
			assert form.locator('input[name="campaign"]').get_attribute("value") == campaign["name"]
			assert form.locator('input[name="supporter_page"]').get_attribute("value") == row["name"]
		page.screenshot(path="/tmp/lpn-campaign-donate-phone.png", full_page=True)
	finally:
		context.close()
