"""The app's emails from Email Templates, one per language ("<name> (en)", "(th)", "(my)"): which template
a reader gets, and its subject and body rendered with the values. Staff edit the wording in the desk."""

import frappe
from frappe.utils import escape_html

FALLBACK_LANGUAGE = "en"


def template_for(pattern: str, language: str | None) -> tuple[str, bool]:
	"""(template name, fell back): `pattern` (with `{language}`) in the reader's language, else English."""
	wanted = pattern.format(language=language or FALLBACK_LANGUAGE)
	if frappe.db.exists("Email Template", wanted):
		return wanted, False
	return pattern.format(language=FALLBACK_LANGUAGE), True


def render(template_name: str, context: dict) -> tuple[str, str]:
	"""(subject, html) of an Email Template. The body's text values are HTML-escaped first (names and
	reasons come from people, some from a public form); the subject is plain text and takes them as they
	are."""
	template = frappe.get_doc("Email Template", template_name)
	safe = {key: escape_html(value) if isinstance(value, str) else value for key, value in context.items()}
	subject = frappe.render_template(template.subject, context)
	html = frappe.render_template(template.response_html or template.response, safe)
	return subject, html
