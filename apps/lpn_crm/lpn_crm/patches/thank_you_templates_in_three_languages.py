"""The thank-you templates no one has edited get this release's Thai and Burmese wording."""

from lpn_crm.setup.email_templates import refresh_unedited_templates


def execute():
	refresh_unedited_templates()
