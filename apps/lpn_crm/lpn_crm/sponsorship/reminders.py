"""Arrears reminders: a sponsor one, two and three monthly payments behind gets a reminder at each level,
in their language (Email Templates "LPN Sponsorship Reminder (en|th|my)", which staff may edit), once per
run of missed months: each is logged (LPN Sponsorship Reminder) with the first unpaid month, so a sponsor
who catches up and falls behind again starts at level 1 again, and one who jumps from nothing to three
missed months (reminders were off) gets the third alone.
"""

import frappe
from frappe import _
from frappe.utils import fmt_money, get_url, getdate, today

from lpn_crm.domain.thai_dates import format_date_for
from lpn_crm.emails import render as render_template
from lpn_crm.emails import template_for
from lpn_crm.sponsorship.finance import arrears_rows
from lpn_crm.sponsorship.money_settings import setting

REMINDER = "LPN Sponsorship Reminder"
SPONSORSHIP = "LPN Sponsorship"
TEMPLATE = "LPN Sponsorship Reminder ({language})"
LANGUAGES = ("en", "th", "my")
SUBJECTS = {
	"en": "Your sponsorship with LPN: {{ missed_months }} month(s) not yet received",
	"th": "การอุปถัมภ์ของท่านกับมูลนิธิ LPN: ยังไม่ได้รับเงิน {{ missed_months }} เดือน",
	"my": "LPN နှင့် သင်၏ထောက်ပံ့မှု - {{ missed_months }} လစာ မရရှိသေးပါ",
}
PORTAL = "/my-sponsorships"


def reminder_templates() -> list[tuple[str, str, str]]:
	"""(name, subject, body file) of the arrears reminder Email Templates, for the app's setup to create
	(lpn_crm.setup.email_templates)."""
	return [
		(TEMPLATE.format(language=language), subject, f"sponsorship_reminder_{language}.html")
		for language, subject in SUBJECTS.items()
	]


def send_arrears_reminders(as_of=None) -> list[str]:
	"""Daily: remind every Active sponsorship's sponsor whose missed months reached a level not yet reminded
	for this run of missed months. Returns the reminders logged."""
	if not setting("send_arrears_reminders"):
		return []
	rows = arrears_rows(as_of=as_of, only_missed=True)
	if not rows:
		return []
	sent_levels = _sent_levels([row.sponsorship for row in rows])
	logged = []
	for row in rows:
		level = int(row.reminder_level)
		if level < 1 or sent_levels.get((row.sponsorship, getdate(row.first_unpaid)), 0) >= level:
			continue
		logged.append(remind(row, level))
	return logged


def _sent_levels(sponsorships: list[str]) -> dict[tuple, int]:
	"""{(sponsorship, first unpaid month): the highest level already sent}, in one query."""
	return {
		(row.sponsorship, getdate(row.first_unpaid)): int(row.level)
		for row in frappe.db.sql(
			"""select sponsorship, first_unpaid, max(level) as level from `tabLPN Sponsorship Reminder`
			where sponsorship in %(names)s group by sponsorship, first_unpaid""",
			{"names": tuple(sponsorships)},
			as_dict=True,
		)
	}


def remind(row, level: int) -> str:
	"""Email the sponsor (through the queue, after commit) and log the reminder; returns the log's name."""
	sponsor = (
		frappe.db.get_value(
			"LPN Donor", row.sponsor, ["email", "donor_name", "preferred_language"], as_dict=True
		)
		or frappe._dict()
	)
	language = sponsor.preferred_language if sponsor.preferred_language in LANGUAGES else "en"
	log = frappe.get_doc(
		{
			"doctype": REMINDER,
			"sponsorship": row.sponsorship,
			"level": level,
			"first_unpaid": row.first_unpaid,
			"missed_months": int(row.missed),
			"amount_due": row.arrears,
			"currency": row.currency,
			"language": language,
			"sent_on": today(),
		}
	).insert(ignore_permissions=True)
	if sponsor.email:
		subject, message = render(row, level, sponsor, language)
		try:
			frappe.sendmail(
				recipients=[sponsor.email],
				subject=subject,
				message=message,
				reference_doctype=SPONSORSHIP,
				reference_name=row.sponsorship,
				now=False,
			)
		except frappe.OutgoingEmailError:
			frappe.log_error(
				title=f"Sponsorship reminder not sent (no outgoing email account): {row.sponsorship}"
			)
	else:
		frappe.get_doc(SPONSORSHIP, row.sponsorship).add_comment(
			"Info", _("Arrears reminder {0} not emailed: the sponsor has no email address").format(level)
		)
	return log.name


def render(row, level: int, sponsor, language: str) -> tuple[str, str]:
	"""(subject, html) of the reminder in the sponsor's language (English when that template is missing);
	the names in it come from people and are escaped in the body (lpn_crm.emails.render)."""
	name, _fell_back = template_for(TEMPLATE, language)
	return render_template(
		name,
		{
			"level": level,
			"missed_months": int(row.missed),
			"amount_due": fmt_money(row.arrears, currency=row.currency),
			"first_unpaid": format_date_for(getdate(row.first_unpaid), language),
			"payment_channel": row.payment_channel,
			"payment_channel_label": _(row.payment_channel or "", language),
			"portal_url": get_url(f"{PORTAL}/{row.sponsorship}"),
			"sponsor_name": sponsor.donor_name or "",
			"child_first_name": row.child_first_name or "",
		},
	)
