"""The fundraising story of the demo site: about 300 donors and three years of their gifts, made in bulk.

Called by the demo loader for the `{"_generate": ...}` entry of fixtures/demo/02_fundraising.json, after the
funds, campaigns and hand-written donors above it. Everything is drawn from a seeded random generator, with
dates counted back from the day it is loaded, so every new site tells the same story and its "this month"
figures are never empty. Gifts go through the same batch path as Stripe's (posting.insert_submitted): each is
a whole Document, and receipts, e-Donation states, recurring progress and donor totals are written a batch
at a time. Loading again finds the generated donors there and adds nothing.

What the story holds: people and organisations with Thai, Burmese and foreign names; one-off gifts, monthly
gifts (recurring gifts Active, Pending, Paused, Lapsed and Cancelled), campaign gifts to every campaign that
has begun, a donor who stopped giving, a major gift, gifts in USD and EUR, an e-Donation batch of last
fiscal year, and the portal donor (donor@lpn.localhost) with three years of monthly gifts.
"""

import random
from datetime import date, timedelta

import frappe
from frappe.utils import add_months, getdate, now_datetime, today

from lpn_crm.domain.thai_dates import giving_year_bounds
from lpn_crm.domain.thai_id import thai_id_check_digit
from lpn_crm.fundraising import edonation, posting, recurring, rollups
from lpn_crm.fundraising.donors import queue_contact_sync
from lpn_crm.fundraising.settings import get_settings

DONOR = "LPN Donor"
RECURRING = "LPN Recurring Donation"
# Generated donors' addresses; their count says whether the story is already on the site.
EMAIL_DOMAIN = "donors.lpn.example"
PORTAL_DONOR = "donor@lpn.localhost"
BATCH_SIZE = 250

