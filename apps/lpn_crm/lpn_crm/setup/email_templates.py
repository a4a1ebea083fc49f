"""The app's Email Templates, created once; staff may edit them after that and keep their edits."""

from pathlib import Path

import frappe

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "emails"

THANK_YOU_SUBJECTS = {
	"en": "Thank you for your gift to LPN ({{ receipt_number }})",
	"th": "ขออนุโมทนาและขอบพระคุณสำหรับการบริจาคให้มูลนิธิ LPN ({{ receipt_number }})",
	"my": "LPN သို့ လှူဒါန်းပေးသည့်အတွက် ကျေးဇူးအထူးတင်ပါသည် ({{ receipt_number }})",
}


def ensure_email_templates() -> None:
	from lpn_crm.fundraising.acknowledgement import TEMPLATE

	for language, subject in THANK_YOU_SUBJECTS.items():
		name = TEMPLATE.format(language=language)
		if frappe.db.exists("Email Template", name):
			continue
		frappe.get_doc(
			{
				"doctype": "Email Template",
				"name": name,
				"subject": subject,
				"use_html": 1,
				"response_html": (TEMPLATES / f"thank_you_{language}.html").read_text(encoding="utf-8"),
			}
		).insert(ignore_permissions=True)


def refresh_unedited_templates() -> None:
	"""Bring the app's templates that no one has edited (modified when created) to today's wording."""
	from lpn_crm.fundraising.acknowledgement import TEMPLATE

	for language, subject in THANK_YOU_SUBJECTS.items():
		name = TEMPLATE.format(language=language)
		row = frappe.db.get_value("Email Template", name, ["creation", "modified"], as_dict=True)
		if not row or row.modified != row.creation:
			continue
		frappe.db.set_value(
			"Email Template",
			name,
			{
				"subject": subject,
				"response_html": (TEMPLATES / f"thank_you_{language}.html").read_text(encoding="utf-8"),
			},
			update_modified=False,
		)
