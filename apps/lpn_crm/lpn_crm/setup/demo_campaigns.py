"""Demo campaigns (fixtures/demo/05_campaigns.json): the stories of the campaigns 02_fundraising.json made,
gifts through the two approved supporter pages and the one sent appeal. Adds nothing the second time."""

import frappe
from frappe.utils import add_days, now_datetime, today

from lpn_crm.fundraising import appeals

STORIES = {
	"Flood Relief Samut Sakhon 2026": {
		"title_th": "ช่วยเหลือผู้ประสบอุทกภัย สมุทรสาคร 2569",
		"title_my": "စမွတ်ဆာခွန် ရေဘေးသင့်သူများ ကူညီရေး ၂၀၂၆",
		"suggested_amounts": "300, 1000, 3000",
		"story": "<p>Floods in Samut Sakhon have swept through the rooms where migrant families from Myanmar live. "
		"LPN's team brings rice, water, medicine and safe shelter hand to hand, and helps families replace the "
		"documents the water took.</p>",
		"story_th": "<p>น้ำท่วมในสมุทรสาครพัดผ่านห้องพักของครอบครัวแรงงานข้ามชาติจากเมียนมา ทีมงาน LPN นำข้าว น้ำดื่ม ยา "
		"และที่พักปลอดภัยไปส่งถึงมือ และช่วยครอบครัวทำเอกสารที่เสียหายไปกับน้ำขึ้นใหม่</p>",
		"story_my": "<p>စမွတ်ဆာခွန်ရှိ ရေကြီးမှုကြောင့် မြန်မာရွှေ့ပြောင်းအလုပ်သမား မိသားစုများ၏ အခန်းများ ရေမြုပ်ခဲ့သည်။ "
		"LPN အဖွဲ့သည် ဆန်၊ ရေ၊ ဆေးဝါးနှင့် လုံခြုံသော နေရာထိုင်ခင်းကို လက်ဆင့်ကမ်း ပို့ဆောင်ပေးပြီး "
		"ရေပါသွားသော စာရွက်စာတမ်းများ ပြန်လည်ပြုလုပ်ရန် ကူညီပေးပါသည်။</p>",
	},
	"Back to School 2027": {
		"title_th": "กลับสู่โรงเรียน 2570",
		"title_my": "ကျောင်းပြန်တက်ကြစို့ ၂၀၂၇",
		"story": "<p>Scholarships keep migrant children in Thai schools: fees, uniforms, books and a bicycle.</p>",
		"story_th": "<p>ทุนการศึกษาช่วยให้เด็กข้ามชาติได้เรียนต่อในโรงเรียนไทย ทั้งค่าเทอม ชุดนักเรียน หนังสือ และจักรยาน</p>",
	},
}


APPEAL_TITLE = "Museum founders' appeal 2026"
PAGES = [
	{
		"campaign_title": "Flood Relief Samut Sakhon 2026",
		"user": "supporter@lpn.localhost",
		"supporter_name": "Naw Htoo",
		"slug": "naw-htoo-for-samut-sakhon",
		"goal": 20000,
		"story": "My neighbours in Mahachai lost everything in the flood. I am asking my friends to help LPN reach them.",
	},
	{
		"campaign_title": "Migrant Labour Museum Building Fund",
		"user": "supporter.b@lpn.localhost",
		"supporter_name": "Anna Keller",
		"slug": "anna-cycles-for-the-museum",
		"goal": 50000,
		"story": "I am cycling from Bangkok to Samut Sakhon so the workers' museum gets built.",
	},
]


def make_page(campaign_title: str, user: str, **values) -> bool:
	campaign = frappe.db.get_value("LPN Campaign", {"title": campaign_title})
	if not campaign or not frappe.db.exists("User", user):
		return False
	if frappe.db.exists("LPN Supporter Page", {"campaign": campaign, "slug": values["slug"]}):
		return False
	frappe.get_doc(
		{
			"doctype": "LPN Supporter Page",
			"campaign": campaign,
			"supporter_user": user,
			"status": "Approved",
			"approved_by": "Administrator",
			"approved_on": now_datetime(),
			**values,
		}
	).insert(ignore_permissions=True)
	return True