THAI_FIRST = [
	("สมศักดิ์", "Somsak"),
	("สุดารัตน์", "Sudarat"),
	("วิชัย", "Wichai"),
	("มาลี", "Malee"),
	("ประเสริฐ", "Prasert"),
	("กนกวรรณ", "Kanokwan"),
	("ธนพล", "Thanaphon"),
	("อรุณี", "Arunee"),
	("สุริยา", "Suriya"),
	("พิมพ์ชนก", "Phimchanok"),
	("ณัฐวุฒิ", "Nattawut"),
	("จันทร์เพ็ญ", "Chanphen"),
	("อนุชา", "Anucha"),
	("รัตนา", "Rattana"),
	("ชัยวัฒน์", "Chaiwat"),
	("ปราณี", "Pranee"),
	("เกียรติศักดิ์", "Kiattisak"),
	("ศิริพร", "Siriporn"),
	("บุญมี", "Boonmee"),
	("วันเพ็ญ", "Wanphen"),
]
THAI_LAST = [
	("วงศ์สวัสดิ์", "Wongsawat"),
	("ศรีสุข", "Srisuk"),
	("แก้วมณี", "Kaewmanee"),
	("ทองดี", "Thongdee"),
	("บุญเรือง", "Boonruang"),
	("จันทร์แก้ว", "Chankaew"),
	("สุขประเสริฐ", "Sukprasert"),
	("พรหมมา", "Promma"),
	("เจริญสุข", "Charoensuk"),
	("มั่นคง", "Mankong"),
	("รักษาวงศ์", "Raksawong"),
	("ปัญญาดี", "Panyadee"),
]
# Burmese names are built as they are given: an honorific and two syllables (ဒေါ် + ခင် + မာ: Daw Khin Mar).
BURMESE_HONORIFICS = [("ဦး", "U"), ("ဒေါ်", "Daw"), ("ကို", "Ko"), ("မ", "Ma")]
BURMESE_SYLLABLES = [
	("အေး", "Aye"),
	("မြင့်", "Myint"),
	("ကျော်", "Kyaw"),
	("ဇင်", "Zin"),
	("နီလာ", "Nilar"),
	("ဝင်း", "Win"),
	("မင်း", "Min"),
	("ထွန်း", "Htun"),
	("ခင်", "Khin"),
	("မာ", "Mar"),
	("အောင်", "Aung"),
	("နိုင်", "Naing"),
	("သီတာ", "Thida"),
	("ဆွေ", "Swe"),
	("ဇော်", "Zaw"),
	("စန်း", "San"),
	("နွယ်", "Nwe"),
	("သန်း", "Than"),
	("ထိုက်", "Htike"),
	("ဖြူ", "Phyu"),
	("သင်း", "Thin"),
	("လှ", "Hla"),
	("မိုး", "Moe"),
	("သူ", "Thu"),
]
FOREIGN_FIRST = [
	"Anna",
	"James",
	"Sophie",
	"Kenji",
	"Emily",
	"Lars",
	"Maria",
	"David",
	"Ingrid",
	"Hannah",
	"Pieter",
	"Claire",
	"Michael",
	"Sarah",
	"Tom",
	"Yuki",
	"Elena",
	"Oliver",
	"Nadia",
	"Lucas",
]
FOREIGN_LAST = [
	("Müller", "Germany"),
	("Carter", "United Kingdom"),
	("Martin", "France"),
	("Watanabe", "Japan"),
	("Nguyen", "Australia"),
	("Jensen", "Denmark"),
	("Rossi", "Italy"),
	("Cohen", "United States"),
	("Olsen", "Norway"),
	("de Vries", "Netherlands"),
	("O'Brien", "Ireland"),
	("Lee", "Singapore"),
	("Andersson", "Sweden"),
	("Schmidt", "Germany"),
	("Dubois", "France"),
]
ORGANISATIONS = [
	("มูลนิธิเพื่อนแรงงาน", "Friends of Labour Foundation", "Thailand"),
	("บริษัท สยามซีฟู้ด จำกัด", "Siam Seafood Co., Ltd.", "Thailand"),
	("สมาคมนายจ้างสมุทรสาคร", "Samut Sakhon Employers Association", "Thailand"),
	("บริษัท ท่าจีนโลจิสติกส์ จำกัด", "Tha Chin Logistics Co., Ltd.", "Thailand"),
	("Mekong Solidarity Fund", "Mekong Solidarity Fund", "Netherlands"),
	("Nordic Workers' Aid", "Nordic Workers' Aid", "Norway"),
	("Asia Migrant Rights Trust", "Asia Migrant Rights Trust", "Singapore"),
	("Kinder in Not e.V.", "Kinder in Not e.V.", "Germany"),
	("ရန်ကုန်ကူညီရေးအသင်း", "Yangon Helping Hands Association", "Myanmar"),
	("Pacific Fair Labor Foundation", "Pacific Fair Labor Foundation", "United States"),
]
THAI_CITIES = [("สมุทรสาคร", "74000"), ("กรุงเทพมหานคร", "10110"), ("นนทบุรี", "11000"), ("ระนอง", "85000")]


