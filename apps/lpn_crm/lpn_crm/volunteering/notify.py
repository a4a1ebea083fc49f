"""The clinic's emails: to volunteers in their own language, to coordinators in theirs.

Each email is an Email Template per language, "LPN Clinic <kind> (en|th|my)" (made by the app's setup from
templates/emails/clinic_*.html; staff may reword them in the desk), rendered with the values of the
booking, shift or volunteer and queued through Frappe's email queue with that record as its reference:
sent by the worker after the transaction commits, and gone with a rollback.
"""

import frappe
from frappe import _
from frappe.utils import format_time, get_url

from lpn_crm.domain.thai_dates import format_date_for
from lpn_crm.emails import render, template_for

SHIFTS_PAGE = "/volunteer/shifts"
TEMPLATE = "LPN Clinic {kind} ({language})"
LANGUAGES = ("en", "th", "my")

# kind -> (file stem in templates/emails, subject per language)
EMAILS = {
	"Seat Confirmed": (
		"clinic_promoted",
		{
			"en": "A seat is yours: {{ clinic }}, {{ when }}",
			"th": "ท่านได้ที่แล้ว: {{ clinic }}, {{ when }}",
			"my": "သင့်အတွက် နေရာရပါပြီ: {{ clinic }}, {{ when }}",
		},
	),
	"Shift Reminder": (
		"clinic_reminder",
		{
			"en": "Reminder: your clinic shift in {{ hours }} hours",
			"th": "แจ้งเตือน: เวรคลินิกของท่านจะเริ่มในอีก {{ hours }} ชั่วโมง",
			"my": "သတိပေးချက်: သင့်ဆေးခန်း တာဝန်အလှည့်သည် {{ hours }} နာရီအတွင်း စတင်မည်",
		},
	),
	"Shift Cancelled": (
		"clinic_shift_cancelled",
		{
			"en": "Shift cancelled: {{ clinic }}, {{ when }}",
			"th": "เวรถูกยกเลิก: {{ clinic }}, {{ when }}",
			"my": "တာဝန်အလှည့် ပယ်ဖျက်ပြီး: {{ clinic }}, {{ when }}",
		},
	),
	"Late Cancellation": (
		"clinic_late_cancellation",
		{
			"en": "Late cancellation: {{ clinic }}, {{ when }}",
			"th": "ยกเลิกกระชั้นชิด: {{ clinic }}, {{ when }}",
			"my": "နောက်ကျ ပယ်ဖျက်မှု: {{ clinic }}, {{ when }}",
		},
	),
	"Coverage Gap": (
		"clinic_coverage_gap",
		{
			"en": "Shift still lacks a language or skill: {{ clinic }}, {{ when }}",
			"th": "เวรยังขาดภาษาหรือทักษะที่ต้องการ: {{ clinic }}, {{ when }}",
			"my": "တာဝန်အလှည့်တွင် ဘာသာစကား သို့မဟုတ် ကျွမ်းကျင်မှု လိုနေသေးသည်: {{ clinic }}, {{ when }}",
		},
	),
	"Credential Expiring": (
		"clinic_credential_expiring",
		{
			"en": "Your {% if is_licence %}professional licence{% else %}safeguarding training{% endif %}"
			" expires on {{ expiry }}",
			"th": "{% if is_licence %}ใบอนุญาตประกอบวิชาชีพ{% else %}การอบรมการคุ้มครองเด็กและกลุ่มเปราะบาง{% endif %}"
			"ของท่านจะหมดอายุวันที่ {{ expiry }}",
			"my": "သင့် {% if is_licence %}လုပ်ငန်းလိုင်စင်{% else %}ကာကွယ်ရေး သင်တန်း{% endif %}"
			" သည် {{ expiry }} တွင် သက်တမ်းကုန်မည်",
		},
	),
	"Welcome": (
		"clinic_welcome",
		{
			"en": "Welcome to the LPN clinic, {{ full_name }}",
			"th": "ยินดีต้อนรับสู่คลินิกของ LPN คุณ{{ full_name }}",
			"my": "LPN ဆေးခန်းမှ ကြိုဆိုပါသည် {{ full_name }}",
		},
	),
}


def clinic_templates() -> list[tuple[str, str, str]]:
	"""(name, subject, body file) of the clinic's Email Templates, for the app's setup to create."""
	return [
		(TEMPLATE.format(kind=kind, language=lang), subjects[lang], f"{stem}_{lang}.html")
		for kind, (stem, subjects) in EMAILS.items()
		for lang in LANGUAGES
	]


