"""Volunteers, a clinic and shifts made over REST as Administrator, for the volunteering e2e tests."""

import uuid
from datetime import date, timedelta

import requests

PASSWORD = "lpn-E2E-Volunteer-1"


def create(admin: requests.Session, site_url: str, doc: dict) -> dict:
	response = admin.post(f"{site_url}/api/resource/{doc['doctype']}", json=doc, timeout=120)
	assert response.ok, response.text
	return response.json()["data"]


def make_volunteers(admin, site_url: str, count: int, tag: str | None = None) -> list[dict]:
	"""`count` Active volunteers, each with a website login (password PASSWORD)."""
	tag = tag or uuid.uuid4().hex[:8]
	volunteers = []
	for n in range(count):
		email = f"vol{n}.{tag}@example.org"
		create(
			admin,
			site_url,
			{
				"doctype": "User",
				"email": email,
				"first_name": f"Volunteer {n}",
				"user_type": "Website User",
				"send_welcome_email": 0,
				"new_password": PASSWORD,
				"roles": [{"role": "LPN Volunteer"}],
			},
		)
		doc = create(
			admin,
			site_url,
			{
				"doctype": "LPN Volunteer",
				"full_name": f"Volunteer {n} {tag}",
				"email": email,
				"status": "Active",
			},
		)
		volunteers.append({"name": doc["name"], "email": email})
	return volunteers


def make_shift(admin, site_url: str, capacity: int, days_ahead: int = 9, **fields) -> dict:
	tag = uuid.uuid4().hex[:8]
	clinic = create(
		admin, site_url, {"doctype": "LPN Clinic", "clinic_name": f"E2E Clinic {tag}", "place": "Mahachai"}
	)
	return create(
		admin,
		site_url,
		{
			"doctype": "LPN Clinic Shift",
			"clinic": clinic["name"],
			"shift_date": str(date.today() + timedelta(days=days_ahead)),
			"start_time": "09:00:00",
			"end_time": "13:00:00",
			"capacity": capacity,
			"status": "Open",
			**fields,
		},
	)


def login(site_url: str, email: str) -> requests.Session:
	session = requests.Session()
	response = session.post(f"{site_url}/api/method/login", data={"usr": email, "pwd": PASSWORD}, timeout=60)
	assert response.ok, response.text
	return session


def bookings(admin, site_url: str, shift: str) -> list[dict]:
	response = admin.get(
		f"{site_url}/api/resource/LPN Shift Booking",
		params={
			"filters": f'[["shift", "=", "{shift}"]]',
			"fields": '["name", "volunteer", "status", "booked_at"]',
			"order_by": "booked_at asc, name asc",
			"limit_page_length": 0,
		},
		timeout=60,
	)
	assert response.ok, response.text
	return response.json()["data"]
