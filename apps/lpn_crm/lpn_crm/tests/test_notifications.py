"""Staff alerts are standard Notifications of the app: each fires on the path that sets its value, once."""

import frappe
from frappe.tests.utils import FrappeTestCase

from lpn_crm.access import FUNDRAISING_MANAGER
from lpn_crm.fundraising.recurring import refresh
from lpn_crm.tests.factories import (
	configure_stripe,
	make_pending_recurring,
	make_recurring,
	make_stripe_donation,
	make_user,
)
from lpn_crm.tests.stripe_stub import load_event
from lpn_crm.tests.test_stripe_processing import (
	ALERTS,
	for_donation,
	link_payment,
	payment_of,
	run,
	subscription_session,
	uid,
)

SETTINGS = "LPN Fundraising Settings"
NOTIFICATIONS = (
	"LPN Donation Held for Review",
	"LPN Donation Disputed",
	"LPN Recurring Donation Lapsed",
	"LPN Recurring Donation Held for Review",
)


def alerts_about(doctype: str, name: str) -> list[frappe._dict]:
	"""The alert emails about a record: subject and text from their Communication, recipients from the queue."""
	out = []
	for queue in frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": doctype, "reference_name": name},
		fields=["name", "communication"],
		order_by="creation asc",
	):
		communication = frappe.db.get_value(
			"Communication", queue.communication, ["subject", "content"], as_dict=True
		)
		recipients = frappe.get_all("Email Queue Recipient", {"parent": queue.name}, pluck="recipient")
		out.append(frappe._dict(communication or {}, recipients=sorted(recipients)))
	return out


def set_alert_email(address: str | None) -> None:
	frappe.db.set_single_value(SETTINGS, "staff_alert_email", address)
	frappe.clear_document_cache(SETTINGS, SETTINGS)


class NotificationCase(FrappeTestCase):
	def setUp(self):
		configure_stripe()
		set_alert_email(ALERTS)

	def tearDown(self):
		frappe.local.lang = "en"
		frappe.clear_document_cache("LPN Stripe Settings", "LPN Stripe Settings")
		frappe.clear_document_cache(SETTINGS, SETTINGS)


class TestStandardNotifications(NotificationCase):
	def test_the_app_ships_its_staff_alerts_as_standard_notifications(self):
		"""Failed first: the alerts were frappe.sendmail calls staff could neither edit nor translate."""
		rows = frappe.get_all(
			"Notification",
			filters={"name": ("in", NOTIFICATIONS)},
			fields=["name", "is_standard", "enabled", "module", "channel"],
		)
		self.assertEqual(
			{row.name: (row.is_standard, row.enabled, row.module, row.channel) for row in rows},
			dict.fromkeys(NOTIFICATIONS, (1, 1, "Fundraising", "Email")),
		)

	def test_no_hard_coded_staff_mail_is_left(self):
		import inspect

		from lpn_crm.fundraising import recurring
		from lpn_crm.lpn_payments import records

		for module in (records, recurring):
			self.assertNotIn("sendmail", inspect.getsource(module))


