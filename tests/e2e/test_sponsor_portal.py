"""The sponsor portal over real HTTP and in Debian's Chromium at a phone-sized viewport (issue 12, items 5
and 6): logged in as a sponsor, every generic endpoint refuses every child in the database with a plain
"Not permitted" and leaks no forbidden field; the portal shows the sponsor's own children through the
whitelist, approved photos only, and takes a letter for review."""

import base64
import json
import uuid
from pathlib import Path

import pytest
import requests

PASSWORD = "lpn-E2E-Sponsor-pw-1"
PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp")


def check(response: requests.Response) -> dict:
	assert response.ok, response.text[:500]
	return response.json()


def create(admin, site_url, doc: dict) -> dict:
	return check(admin.post(f"{site_url}/api/resource/{doc['doctype']}", json=doc, timeout=60))["data"]


def workflow(admin, site_url, doctype: str, name: str, *actions: str) -> dict:
	doc = None
	for action in actions:
		doc = check(admin.get(f"{site_url}/api/resource/{doctype}/{name}", timeout=30))["data"]
		doc = check(
			admin.post(
				f"{site_url}/api/method/frappe.model.workflow.apply_workflow",
				json={"doc": doc, "action": action},
				timeout=60,
			)
		)["message"]
	return doc


# A 60×40 JPEG whose EXIF holds a camera model and a GPS position (made with Pillow; the e2e tier has no Pillow).
JPEG_WITH_GPS = base64.b64decode(
	"/9j/4AAQSkZJRgABAQAAAQABAAD/4QCgRXhpZgAATU0AKgAAAAgAAgEQAAIAAAALAAAAJoglAAQAAAABAAAAMgAAAABFMkUgQ2Ft"
	"ZXJhAAAABAABAAIAAAACTgAAAAACAAUAAAADAAAAaAADAAIAAAACRQAAAAAEAAUAAAADAAAAgAAAAAAAAAANAAAAAQAAACAAAAAB"
	"AAAANgAAAAEAAABkAAAAAQAAABAAAAABAAAAHgAAAAH/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxO"
	"QERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj"
	"Y2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAoADwDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QA"
	"tRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6"
	"Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJ"
	"ytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQD"
	"BAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElK"
	"U1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX"
	"2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwCCiiivXPDCiiigAooooAKKKKACiiigAooooAKKKKACiiigAooooAKK"
	"KKACiiigAooooA//2Q=="
)


def upload_photo(admin, site_url, update: str) -> str:
	answer = check(
		admin.post(
			f"{site_url}/api/method/upload_file",
			files={"file": ("drawing.jpg", JPEG_WITH_GPS, "image/jpeg")},
			data={
				"doctype": "LPN Sponsor Update",
				"docname": update,
				"fieldname": "photo",
				"is_private": "0",
			},
			timeout=60,
		)
	)["message"]
	check(
		admin.put(f"{site_url}/api/resource/LPN Sponsor Update/{update}", json={"photo": answer["file_url"]})
	)
	return answer["file_url"]


def make_sponsor(admin, site_url, tag: str, letter: str) -> dict:
	email = f"sponsor.{letter}.{tag}@example.org"
	create(
		admin,
		site_url,
		{
			"doctype": "User",
			"email": email,
			"first_name": f"Sponsor{letter.upper()}",
			"user_type": "Website User",
			"send_welcome_email": 0,
			"new_password": PASSWORD,
			"roles": [{"role": "LPN Sponsor"}],
		},
	)
	donor = create(
		admin,
		site_url,
		{
			"doctype": "LPN Donor",
			"donor_name": f"Sponsor {letter.upper()} {tag}",
			"email": email,
			"user": email,
		},
	)
	return {"email": email, "donor": donor["name"], "donor_name": donor["donor_name"]}


CONSENTS = [
	{"purpose": p, "given": 1, "given_by": "Guardian", "consent_date": "2025-01-10"}
	for p in ("Data processing", "Photo use", "Story use")
]


