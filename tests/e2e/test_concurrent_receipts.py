"""Simultaneous submits over HTTP: every receipt number is taken once, and none is skipped."""

import random
import re
from concurrent.futures import ThreadPoolExecutor

import requests
from conftest import ADMIN_PASSWORD, login

SUBMITS = 12


def test_simultaneous_submits_take_distinct_consecutive_numbers(admin, site_url):
	# A year no earlier run used: its receipt counter does not exist yet, the hardest case.
	year = random.randint(2100, 2999)
	if not admin.get(f"{site_url}/api/resource/LPN Fund/General Fund", timeout=30).ok:
		admin.post(f"{site_url}/api/resource/LPN Fund", json={"fund_name": "General Fund"}, timeout=30)
	donor = admin.post(
		f"{site_url}/api/resource/LPN Donor", json={"donor_name": "Concurrent Giver"}, timeout=60
	).json()["data"]["name"]
	drafts = []
	for index in range(SUBMITS):
		response = admin.post(
			f"{site_url}/api/resource/LPN Donation",
			json={
				"donor": donor,
				"amount": 100 + index,
				"currency": "THB",
				"donation_date": f"{year}-06-01",
				"payment_method": "Cash",
				"fund": "General Fund",
			},
			timeout=60,
		)
		assert response.ok, response.text
		drafts.append(response.json()["data"])

	def submit(doc: dict) -> requests.Response:
		# One session per thread: separate requests, separate database transactions.
		session = login(site_url, "Administrator", ADMIN_PASSWORD)
		return session.post(f"{site_url}/api/method/frappe.client.submit", json={"doc": doc}, timeout=120)

	with ThreadPoolExecutor(SUBMITS) as pool:
		responses = list(pool.map(submit, drafts))
	assert all(response.ok for response in responses), [r.text for r in responses if not r.ok]
	numbers = sorted(response.json()["message"]["receipt"] for response in responses)
	sequences = [int(re.fullmatch(rf"LPN-RC-{year}-(\d{{6}})", number).group(1)) for number in numbers]
	assert len(set(sequences)) == SUBMITS
	assert sequences == list(range(sequences[0], sequences[0] + SUBMITS))
