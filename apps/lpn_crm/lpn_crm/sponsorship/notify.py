"""The sponsor hears of a sent update by email, in their language, with only a link to the portal: the
update itself (text, photo) is read there, behind the login and the whitelist, never in a mailbox.

Email Templates "LPN Sponsor Update (en|th|my)", made by the app's setup from templates/emails/
sponsor_update_*.html; staff may reword them in the desk.
"""

import frappe
from frappe import _
from frappe.utils import get_url

from lpn_crm.emails import render, template_for

TEMPLATE = "LPN Sponsor Update ({language})"
LANGUAGES = ("en", "th", "my")
SUBJECTS = {
	"en": "News from {{ child_first_name }}",
	"th": "ข่าวจากน้อง{{ child_first_name }}",
	"my": "{{ child_first_name }} ထံမှ သတင်း",
}
PORTAL = "/my-sponsorships"


def update_templates() -> list[tuple[str, str, str]]:
	"""(name, subject, body file) of the sponsor-update Email Templates, for the app's setup to create."""
	return [
		(TEMPLATE.format(language=language), SUBJECTS[language], f"sponsor_update_{language}.html")
		for language in LANGUAGES
	]


def portal_url(sponsorship: str) -> str:
	return get_url(f"{PORTAL}/{sponsorship}")


def sponsor_contact(donor: str) -> frappe._dict:
	contact = frappe.db.get_value(
		"LPN Donor", donor, ["donor_name", "email", "user", "preferred_language"], as_dict=True
	)
	contact.language = contact.preferred_language or "en"
	contact.email = contact.email or contact.user
	return contact


def update_sent(update) -> str:
	"""Queue the email that tells the sponsor of `update`; answers the update's email status."""
	sponsor = sponsor_contact(update.sponsor)
	if not sponsor.email:
		return "No Email"
	template, _fell_back = template_for(TEMPLATE, sponsor.language)
	child_first_name = frappe.db.get_value("LPN Child", update.child, "first_name")
	subject, message = render(
		template,
		{
			"sponsor_name": sponsor.donor_name,
			"child_first_name": child_first_name,
			"update_type_label": _(update.type, sponsor.language),
			"portal_url": portal_url(update.sponsorship),
		},
	)
	try:
		frappe.sendmail(
			recipients=[sponsor.email],
			subject=subject,
			message=message,
			reference_doctype=update.doctype,
			reference_name=update.name,
			now=False,
		)
	except frappe.OutgoingEmailError:
		frappe.log_error(title=f"Sponsor update email not sent (no outgoing email account): {update.name}")
		return "Not Sent"
	return "Queued"
