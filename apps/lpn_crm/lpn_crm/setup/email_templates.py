"""The app's Email Templates, created once; staff may edit them after that and keep their edits."""

from pathlib import Path

import frappe

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "emails"

THANK_YOU_SUBJECTS = {
	"en": "Thank you for your gift to LPN ({{ receipt_number }})",
	"th": "ขออนุโมทนาและขอบพระคุณสำหรับการบริจาคให้มูลนิธิ LPN ({{ receipt_number }})",
	"my": "LPN သို့ လှူဒါန်းပေးသည့်အတွက် ကျေးဇူးအထူးတင်ပါသည် ({{ receipt_number }})",
}


def app_templates() -> list[tuple[str, str, str]]:
	"""(name, subject, body file in templates/emails) of every Email Template the app ships."""
	from lpn_crm.fundraising.acknowledgement import TEMPLATE
	from lpn_crm.fundraising.appeals import appeal_templates
	from lpn_crm.fundraising.portal import notice_templates
	from lpn_crm.sponsorship.notify import update_templates
	from lpn_crm.sponsorship.reminders import reminder_templates
	from lpn_crm.volunteering.notify import clinic_templates

	thank_yous = [
		(TEMPLATE.format(language=language), subject, f"thank_you_{language}.html")
		for language, subject in THANK_YOU_SUBJECTS.items()
	]
	return (
		thank_yous
		+ clinic_templates()
		+ appeal_templates()
		+ update_templates()
		+ reminder_templates()
		+ notice_templates()
	)


def body(file_name: str) -> str:
	return (TEMPLATES / file_name).read_text(encoding="utf-8")


def ensure_email_templates() -> None:
	for name, subject, file_name in app_templates():
		if frappe.db.exists("Email Template", name):
			continue
		frappe.get_doc(
			{
				"doctype": "Email Template",
				"name": name,
				"subject": subject,
				"use_html": 1,
				"response_html": body(file_name),
			}
		).insert(ignore_permissions=True)


def refresh_unedited_templates() -> None:
	"""Bring the app's templates that no one has edited (modified when created) to today's wording."""
	for name, subject, file_name in app_templates():
		row = frappe.db.get_value("Email Template", name, ["creation", "modified"], as_dict=True)
		if not row or row.modified != row.creation:
			continue
		frappe.db.set_value(
			"Email Template",
			name,
			{"subject": subject, "response_html": body(file_name)},
			update_modified=False,
		)
