"""Simultaneous bookings of one shift over HTTP, as volunteers on their phones make them: no seat is
ever given twice, and simultaneous cancellations promote exactly as many, in waitlist order."""

import threading

import pytest
from volunteer_world import bookings, login, make_shift, make_volunteers

CAPACITY = 3
VOLUNTEERS = 10


def at_once(calls) -> list:
	"""Run the callables in threads released together; return their results (or exceptions)."""
	barrier = threading.Barrier(len(calls))
	results = [None] * len(calls)

	def run(i, call):
		barrier.wait()
		try:
			results[i] = call()
		except Exception as error:  # reported by the assertions, never swallowed
			results[i] = error

	threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
	for t in threads:
		t.start()
	for t in threads:
		t.join(timeout=300)
	return results


@pytest.fixture(scope="module")
def race(admin, site_url):
	volunteers = make_volunteers(admin, site_url, VOLUNTEERS)
	sessions = [login(site_url, v["email"]) for v in volunteers]
	return volunteers, sessions


def test_simultaneous_bookings_never_overbook_and_cancellations_promote_in_order(admin, site_url, race):
	volunteers, sessions = race
	shift = make_shift(admin, site_url, capacity=CAPACITY)

	def book(session):
		return lambda: session.post(
			f"{site_url}/api/method/lpn_crm.api.volunteering.book_shift",
			data={"shift": shift["name"]},
			timeout=300,
		)

	answers = at_once([book(s) for s in sessions])
	assert all(not isinstance(a, Exception) and a.status_code == 200 for a in answers), [
		getattr(a, "text", a) for a in answers
	]
	statuses = [a.json()["message"]["status"] for a in answers]
	assert statuses.count("Confirmed") == CAPACITY
	assert statuses.count("Waitlisted") == VOLUNTEERS - CAPACITY
	rows = bookings(admin, site_url, shift["name"])
	assert len(rows) == VOLUNTEERS
	assert len({r["volunteer"] for r in rows}) == VOLUNTEERS
	shift_now = admin.get(f"{site_url}/api/resource/LPN Clinic Shift/{shift['name']}", timeout=30).json()[
		"data"
	]
	assert (shift_now["status"], shift_now["confirmed_count"]) == ("Full", CAPACITY)

	waitlist = [r["volunteer"] for r in rows if r["status"] == "Waitlisted"]
	confirmed = {r["volunteer"]: r["name"] for r in rows if r["status"] == "Confirmed"}
	by_volunteer = {v["name"]: s for v, s in zip(volunteers, sessions, strict=True)}

	def cancel(volunteer):
		return lambda: by_volunteer[volunteer].post(
			f"{site_url}/api/method/lpn_crm.api.volunteering.cancel_booking",
			data={"booking": confirmed[volunteer]},
			timeout=300,
		)

	answers = at_once([cancel(v) for v in confirmed])
	assert all(not isinstance(a, Exception) and a.status_code == 200 for a in answers), [
		getattr(a, "text", a) for a in answers
	]
	after = {r["volunteer"]: r["status"] for r in bookings(admin, site_url, shift["name"])}
	promoted = [v for v in waitlist if after[v] == "Confirmed"]
	assert promoted == waitlist[:CAPACITY], "the first on the waitlist, in order, took the seats"
	assert [after[v] for v in waitlist[CAPACITY:]] == ["Waitlisted"] * (len(waitlist) - CAPACITY)
	assert sum(1 for s in after.values() if s == "Confirmed") == CAPACITY


def test_one_volunteer_booking_two_overlapping_shifts_at_once_gets_one(admin, site_url, race):
	_volunteers, sessions = race
	first = make_shift(admin, site_url, capacity=5, days_ahead=11)
	second = make_shift(
		admin, site_url, capacity=5, days_ahead=11, start_time="11:00:00", end_time="15:00:00"
	)
	session = sessions[0]

	def book(shift):
		return lambda: session.post(
			f"{site_url}/api/method/lpn_crm.api.volunteering.book_shift",
			data={"shift": shift["name"]},
			timeout=300,
		)

	answers = at_once([book(first), book(second)])
	codes = sorted(a.status_code for a in answers)
	assert codes == [200, 417], [a.text for a in answers]
	refused = next(a for a in answers if a.status_code == 417)
	assert "overlaps" in refused.text
	held = [
		r
		for shift in (first, second)
		for r in bookings(admin, site_url, shift["name"])
		if r["status"] == "Confirmed"
	]
	assert len(held) == 1


def test_a_guest_cannot_book_and_a_bad_calendar_token_is_a_bare_404(site_url, admin):
	import requests

	shift = make_shift(admin, site_url, capacity=1)
	response = requests.post(
		f"{site_url}/api/method/lpn_crm.api.volunteering.book_shift",
		data={"shift": shift["name"]},
		timeout=60,
	)
	assert response.status_code == 403
	assert not bookings(admin, site_url, shift["name"])
	response = requests.get(
		f"{site_url}/api/method/lpn_crm.api.volunteering.ical", params={"token": "wrong"}, timeout=60
	)
	assert response.status_code == 404
	assert "wrong" not in response.text and "LPN Volunteer" not in response.text
