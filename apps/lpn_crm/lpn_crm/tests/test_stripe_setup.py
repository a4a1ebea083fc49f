"""A fresh install can take money: a General Fund is the default until staff choose one, Stripe cannot be
switched on while processing lacks a setting, and events that failed for want of one run again once it is
set. Before the fix a new site failed every Payment Link payment with "Set a default fund…"."""

import json

import frappe

from lpn_crm.lpn_payments.exceptions import StripeNotConfiguredError
from lpn_crm.lpn_payments.processing import process_event
from lpn_crm.setup.install import GENERAL_FUND, after_migrate, ensure_default_fund
from lpn_crm.tests.factories import configure_stripe, make_fund
from lpn_crm.tests.queue_helpers import clear_queued, queued_jobs, run_after_commit_hooks
from lpn_crm.tests.stripe_stub import REPO
from lpn_crm.tests.test_stripe_processing import PROCESS_ONE, StripeProcessingCase, link_payment, run

SETTINGS = "LPN Stripe Settings"


def clear_default_fund() -> None:
	frappe.db.set_single_value(SETTINGS, "default_fund", None)
	frappe.clear_document_cache(SETTINGS, SETTINGS)


class TestFreshInstall(StripeProcessingCase):
	def test_a_fresh_site_records_a_payment_link_payment(self):
		clear_default_fund()
		frappe.db.delete("LPN Fund", {"name": GENERAL_FUND})  # as on a new site (rolled back)
		after_migrate()
		self.assertEqual(frappe.db.get_single_value(SETTINGS, "default_fund"), GENERAL_FUND)
		event = link_payment("fresh.site@example.org")
		self.assertEqual(run(event)[0], "Processed")
		donation = frappe.get_doc(
			"LPN Donation", {"stripe_payment_intent": event["data"]["object"]["payment_intent"]}
		)
		self.assertEqual((donation.docstatus, donation.fund), (1, GENERAL_FUND))

	def test_the_general_fund_is_made_once_and_the_demo_data_names_it_alike(self):
		clear_default_fund()
		frappe.db.delete("LPN Fund", {"name": GENERAL_FUND})
		ensure_default_fund()
		ensure_default_fund()
		self.assertEqual(frappe.db.count("LPN Fund", {"fund_name": GENERAL_FUND}), 1)
		demo = json.loads((REPO / "fixtures" / "demo" / "02_fundraising.json").read_text(encoding="utf-8"))
		self.assertIn(
			GENERAL_FUND,
			[row["fund_name"] for row in demo if row.get("doctype") == "LPN Fund"],
		)

	def test_a_default_fund_staff_chose_is_kept(self):
		chosen = make_fund("Emergency Assistance")
		configure_stripe(default_fund=chosen)
		ensure_default_fund()
		self.assertEqual(frappe.db.get_single_value(SETTINGS, "default_fund"), chosen)


class TestEnablingStripe(StripeProcessingCase):
	def assert_refused_naming(self, label: str, **settings) -> None:
		with self.assertRaises(StripeNotConfiguredError) as caught:
			configure_stripe(**settings)
		self.assertIn(label, str(caught.exception))

	def test_enabling_is_refused_while_a_setting_processing_needs_is_empty(self):
		self.assert_refused_naming("Default Fund", default_fund=None)
		self.assert_refused_naming("Webhook Signing Secret", webhook_secret="")
		self.assert_refused_naming("Secret Key", secret_key="", publishable_key="")
		self.assert_refused_naming(
			"Public Base URL",
			secret_key="sk_live_lpn",
			publishable_key="pk_live_lpn",
			public_base_url="",
		)
		self.assert_refused_naming(
			"Exchange rate for USD",
			currencies=[{"currency": "THB"}, {"currency": "USD", "exchange_rate": 0}],
		)

	def test_settings_can_be_saved_incomplete_while_online_giving_is_off(self):
		settings = configure_stripe(enabled=0, default_fund=None, webhook_secret="")
		self.assertFalse(settings.enabled)

	def test_an_unchanged_secret_counts_as_set(self):
		configure_stripe()
		settings = frappe.get_doc(SETTINGS)
		self.assertTrue(set(settings.webhook_secret) == {"*"})
		settings.save(ignore_permissions=True)


class TestEventsWaitingForSettings(StripeProcessingCase):
	def test_fixing_the_settings_processes_the_events_that_waited_for_them(self):
		clear_default_fund()
		status, event_id = run(link_payment("waiting.giver@example.org"))
		self.assertEqual(status, "Failed")
		self.assertIn("StripeNotConfiguredError", frappe.db.get_value("LPN Stripe Event", event_id, "error"))
		clear_queued(PROCESS_ONE)
		self.addCleanup(clear_queued, PROCESS_ONE)
		configure_stripe()  # staff set the default fund
		run_after_commit_hooks()
		queued = [job.kwargs["kwargs"]["event_id"] for job in queued_jobs(PROCESS_ONE)]
		self.assertIn(event_id, queued)
		self.assertEqual(process_event(event_id), "Processed")

	def test_events_that_failed_for_other_reasons_wait_for_their_retry(self):
		event = link_payment("other.failure@example.org")
		event["data"]["object"]["metadata"] = {"lpn_doctype": "LPN Donation", "lpn_name": "DON-NOPE"}
		status, event_id = run(event)
		self.assertEqual(status, "Failed")
		clear_queued(PROCESS_ONE)
		self.addCleanup(clear_queued, PROCESS_ONE)
		configure_stripe()
		run_after_commit_hooks()
		self.assertNotIn(event_id, [job.kwargs["kwargs"]["event_id"] for job in queued_jobs(PROCESS_ONE)])
