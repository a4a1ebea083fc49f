"""The installed app seen over HTTP, as a browser or an integration would see it."""

import requests


def test_site_answers(site_url):
	assert requests.get(f"{site_url}/api/method/ping", timeout=10).json() == {"message": "pong"}


def test_app_is_installed(admin, site_url):
	apps = admin.get(f"{site_url}/api/method/frappe.utils.change_log.get_versions", timeout=10).json()
	assert "lpn_crm" in apps["message"]


def test_volunteers_and_sponsors_are_website_users(admin, site_url):
	for role, desk in {"LPN Volunteer": 0, "LPN Sponsor": 0, "LPN Fundraising Manager": 1}.items():
		data = admin.get(f"{site_url}/api/resource/Role/{role}", timeout=10).json()["data"]
		assert data["desk_access"] == desk, role


def test_workspace_is_not_for_guests(site_url):
	response = requests.get(f"{site_url}/api/resource/Workspace/LPN", timeout=10)
	assert response.status_code == 403