def language_of(user: str | None) -> str:
	return (user and frappe.db.get_value("User", user, "language")) or "en"


def when(shift, lang: str) -> str:
	"""The shift's date and times as the reader reads them."""
	return "{} {}–{}".format(
		format_date_for(frappe.utils.getdate(shift.shift_date), lang),
		format_time(shift.start_time, "HH:mm"),
		format_time(shift.end_time, "HH:mm"),
	)


def send(recipient: str | None, kind: str, lang: str, context: dict, doctype: str, name: str) -> None:
	"""Queue the `kind` email in `lang` (English when that template is missing) to `recipient`."""
	if not recipient:
		return
	template, _fell_back = template_for(TEMPLATE.replace("{kind}", kind), lang)
	subject, message = render(template, {"shifts_url": get_url(SHIFTS_PAGE), **context})
	try:
		frappe.sendmail(
			recipients=[recipient],
			subject=subject,
			message=message,
			reference_doctype=doctype,
			reference_name=name,
			now=False,
		)
	except frappe.OutgoingEmailError:
		# A site with no outgoing Email Account yet: the booking or activation stands; the Error Log says
		# which email was not sent.
		frappe.log_error(title=f"Clinic email not sent (no outgoing email account): {doctype} {name}")


def volunteer_contact(name: str) -> frappe._dict:
	contact = frappe.db.get_value(
		"LPN Volunteer", name, ["name", "email", "user", "full_name", "preferred_language"], as_dict=True
	)
	contact.lang = volunteer_language(contact)
	return contact


def volunteer_language(volunteer) -> str:
	"""The language the volunteer chose (on the application or their record), else their login's."""
	return volunteer.get("preferred_language") or language_of(volunteer.get("user"))


def coordinator_of(shift) -> str | None:
	"""The shift's coordinator, else the clinic alert address of LPN Volunteering Settings."""
	if shift.coordinator:
		return shift.coordinator
	from lpn_crm.volunteering.setup import stored_setting

	return stored_setting("coordinator_email")


def shift_values(shift, lang: str) -> dict:
	return {
		"clinic": shift.clinic,
		"when": when(shift, lang),
		"shift": shift.name,
		"shift_url": get_url(f"/app/lpn-clinic-shift/{shift.name}"),
	}


def to_volunteer(kind: str, volunteer_name: str, shift, doc, **values) -> None:
	v = volunteer_contact(volunteer_name)
	send(
		v.email,
		kind,
		v.lang,
		{"full_name": v.full_name, **shift_values(shift, v.lang), **values},
		doc.doctype,
		doc.name,
	)


def to_coordinator(kind: str, shift, doc, **values) -> None:
	to = coordinator_of(shift)
	lang = language_of(to)
	send(to, kind, lang, {**shift_values(shift, lang), **values}, doc.doctype, doc.name)


def promoted(shift, booking) -> None:
	to_volunteer("Seat Confirmed", booking.volunteer, shift, booking)


def reminder(shift, booking, hours_before: int) -> None:
	to_volunteer("Shift Reminder", booking.volunteer, shift, booking, hours=hours_before)


def shift_cancelled(shift, booking) -> None:
	to_volunteer("Shift Cancelled", booking.volunteer, shift, booking)


def late_cancellation(shift, booking) -> None:
	to_coordinator(
		"Late Cancellation",
		shift,
		booking,
		volunteer=booking.volunteer_name,
		reason=booking.cancel_reason or "",
	)


def coverage_gap(shift, missing: dict[str, int]) -> None:
	lang = language_of(coordinator_of(shift))
	needed = ", ".join(f"{_(name, lang)} × {count}" for name, count in missing.items())
	to_coordinator("Coverage Gap", shift, shift, needed=needed)


def credential_expiring(volunteer, is_licence: bool, expiry) -> None:
	lang = volunteer_language(volunteer)
	send(
		volunteer.email,
		"Credential Expiring",
		lang,
		{
			"full_name": volunteer.full_name,
			"is_licence": is_licence,
			"expiry": format_date_for(expiry, lang),
			"shifts_url": get_url(SHIFTS_PAGE),
		},
		volunteer.doctype,
		volunteer.name,
	)


def welcome(volunteer, set_password_link: str | None = None) -> None:
	"""The accepted volunteer's welcome; a new login's link to set their password is in it (Frappe's own
	English welcome email is not sent beside it)."""
	send(
		volunteer.email,
		"Welcome",
		volunteer_language(volunteer),
		{"full_name": volunteer.full_name, "login": volunteer.email, "set_password_link": set_password_link},
		volunteer.doctype,
		volunteer.name,
	)