class TestDonationAlerts(NotificationCase):
	def test_a_mismatched_checkout_sends_the_held_for_review_notification(self):
		donation = make_stripe_donation(amount=2000)
		status, _event_id = run(
			for_donation(donation.name, "checkout_session_completed_payment", payment_intent=uid("pi_t"))
		)
		self.assertEqual(status, "Processed")
		[alert] = alerts_about("LPN Donation", donation.name)
		self.assertEqual(alert.subject, f"Donation {donation.name} held for review")
		self.assertIn("1500.00 THB", alert.content)
		self.assertEqual(alert.recipients, [ALERTS])

	def test_a_new_gift_held_for_want_of_a_rate_sends_the_held_for_review_notification(self):
		"""A donation inserted already flagged (no Value Change on insert) alerts through the method."""
		event = link_payment(uid("gbp-giver-") + "@example.com", amount_minor=2000, currency="gbp")
		self.assertEqual(run(event)[0], "Processed")
		donation = frappe.db.get_value(
			"LPN Donation", {"stripe_payment_intent": payment_of(event)}, ["name", "docstatus"], as_dict=True
		)
		self.assertEqual(donation.docstatus, 0)
		[alert] = alerts_about("LPN Donation", donation.name)
		self.assertEqual(alert.subject, f"Donation {donation.name} held for review")
		self.assertIn("GBP", alert.content)

	def test_a_dispute_sends_the_disputed_notification_once(self):
		pi, charge = uid("pi_t"), uid("ch_t")
		donation = make_stripe_donation(
			submit=True, amount=1500, payment_reference=pi, stripe_payment_intent=pi, stripe_charge=charge
		)
		opened = load_event(
			"charge_dispute_created", object_overrides={"charge": charge, "payment_intent": pi}
		)
		run(opened)
		run(opened)
		[alert] = alerts_about("LPN Donation", donation.name)
		self.assertEqual(alert.subject, f"Card dispute on donation {donation.name}")
		self.assertIn(charge, alert.content)
		self.assertIn("1500.00 THB", alert.content)

	def test_without_a_settings_address_the_fundraising_managers_get_it(self):
		manager = make_user("notify-manager@example.com", FUNDRAISING_MANAGER)
		set_alert_email(None)
		donation = make_stripe_donation(amount=2000)
		run(for_donation(donation.name, "checkout_session_completed_payment", payment_intent=uid("pi_t")))
		[alert] = alerts_about("LPN Donation", donation.name)
		self.assertIn(manager.email, alert.recipients)
		self.assertNotIn(ALERTS, alert.recipients)


class TestRecurringAlerts(NotificationCase):
	def test_a_gift_that_lapses_sends_the_lapsed_notification_once(self):
		gift = make_recurring(start_date="2026-01-01", amount=300, lapse_after=3)
		self.assertEqual(refresh(gift.name, on_date="2026-04-20"), "Lapsed")
		self.assertEqual(refresh(gift.name, on_date="2026-04-21"), "Lapsed")
		[alert] = alerts_about("LPN Recurring Donation", gift.name)
		self.assertEqual(alert.subject, f"Recurring gift {gift.name} from {gift.donor_name} has lapsed")
		self.assertIn("expected payments were missed", alert.content)
		self.assertIn("never", alert.content)
		self.assertEqual(alert.recipients, [ALERTS])

	def test_a_mismatched_monthly_checkout_sends_the_recurring_held_for_review_notification(self):
		gift = make_pending_recurring(amount=1234)
		status, event_id = run(subscription_session(gift, uid("sub_t"), uid("in_t")))
		self.assertEqual(status, "Processed", frappe.db.get_value("LPN Stripe Event", event_id, "error"))
		self.assertEqual(frappe.db.get_value("LPN Recurring Donation", gift.name, "status"), "Pending")
		[alert] = alerts_about("LPN Recurring Donation", gift.name)
		self.assertEqual(alert.subject, f"Monthly gift {gift.name} held for review")
		self.assertIn("1234.00 THB", alert.content)

	def test_the_subject_is_translated_in_the_language_of_the_run(self):
		"""The template goes through _() when the Notification renders: a Translation staff add is used."""
		from frappe.translate import clear_cache

		frappe.get_doc(
			{
				"doctype": "Translation",
				"language": "th",
				"source_text": "Recurring gift {0} from {1} has lapsed",
				"translated_text": "ของขวัญรายเดือน {0} ของ {1} ขาดส่ง",
			}
		).insert(ignore_permissions=True)
		self.addCleanup(clear_cache)
		frappe.local.lang = "th"
		gift = make_recurring(start_date="2026-01-01", amount=300, lapse_after=3)
		refresh(gift.name, on_date="2026-04-20")
		[alert] = alerts_about("LPN Recurring Donation", gift.name)
		self.assertEqual(alert.subject, f"ของขวัญรายเดือน {gift.name} ของ {gift.donor_name} ขาดส่ง")