LOGO = "/assets/lpn_crm/images/lpn-logo.svg"
# LPN's details on receipts and the donate page (LPN Fundraising Settings): made-up numbers for the demo.
FUNDRAISING_SETTINGS = {
	"organisation_tax_id": "0993000133271",
	"registration_number": "สค. 12/2547",
	"organisation_address": "99/9 ถนนเศรษฐกิจ 1 ตำบลท่าทราย อำเภอเมืองสมุทรสาคร จังหวัดสมุทรสาคร 74000",
	"logo": LOGO,
	"signatory_name": "สุนีย์ ศรีสมบัติ",
	"signatory_title": "Director",
	"bank_name": "Krung Thai Bank",
	"bank_account_name": "Labour Protection Network Foundation",
	"bank_account_number": "123-4-56789-0",
	"promptpay_id": "0993000133271",
}
# Stripe in test mode against nothing: test keys of no Stripe account, so the donate form is there with its
# amounts and its test-mode notice, and a Checkout asked for ends in "The payment page could not be opened.
# Nothing was charged" (a site without keys says online giving is off and shows the bank details instead).
DEMO_KEYS = {
	"publishable_key": "pk_test_lpn_demo_no_account",
	"secret_key": "sk_test_lpn_demo_no_account",
	"webhook_secret": "whsec_lpn_demo_no_account",
}
STRIPE_CURRENCIES = [
	{"currency": "THB", "suggested_amounts": "300, 500, 1000, 2000", "max_gift_amount": 200000},
	{
		"currency": "USD",
		"suggested_amounts": "10, 25, 50, 100",
		"max_gift_amount": 5000,
		"exchange_rate": 35.5,
	},
	{
		"currency": "EUR",
		"suggested_amounts": "10, 25, 50, 100",
		"max_gift_amount": 5000,
		"exchange_rate": 38.2,
	},
]
WEBSITE = {
	"app_name": "LPN",
	"app_logo": LOGO,
	"brand_html": f'<img src="{LOGO}" alt="" style="height:32px;margin-right:8px">Labour Protection Network',
	"copyright": "Labour Protection Network Foundation",
	"address": "99/9 Setthakit 1 Road, Tha Sai, Mueang Samut Sakhon, Samut Sakhon 74000, Thailand"
	"<br>+66 34 000 000 · info@lpnfoundation.org",
	"footer_powered": "lpnfoundation.org",
	"favicon": LOGO,
	"hide_footer_signup": 1,
}
NAVBAR = [{"label": "Give", "url": "/donate"}, {"label": "My Donations", "url": "/my-donations"}]
# Names that are data (funds, the signatory's title, the bank), in the words a Thai or Burmese receipt prints
# (Frappe's Translation records, which _() reads as it reads the app's own catalogue).
DATA_TRANSLATIONS = {
	"General Fund": ("กองทุนทั่วไป", "အထွေထွေ ရန်ပုံငွေ"),
	"Child Education": ("การศึกษาของเด็ก", "ကလေးများ၏ ပညာရေး"),
	"Emergency Assistance": ("ความช่วยเหลือฉุกเฉิน", "အရေးပေါ် အကူအညီ"),
	"Volunteer Clinic": ("คลินิกอาสาสมัคร", "စေတနာ့ဝန်ထမ်း ဆေးခန်း"),
	"Migrant Labour Museum": ("พิพิธภัณฑ์แรงงานข้ามชาติ", "ရွှေ့ပြောင်းအလုပ်သမား ပြတိုက်"),
	"Director": ("ผู้อำนวยการ", "ညွှန်ကြားရေးမှူး"),
	"Krung Thai Bank": ("ธนาคารกรุงไทย", "ကရုံထိုင်း ဘဏ်"),
}


def apply_settings() -> dict[str, int]:
	"""LPN's name, logo, numbers, signatory and bank details; Stripe's currencies; the website's brand.
	Only what is still empty is filled: what staff set stays."""
	added = 0
	empty = [f for f in FUNDRAISING_SETTINGS if not frappe.db.get_single_value("LPN Fundraising Settings", f)]
	for field in empty:
		frappe.db.set_single_value("LPN Fundraising Settings", field, FUNDRAISING_SETTINGS[field])
	if empty:
		frappe.clear_document_cache("LPN Fundraising Settings", "LPN Fundraising Settings")
	stripe = frappe.get_doc("LPN Stripe Settings")
	if not stripe.currencies and not stripe.get_password("secret_key", raise_exception=False):
		for row in STRIPE_CURRENCIES:
			stripe.append("currencies", row)
		stripe.update({**DEMO_KEYS, "default_currency": "THB", "enabled": 1})
		stripe.flags.ignore_permissions = True
		stripe.save()
	website = frappe.get_doc("Website Settings")
	if not website.brand_html:
		website.update(WEBSITE)
		for item in NAVBAR:
			website.append("top_bar_items", item)
		website.flags.ignore_permissions = True
		website.save()
	for source, (thai, burmese) in DATA_TRANSLATIONS.items():
		for language, text in (("th", thai), ("my", burmese)):
			if not frappe.db.exists("Translation", {"source_text": source, "language": language}):
				frappe.get_doc(
					{
						"doctype": "Translation",
						"language": language,
						"source_text": source,
						"translated_text": text,
					}
				).insert(ignore_permissions=True)
				added += 1
	return {"Translation": added} if added else {}