def make_child(admin, site_url, tag: str, first: str) -> dict:
	return create(
		admin,
		site_url,
		{
			"doctype": "LPN Child",
			"first_name": f"{first}{tag[:4]}",
			"family_name": f"Family{first}{tag}",
			"date_of_birth": "2016-03-04",
			"gender": "Female",
			"origin": "Myanmar",
			"grade": "Primary 4",
			"school": f"School{first}{tag}",
			"community": f"Community{first}{tag}",
			"address": f"Address{first}{tag}",
			"health_notes": f"Health{first}{tag}",
			"legal_status": "Pink Card (Migrant ID)",
			"case_notes": f"Case{first}{tag}",
			"progress_this_year": f"{first} reads aloud to her class",
			"scholarship_need_per_term": 12000,
			"consents": CONSENTS,
			"guardians": [
				{"guardian_name": f"Guardian{first}{tag}", "relationship": "Mother", "phone": "+66811112222"}
			],
		},
	)


@pytest.fixture(scope="module")
def world(admin, site_url):
	tag = uuid.uuid4().hex[:8]
	a, b = make_sponsor(admin, site_url, tag, "a"), make_sponsor(admin, site_url, tag, "b")
	x, y = make_child(admin, site_url, tag, "Xena"), make_child(admin, site_url, tag, "Yuki")
	sponsorships = {}
	for key, sponsor, child in (("ax", a, x), ("by", b, y)):
		row = create(
			admin,
			site_url,
			{
				"doctype": "LPN Sponsorship",
				"sponsor": sponsor["donor"],
				"child": child["name"],
				"monthly_amount": 600,
				"currency": "THB",
				"start_date": "2026-06-01",
				"payment_channel": "Bank Standing Order",
			},
		)
		sponsorships[key] = workflow(admin, site_url, "LPN Sponsorship", row["name"], "Activate")
	updates = {}
	for key, sponsorship, text, actions in (
		("x_sent", "ax", f"Xena passed her exams {tag}", ("Approve", "Send")),
		("x_draft", "ax", f"Draft not reviewed {tag}", ()),
		("y_sent", "by", f"Yuki news for B only {tag}", ("Approve", "Send")),
	):
		row = create(
			admin,
			site_url,
			{
				"doctype": "LPN Sponsor Update",
				"sponsorship": sponsorships[sponsorship]["name"],
				"type": "Progress report",
				"title": "End of term",
				"text": text,
			},
		)
		upload_photo(admin, site_url, row["name"])
		updates[key] = (
			workflow(admin, site_url, "LPN Sponsor Update", row["name"], *actions) if actions else row
		)
	return {"tag": tag, "a": a, "b": b, "x": x, "y": y, **sponsorships, **updates}


def sponsor_session(site_url, email) -> requests.Session:
	session = requests.Session()
	check(session.post(f"{site_url}/api/method/login", data={"usr": email, "pwd": PASSWORD}, timeout=30))
	return session


def secrets_of(admin, site_url) -> tuple[list[str], list[dict]]:
	"""Every child in the database (as a coordinator reads them) and the values a sponsor must never see."""
	names = check(
		admin.get(f"{site_url}/api/resource/LPN Child", params={"limit_page_length": 0}, timeout=60)
	)["data"]
	children = [
		check(admin.get(f"{site_url}/api/resource/LPN Child/{row['name']}", timeout=30))["data"]
		for row in names
	]
	secrets = []
	for child in children:
		for field in ("family_name", "school", "community", "address", "health_notes", "case_notes"):
			if child.get(field) and len(str(child[field])) > 3:
				secrets.append(str(child[field]))
		secrets += [g["guardian_name"] for g in child.get("guardians", [])]
	return secrets, children


