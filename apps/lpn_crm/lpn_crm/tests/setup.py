"""`before_tests`: what every site test may count on, made once per run on the test site."""

import frappe

TEST_OUTBOX = "LPN Test Outbox"


def before_tests() -> None:
	ensure_outgoing_email_account()
	reset_prepared_reports()
	frappe.db.commit()  # nosemgrep: the test runner's setup, outside any request


def ensure_outgoing_email_account() -> None:
	"""Emails in tests are queued, never sent; Frappe still wants a default outgoing account."""
	if frappe.db.exists("Email Account", TEST_OUTBOX):
		return
	frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": TEST_OUTBOX,
			"email_id": "outbox@lpn.test",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "127.0.0.1",
			"smtp_port": 2525,
			"no_smtp_authentication": 1,
		}
	).insert(ignore_permissions=True)


def reset_prepared_reports() -> None:
	"""Frappe turns a script report into a prepared (background) report for good once one run of it takes over
	15 s, which a loaded machine can make any report do; the tests read the app's reports as shipped."""
	frappe.db.set_value(
		"Report", {"ref_doctype": ("like", "LPN %"), "is_standard": "Yes"}, "prepared_report", 0
	)
	frappe.db.commit()  # nosemgrep: called from the test runner's setup and scripts/test, outside any request