def generate(donors: int = 300, seed: int = 10) -> dict[str, int]:
	"""Add the story's donors and gifts unless they are already there; {doctype: how many were added}."""
	settings_added = apply_settings()
	if frappe.db.count(DONOR, {"email": ("like", f"%@{EMAIL_DOMAIN}")}):
		return settings_added
	story = Story(random.Random(seed), getdate(today()))
	people = story.make_donors(max(donors - frappe.db.count(DONOR), 20))
	portal = frappe.db.get_value(DONOR, {"email": PORTAL_DONOR}, ["name", "donor_name"], as_dict=True)
	if portal:
		people.append(story.donor_plan(portal.name, portal.donor_name, kind="portal"))
	existing = frappe.get_all(
		DONOR, filters={"email": ("not like", f"%@{EMAIL_DOMAIN}")}, fields=["name", "donor_name"]
	)
	for row in existing:
		if not portal or row.name != portal.name:
			people.append(story.donor_plan(row.name, row.donor_name, kind="one-off"))
	recurring_gifts = story.make_recurring(people)
	gifts = story.gifts_of(people) + story.campaign_gifts(people)
	submit_gifts(gifts)
	story.settle_recurring()
	rollups.recompute_donor_rollups()
	rollups.recompute_campaign_totals()
	batches = make_edonation_batch(story.today)
	return {
		DONOR: len(story.new_donors),
		RECURRING: len(recurring_gifts),
		"LPN Donation": len(gifts),
		"LPN e-Donation Batch": batches,
		**settings_added,
	}


def submit_gifts(gifts: list[dict]) -> None:
	"""Gifts in date order (so receipt numbers follow the calendar), a batch at a time."""
	gifts.sort(key=lambda gift: gift["donation_date"])
	for start in range(0, len(gifts), BATCH_SIZE):
		posting.insert_submitted(gifts[start : start + BATCH_SIZE])


def make_edonation_batch(on_date: date) -> int:
	"""Last fiscal year's Thai gifts reported to the Revenue Department: one batch, submitted."""
	start, end = giving_year_bounds(on_date, get_settings().fiscal_year_start_month)
	end = end - timedelta(days=1)
	if not edonation_waiting(start, end):
		return 0
	batch = edonation.create_batch(str(start), str(end))
	edonation.mark_batch(batch, "Submitted")
	return 1


def edonation_waiting(start, end) -> bool:
	return bool(
		frappe.db.count(
			"LPN Donation",
			{"docstatus": 1, "edonation_status": "To Submit", "donation_date": ("between", [start, end])},
		)
	)