def test_every_generic_endpoint_refuses_a_sponsor_for_every_child(admin, site_url, world):
	sponsor = sponsor_session(site_url, world["a"]["email"])
	secrets, children = secrets_of(admin, site_url)
	others = [
		c["first_name"] for c in children if c["name"] != world["x"]["name"] and len(c["first_name"]) > 3
	]
	files = check(
		admin.get(
			f"{site_url}/api/resource/File",
			params={
				"filters": json.dumps([["attached_to_doctype", "in", ["LPN Sponsor Update", "LPN Child"]]]),
				"fields": json.dumps(["file_url", "is_private"]),
				"limit_page_length": 0,
			},
			timeout=60,
		)
	)["data"]
	assert files and all(f["is_private"] for f in files)
	records = {"LPN Child": [c["name"] for c in children]}
	for doctype in ("LPN Sponsorship", "LPN Sponsor Update"):
		records[doctype] = [
			r["name"]
			for r in check(
				admin.get(f"{site_url}/api/resource/{doctype}", params={"limit_page_length": 0}, timeout=60)
			)["data"]
		]
	answers = []

	def get(path, **params):
		response = sponsor.get(f"{site_url}{path}", params=params, timeout=60)
		answers.append((path, params, response))
		return response

	for doctype, names in records.items():
		get(f"/api/resource/{doctype}", fields=json.dumps(["*"]))
		get("/api/method/frappe.client.get_list", doctype=doctype, fields=json.dumps(["*"]))
		get("/api/method/frappe.client.get_count", doctype=doctype)
		get("/api/method/frappe.desk.reportview.get", doctype=doctype, fields=json.dumps(["*"]))
		get("/api/method/frappe.desk.reportview.get_count", doctype=doctype)
		get("/api/method/frappe.desk.search.search_link", doctype=doctype, txt="", ignore_user_permissions=1)
		get(
			"/api/method/frappe.desk.search.search_widget", doctype=doctype, txt="", ignore_user_permissions=1
		)
		for name in names:
			get(f"/api/resource/{doctype}/{name}")
			get("/api/method/frappe.client.get", doctype=doctype, name=name)
			get("/api/method/frappe.desk.form.load.getdoc", doctype=doctype, name=name)
			get(
				"/api/method/frappe.client.get_value",
				doctype=doctype,
				fieldname=json.dumps(["name"]),
				filters=json.dumps({"name": name}),
			)
			get("/api/method/frappe.utils.print_format.download_pdf", doctype=doctype, name=name)
			get("/printview", doctype=doctype, name=name)
	# a record that does not exist answers as one that does, so nothing says which names are taken
	for doctype in records:
		get(f"/api/resource/{doctype}/NO-SUCH-RECORD-0")
	for table in ("LPN Child Guardian", "LPN Child Consent"):
		get("/api/method/frappe.client.get_list", doctype=table, parent="LPN Child", fields=json.dumps(["*"]))
	for file in files:
		get(file["file_url"])
	api_answers = [a for a in answers if a[0].startswith("/api/")]
	for path, params, response in api_answers:
		assert response.status_code == 403, (path, params, response.status_code, response.text[:300])
		messages = [
			json.loads(m)["message"] for m in json.loads(response.json().get("_server_messages", "[]"))
		]
		assert messages == ["Not permitted"], (path, params, messages)
	for path, params, response in answers:
		if not path.startswith("/api/"):
			assert response.status_code in (403, 404), (path, params, response.status_code)
			assert not response.headers.get("Content-Type", "").startswith("image/"), path
		body = response.text
		for value in [*secrets, *others]:
			assert value not in body, (path, params, value)

	# global search: nothing of any child
	for child in children:
		response = get("/api/method/frappe.utils.global_search.search", text=child["first_name"])
		assert response.ok
		assert not [r for r in response.json()["message"] if r.get("doctype", "").startswith("LPN ")]

	# the refusals are recorded for coordinators
	check(admin.post(f"{site_url}/api/method/lpn_crm.api.sponsorship.flush_access_log", timeout=60))
	refused = check(
		admin.get(
			f"{site_url}/api/resource/Access Log",
			params={
				"filters": json.dumps([["user", "=", world["a"]["email"]], ["method", "=", "Refused"]]),
				"fields": json.dumps(["reference_document", "export_from"]),
				"limit_page_length": 0,
			},
			timeout=60,
		)
	)["data"]
	assert world["y"]["name"] in {r["reference_document"] for r in refused}