def generate(**_options) -> dict[str, int]:
	added: dict[str, int] = {}
	for title, values in STORIES.items():
		name = frappe.db.get_value("LPN Campaign", {"title": title})
		if name and not frappe.db.get_value("LPN Campaign", name, "story"):
			frappe.db.set_value("LPN Campaign", name, values, update_modified=False)
	for values in PAGES:
		if make_page(**values):
			added["LPN Supporter Page"] = added.get("LPN Supporter Page", 0) + 1
	museum = frappe.db.get_value("LPN Campaign", {"title": "Migrant Labour Museum Building Fund"})
	if museum and not frappe.db.exists("LPN Appeal", {"title": APPEAL_TITLE}):
		frappe.get_doc(
			{
				"doctype": "LPN Appeal",
				"title": APPEAL_TITLE,
				"campaign": museum,
				"segment": "All donors",
				"cost": 1500,
			}
		).insert(ignore_permissions=True)
		added["LPN Appeal"] = 1
	for page in frappe.get_all(
		"LPN Supporter Page", filters={"status": "Approved", "donation_count": 0}, fields=["name", "campaign"]
	):
		added["LPN Donation"] = added.get("LPN Donation", 0) + page_gifts(page)
	appeal = frappe.db.get_value("LPN Appeal", {"title": APPEAL_TITLE, "status": "Draft"})
	if appeal:
		send_demo_appeal(appeal)
		added["LPN Donation"] = added.get("LPN Donation", 0) + appeal_gifts(appeal)
	return added


def page_gifts(page) -> int:
	donors = frappe.get_all("LPN Donor", pluck="name", order_by="name", limit=4)
	fund = frappe.db.get_value("LPN Campaign", page.campaign, "fund")
	for index, donor in enumerate(donors):
		gift = frappe.get_doc(
			{
				"doctype": "LPN Donation",
				"donor": donor,
				"amount": (index + 1) * 500,
				"currency": "THB",
				"donation_date": add_days(today(), -index),
				"payment_method": "PromptPay",
				"fund": fund,
				"campaign": page.campaign,
				"supporter_page": page.name,
			}
		)
		gift.insert(ignore_permissions=True).submit()
	return len(donors)


def send_demo_appeal(name: str) -> None:
	"""Send it as staff would; on a site with no outgoing email account (a fresh demo site) it is recorded as
	sent to its segment, with a note on its timeline that no email went out."""
	appeal = frappe.get_doc("LPN Appeal", name)
	if appeals.has_outgoing_email():
		appeals.queue_appeal(name)
		appeals.send_appeal(name)
		return
	count = len(appeals.recipients_of(appeal))
	appeal.db_set({"status": appeals.SENT, "sent_on": now_datetime(), "recipient_count": count})
	appeal.add_comment(
		"Comment",
		"Demo data: recorded as sent; this site has no outgoing email account, so no email was queued.",
	)


def appeal_gifts(name: str) -> int:
	appeal = frappe.get_doc("LPN Appeal", name)
	donors = [row.donor for row in appeals.recipients_of(appeal)][:3]
	fund = frappe.db.get_value("LPN Campaign", appeal.campaign, "fund")
	for index, donor in enumerate(donors):
		frappe.get_doc(
			{
				"doctype": "LPN Donation",
				"donor": donor,
				"amount": 2000 + index * 1000,
				"currency": "THB",
				"donation_date": today(),
				"payment_method": "Bank Transfer",
				"fund": fund,
				"campaign": appeal.campaign,
				"appeal": name,
			}
		).insert(ignore_permissions=True).submit()
	return len(donors)