class Story:
	def __init__(self, rng: random.Random, on_date: date):
		self.rng = rng
		self.today = on_date
		self.start = add_months(on_date, -36)
		self.new_donors: list[str] = []
		self.reference = 0
		self.fates: dict[str, str] = {}
		self.organisations = 0
		self.names: set[str] = set()
		self.funds = frappe.get_all("LPN Fund", filters={"is_active": 1}, pluck="name") or ["General Fund"]

	# donors -----------------------------------------------------------------------------------------------
	def make_donors(self, count: int) -> list[dict]:
		docs, kinds = [], []
		for index in range(count):
			values, kind = self.person(index)
			doc = frappe.get_doc({"doctype": DONOR, **values})
			doc.flags.silent_duplicates = True
			doc.flags.skip_contact_sync = True
			docs.append(doc)
			kinds.append(kind)
		# names from the series in one statement, each donor inserted as the form inserts it
		from lpn_crm.fundraising.bulk import insert_documents

		insert_documents(docs)
		self.new_donors = [doc.name for doc in docs]
		queue_contact_sync(self.new_donors)
		return [
			self.donor_plan(doc.name, doc.donor_name, kind) for doc, kind in zip(docs, kinds, strict=True)
		]

	def person(self, index: int) -> tuple[dict, str]:
		rng = self.rng
		roll = rng.random()
		email = f"donor{index + 1:03d}@{EMAIL_DOMAIN}"
		consents = [{"purpose": "Receipts", "granted": 1, "granted_on": str(self.start), "source": "Form"}]
		values = {"email": email, "consents": consents}
		if index == 0:
			# the major gift: a foundation abroad, once, two years ago
			values.update(
				donor_type="Organisation",
				donor_name="Stichting Hand in Hand",
				search_name="Stichting Hand in Hand",
				country="Netherlands",
				preferred_language="en",
				tax_id_type="Foreign Tax ID",
				tax_id="NL859012345B01",
			)
			return values, "major"
		if index == 1:
			# gave in each of the first two years, nothing for more than a year now
			values.update(
				donor_name="ประยุทธ ศรีวงศ์",
				search_name="Prayut Sriwong",
				preferred_language="th",
				phone="081-555-0101",
				**self.thai_tax(),
				**self.thai_address(),
			)
			return values, "lapsed"
		if roll < 0.08 and self.organisations < len(ORGANISATIONS):
			local, latin, country = ORGANISATIONS[self.organisations]
			self.organisations += 1
			values.update(
				donor_type="Organisation",
				donor_name=local,
				search_name=latin,
				country=country,
				preferred_language="th" if country == "Thailand" else "en",
			)
			if country == "Thailand":
				values.update(
					tax_id_type="Thai Taxpayer ID", tax_id=self.thai_id(first="0"), **self.thai_address()
				)
				values["consents"].append(self.edonation_consent())
			return values, rng.choice(["one-off", "yearly", "yearly"])
		if roll < 0.62:
			(first, first_latin), (last, last_latin) = self.unique_name(
				lambda: (rng.choice(THAI_FIRST), rng.choice(THAI_LAST)),
				lambda pick: f"{pick[0][1]} {pick[1][1]}",
			)
			values.update(
				donor_name=f"{first} {last}",
				search_name=f"{first_latin} {last_latin}",
				country="Thailand",
				preferred_language="th",
				phone=f"08{rng.randint(1, 9)}-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
			)
			if rng.random() < 0.7:
				values.update(**self.thai_tax(), **self.thai_address())
				values["consents"].append(self.edonation_consent())
			return values, self.giver_kind()
		if roll < 0.82:
			parts = self.unique_name(
				lambda: (rng.choice(BURMESE_HONORIFICS), *rng.sample(BURMESE_SYLLABLES, 2)),
				lambda pick: " ".join(part[1] for part in pick),
			)
			values.update(
				donor_name="".join(part[0] for part in parts),
				search_name=" ".join(part[1] for part in parts[1:]),
				preferred_language="my",
				country=rng.choice(["Thailand", "Myanmar"]),
			)
			return values, self.giver_kind()
		first, (last, country) = self.unique_name(
			lambda: (rng.choice(FOREIGN_FIRST), rng.choice(FOREIGN_LAST)),
			lambda pick: f"{pick[0]} {pick[1][0]}",
		)
		name = f"{first} {last}"
		values.update(donor_name=name, search_name=name, country=country, preferred_language="en")
		return values, self.giver_kind()

	def unique_name(self, draw, key):
		"""A name no generated donor has yet (a demo full of look-alikes would fill the review queue)."""
		for _ in range(100):
			pick = draw()
			if key(pick) not in self.names:
				break
		self.names.add(key(pick))
		return pick

	def giver_kind(self) -> str:
		roll = self.rng.random()
		return "monthly" if roll < 0.2 else "yearly" if roll < 0.35 else "one-off"

	def thai_id(self, first: str | None = None) -> str:
		digits = (first or str(self.rng.randint(1, 3))) + "".join(
			str(self.rng.randint(0, 9)) for _ in range(11)
		)
		return digits + str(thai_id_check_digit(digits))

	def thai_tax(self) -> dict:
		return {"tax_id_type": "Thai National ID", "tax_id": self.thai_id()}

	def thai_address(self) -> dict:
		city, postal_code = self.rng.choice(THAI_CITIES)
		return {
			"address_line": f"{self.rng.randint(1, 199)}/{self.rng.randint(1, 40)} หมู่ {self.rng.randint(1, 9)}",
			"city": city,
			"postal_code": postal_code,
		}

	def edonation_consent(self) -> dict:
		return {
			"purpose": "e-Donation Reporting",
			"granted": 1,
			"granted_on": str(self.start),
			"source": "Form",
		}

	def donor_plan(self, name: str, donor_name: str, kind: str) -> dict:
		return {"name": name, "donor_name": donor_name, "kind": kind}

	# recurring gifts -----------------------------------------------------------------------------------------
	def make_recurring(self, people: list[dict]) -> list[str]:
		"""A recurring gift for each monthly giver; a few end Pending, Paused, Lapsed or Cancelled."""
		monthly = [person for person in people if person["kind"] in ("monthly", "portal")]
		fates = ["Pending", "Paused", "Paused", "Lapsed", "Lapsed", "Lapsed", "Cancelled", "Cancelled"]
		names = []
		for index, person in enumerate(monthly):
			fate = (
				"Active" if person["kind"] == "portal" else (fates[index] if index < len(fates) else "Active")
			)
			months = 36 if person["kind"] == "portal" else self.rng.randint(8, 36)
			start = add_months(self.today, -months + 1) if fate != "Pending" else self.today
			amount = 500 if person["kind"] == "portal" else self.rng.choice([200, 300, 500, 500, 1000, 1500])
			method = self.rng.choice(["Card (Stripe)", "Bank Transfer", "Bank Transfer"])
			doc = frappe.get_doc(
				{
					"doctype": RECURRING,
					"donor": person["name"],
					"amount": amount,
					"currency": "THB",
					"frequency": "Monthly",
					"payment_method": method,
					"fund": self.rng.choice(self.funds),
					# Pending while the gifts go in (a batch sees only the gifts before it, and would lapse it)
					"start_date": str(getdate(start)),
					"status": "Pending",
				}
			)
			doc.insert(ignore_permissions=True)
			names.append(doc.name)
			stop_after = {"Lapsed": months - 5, "Paused": months - 2, "Cancelled": months - 4}.get(
				fate, months
			)
			person["monthly"] = {
				"recurring": doc.name,
				"start": getdate(start),
				"amount": amount,
				"method": method,
				"fund": doc.fund,
				"months": 0 if fate == "Pending" else max(stop_after, 1),
			}
			self.fates[doc.name] = fate
		return names

	def settle_recurring(self) -> None:
		"""Once every gift is in: each recurring gift takes its fate. Paused and Cancelled are a person's
		decision; Active ones are counted again, and those whose gifts stopped lapse (staff are alerted)."""
		for name, fate in self.fates.items():
			if fate == "Pending":
				continue
			frappe.db.set_value(
				RECURRING, name, "status", "Active" if fate == "Lapsed" else fate, update_modified=False
			)
			recurring.refresh(name)

	# gifts -------------------------------------------------------------------------------------------------
	def gifts_of(self, people: list[dict]) -> list[dict]:
		gifts = []
		for person in people:
			kind = person["kind"]
			if plan := person.get("monthly"):
				for month in range(plan["months"]):
					day = getdate(add_months(plan["start"], month))
					if day <= self.today:
						gifts.append(
							self.gift(
								person,
								day,
								plan["amount"],
								plan["method"],
								plan["fund"],
								recurring_donation=plan["recurring"],
							)
						)
			if kind == "major":
				gifts.append(
					self.gift(
						person,
						add_months(self.today, -25),
						1500000,
						"Bank Transfer",
						"Migrant Labour Museum" if "Migrant Labour Museum" in self.funds else self.funds[0],
					)
				)
			elif kind == "lapsed":
				for months_ago in (34, 27, 22, 15):
					gifts.append(
						self.gift(
							person, add_months(self.today, -months_ago), 5000, "Bank Transfer", self.funds[0]
						)
					)
			elif kind == "yearly":
				for year_ago in range(3):
					day = self.today - timedelta(days=365 * year_ago + self.rng.randint(0, 300))
					if day >= self.start:
						gifts.append(
							self.gift(
								person,
								day,
								self.rng.choice([2000, 5000, 10000, 20000]),
								"Bank Transfer",
								self.rng.choice(self.funds),
							)
						)
			elif kind == "one-off":
				for _ in range(self.rng.choice([1, 1, 1, 2, 2, 3])):
					gifts.append(self.one_off(person))
		return gifts

	def one_off(self, person: dict) -> dict:
		rng = self.rng
		day = self.start + timedelta(days=rng.randint(0, (self.today - self.start).days))
		if rng.random() < 0.08:
			currency, rate = rng.choice([("USD", 35.5), ("EUR", 38.2)])
			return self.gift(
				person,
				day,
				rng.choice([25, 50, 100, 250]),
				"Card (Stripe)",
				rng.choice(self.funds),
				currency=currency,
				exchange_rate=rate,
			)
		amount = rng.choice([100, 200, 300, 500, 500, 1000, 1000, 2000, 3000, 5000, 10000, 25000])
		method = rng.choice(
			["Bank Transfer", "Bank Transfer", "PromptPay", "PromptPay", "Cash", "Card (Stripe)", "Cheque"]
		)
		return self.gift(person, day, amount, method, rng.choice(self.funds))

	def campaign_gifts(self, people: list[dict]) -> list[dict]:
		"""Gifts to each campaign that has begun, within its dates, from donors drawn at random."""
		gifts = []
		campaigns = frappe.get_all(
			"LPN Campaign",
			fields=["name", "start_date", "end_date", "fund", "goal"],
			filters={"start_date": ("<=", self.today)},
		)
		# not the donor who stopped giving, nor the foundation of the one major gift
		givers = [person for person in people if person["kind"] not in ("major", "lapsed")]
		for campaign in campaigns:
			first = max(getdate(campaign.start_date), self.start)
			last = min(getdate(campaign.end_date or self.today), self.today)
			if first > last:
				continue
			for _ in range(60):
				person = self.rng.choice(givers)
				day = first + timedelta(days=self.rng.randint(0, (last - first).days))
				amount = self.rng.choice([300, 500, 1000, 1000, 2000, 5000, 10000])
				method = self.rng.choice(["PromptPay", "PromptPay", "Bank Transfer", "Card (Stripe)"])
				gifts.append(
					self.gift(
						person, day, amount, method, campaign.fund or self.funds[0], campaign=campaign.name
					)
				)
		return gifts

	def gift(self, person: dict, day, amount, method: str, fund: str, **extra) -> dict:
		self.reference += 1
		sent = now_datetime()
		values = {
			"donor": person["name"],
			"donor_name": person["donor_name"],
			"donation_date": str(getdate(day)),
			"amount": amount,
			"currency": "THB",
			"exchange_rate": 1,
			"payment_method": method,
			"fund": fund,
			# thanked when they came: the demo queues no thousands of emails
			"acknowledgement_status": "Sent",
			"acknowledged_on": sent,
		}
		if method != "Cash":
			values["payment_reference"] = f"DEMO-{getdate(day).year}-{self.reference:05d}"
		values.update(extra)
		return values