def test_the_portal_pages_show_only_the_whitelist(site_url, world):
	sponsor = sponsor_session(site_url, world["a"]["email"])
	overview = sponsor.get(f"{site_url}/my-sponsorships", timeout=60)
	assert overview.ok
	assert world["x"]["first_name"] in overview.text
	assert world["y"]["first_name"] not in overview.text
	page = sponsor.get(f"{site_url}/my-sponsorships/{world['ax']['name']}", timeout=60)
	assert page.ok
	text = page.text
	assert world["x_sent"]["text"] in text
	assert world["x_draft"]["text"] not in text
	for field in ("family_name", "school", "community", "address", "health_notes", "case_notes"):
		assert world["x"][field] not in text, field
	assert world["x"]["guardians"][0]["guardian_name"] not in text
	assert "2016-03-04" not in text
	# the approved photo comes through the checked endpoint, without its EXIF; the draft's does not
	photo = sponsor.get(
		f"{site_url}/api/method/lpn_crm.api.sponsorship.photo",
		params={"update": world["x_sent"]["name"]},
		timeout=60,
	)
	assert photo.ok and photo.headers["Content-Type"].startswith("image/")
	assert photo.content.startswith(b"\xff\xd8")
	assert b"Exif\x00\x00" in JPEG_WITH_GPS
	assert b"Exif\x00\x00" not in photo.content and b"E2E Camera" not in photo.content
	for update in (world["x_draft"]["name"], world["y_sent"]["name"]):
		refused = sponsor.get(
			f"{site_url}/api/method/lpn_crm.api.sponsorship.photo", params={"update": update}, timeout=60
		)
		assert refused.status_code == 403
	# another sponsor's page, and one that does not exist, are refused alike
	for name in (world["by"]["name"], "SPN-2026-99999"):
		other = sponsor.get(f"{site_url}/my-sponsorships/{name}", timeout=60)
		assert other.status_code == 403, other.status_code
		assert world["y"]["first_name"] not in other.text
	for path in (f"/api/resource/LPN Child/{world['x']['name']}", "/api/resource/LPN Child"):
		assert requests.get(f"{site_url}{path}", timeout=60).status_code == 403
	guest = requests.get(
		f"{site_url}/my-sponsorships/{world['ax']['name']}", timeout=60, allow_redirects=False
	)
	assert guest.status_code in (301, 302, 303, 307)
	assert world["x"]["first_name"] not in guest.text


def phone_page(browser, site_url, email):
	context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
	page = context.new_page()
	page.goto(f"{site_url}/login")
	page.fill("#login_email", email)
	page.fill("#login_password", PASSWORD)
	page.click(".btn-login")
	page.wait_for_url(lambda url: "/login" not in url, timeout=30000)
	return context, page


def test_a_sponsor_reads_news_and_writes_a_letter_on_a_phone(browser, site_url, world):
	context, page = phone_page(browser, site_url, world["a"]["email"])
	try:
		page.goto(f"{site_url}/my-sponsorships")
		card = page.locator(f'.lpn-sponsorship[data-sponsorship="{world["ax"]["name"]}"]')
		card.wait_for(timeout=30000)
		assert world["x"]["first_name"] in card.inner_text()
		assert "10 years old" in card.inner_text() or "years old" in card.inner_text()
		assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
		page.screenshot(path=str(SHOTS / "lpn-my-sponsorships-phone.png"), full_page=True)
		with page.expect_navigation():
			card.locator("a").tap()
		news = page.locator(f'.lpn-update[data-update="{world["x_sent"]["name"]}"]')
		news.wait_for(timeout=30000)
		image = news.locator("img.lpn-update-photo")
		image.wait_for(timeout=30000)
		page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
		assert page.locator(".lpn-update").count() == 1
		assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
		page.fill("#lpn-letter-text", "Dear Xena, well done on your exams!")
		with page.expect_navigation():
			page.locator("#lpn-letter-form button").tap()
		page.wait_for_selector("#lpn-letter-message.alert-success", timeout=30000)
		letters = page.locator("#lpn-letters .lpn-letter")
		assert letters.count() == 1
		assert "Waiting for review" in letters.first.inner_text()
		page.screenshot(path=str(SHOTS / "lpn-my-sponsorship-phone.png"), full_page=True)
		# the same page in Burmese and Thai, through the language switch
		page.locator('[data-lpn-lang="my"]').tap()
		page.wait_for_selector(".lpn-update", timeout=30000)
		assert "My payments" not in page.inner_text("body")
		page.screenshot(path=str(SHOTS / "lpn-my-sponsorship-phone-my.png"), full_page=True)
		page.locator('[data-lpn-lang="th"]').tap()
		page.wait_for_selector(".lpn-update", timeout=30000)
		assert "My payments" not in page.inner_text("body")
		page.locator('[data-lpn-lang="en"]').tap()
		page.wait_for_selector(".lpn-update", timeout=30000)
		# another sponsor's child is not there to open
		response = page.goto(f"{site_url}/my-sponsorships/{world['by']['name']}")
		assert response.status == 403
		assert world["y"]["first_name"] not in page.inner_text("body")
	finally:
		context.close()
