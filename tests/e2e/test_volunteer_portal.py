"""The booking page on a phone: a volunteer books a shift, sees it confirmed, and cancels it, in Debian's
Chromium at a phone-sized viewport."""

import pytest
from volunteer_world import PASSWORD, bookings, make_shift, make_volunteers

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def volunteer_and_shift(admin, site_url):
	volunteer = make_volunteers(admin, site_url, 1)[0]
	shift = make_shift(admin, site_url, capacity=2, days_ahead=8)
	return volunteer, shift


def phone_page(browser, site_url, email):
	context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
	page = context.new_page()
	page.goto(f"{site_url}/login")
	page.fill("#login_email", email)
	page.fill("#login_password", PASSWORD)
	page.click(".btn-login")
	page.wait_for_url(lambda url: "/login" not in url, timeout=30000)
	return context, page


def test_book_see_it_confirmed_and_cancel_on_a_phone(browser, site_url, admin, volunteer_and_shift):
	volunteer, shift = volunteer_and_shift
	context, page = phone_page(browser, site_url, volunteer["email"])
	try:
		page.goto(f"{site_url}/volunteer/shifts")
		card = page.locator(f'.lpn-shift[data-shift="{shift["name"]}"]')
		card.wait_for(timeout=30000)
		assert "2 of 2 seats left" in card.inner_text()
		# nothing overflows the phone's width
		assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
		with page.expect_navigation():
			card.locator(".lpn-book").tap()
		page.wait_for_selector("#lpn-shift-message.alert-success", timeout=30000)
		assert "confirmed" in page.inner_text("#lpn-shift-message").lower()
		mine = page.locator("#lpn-my-bookings .lpn-booking")
		assert mine.count() == 1
		assert "Confirmed" in mine.first.inner_text()
		assert "Last seat left" in page.locator(f'.lpn-shift[data-shift="{shift["name"]}"]').inner_text()
		[row] = [r for r in bookings(admin, site_url, shift["name"]) if r["volunteer"] == volunteer["name"]]
		assert row["status"] == "Confirmed"

		mine.first.locator("summary").tap()
		with page.expect_navigation():
			mine.first.locator(".lpn-cancel-form button").tap()
		page.wait_for_selector("#lpn-shift-message.alert-success", timeout=30000)
		assert "cancelled" in page.inner_text("#lpn-shift-message").lower()
		assert page.locator("#lpn-my-bookings .lpn-booking").count() == 0
		[row] = [r for r in bookings(admin, site_url, shift["name"]) if r["volunteer"] == volunteer["name"]]
		assert row["status"] == "Cancelled"
		page.screenshot(path="/tmp/lpn-volunteer-shifts-phone.png", full_page=True)
	finally:
		context.close()


def test_a_guest_is_sent_to_log_in(browser, site_url):
	context = browser.new_context(viewport=PHONE)
	page = context.new_page()
	try:
		page.goto(f"{site_url}/volunteer/shifts")
		assert "/login" in page.url
	finally:
		context.close()


def test_an_overlap_is_shown_and_a_refusal_shows_the_servers_own_message(browser, site_url, admin):
	"""A shift overlapping one the volunteer holds says so instead of offering a button that would fail;
	a booking the server refuses (the shift was cancelled after the page loaded) shows the server's own
	translated reason through the shared portal script (templates/includes/lpn_portal_api.html), and
	nothing is booked."""
	volunteer = make_volunteers(admin, site_url, 1)[0]
	held = make_shift(admin, site_url, capacity=2, days_ahead=12)
	clashing = make_shift(
		admin, site_url, capacity=2, days_ahead=12, start_time="11:00:00", end_time="15:00:00"
	)
	stale = make_shift(admin, site_url, capacity=2, days_ahead=13)
	context, page = phone_page(browser, site_url, volunteer["email"])
	try:
		page.goto(f"{site_url}/volunteer/shifts")
		with page.expect_navigation():
			page.locator(f'.lpn-shift[data-shift="{held["name"]}"] .lpn-book').tap()
		page.wait_for_selector("#lpn-shift-message.alert-success", timeout=30000)
		card = page.locator(f'.lpn-shift[data-shift="{clashing["name"]}"]')
		assert "Overlaps your shift of" in card.locator(".lpn-clash").inner_text()
		assert card.locator(".lpn-book").count() == 0
		response = admin.put(
			f"{site_url}/api/resource/LPN Clinic Shift/{stale['name']}",
			json={"status": "Cancelled"},
			timeout=60,
		)
		assert response.ok, response.text
		page.locator(f'.lpn-shift[data-shift="{stale["name"]}"] .lpn-book').tap()
		page.wait_for_selector("#lpn-shift-message.alert-danger", timeout=30000)
		assert "not open for booking" in page.inner_text("#lpn-shift-message")
		assert not [
			r for r in bookings(admin, site_url, stale["name"]) if r["volunteer"] == volunteer["name"]
		]
		page.screenshot(path="/tmp/lpn-volunteer-shifts-refused.png", full_page=True)
	finally:
		context.close()
