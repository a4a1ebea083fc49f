"""Becoming a sponsor online (/sponsor, issue 12 item 3): the donate form's Stripe Checkout subscription, a
Proposed sponsorship beside the Pending recurring gift, and every paid invoice a donation of the sponsorship
on both processing paths (one event at a time, and a drained batch)."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime, random_string

from lpn_crm.api.sponsor import start_sponsorship
from lpn_crm.lpn_payments.checkout import delete_abandoned_checkouts
from lpn_crm.lpn_payments.exceptions import GiftRefusedError, StripeNotConfiguredError
from lpn_crm.lpn_payments.processing import process_event, process_pending
from lpn_crm.sponsorship.money_settings import SETTINGS, child_education_fund
from lpn_crm.sponsorship.online import suggested_shares
from lpn_crm.tests.factories import STRIPE_SECRET_KEY, configure_stripe
from lpn_crm.tests.sponsorship_factories import make_child
from lpn_crm.tests.stripe_stub import StripeStub, make_event
from lpn_crm.tests.test_donate_page import render
from lpn_crm.tests.test_stripe_processing import log

SESSIONS = ("POST", "/v1/checkout/sessions")
SPONSORSHIP = "LPN Sponsorship"
RECURRING = "LPN Recurring Donation"


def become_sponsor(**args) -> dict:
	values = {
		"amount": "800",
		"currency": "THB",
		"email": f"sponsor.{random_string(8).lower()}@example.org",
		"donor_name": "Naw Paw",
		"age_band": "7-9",
		"origin": "Myanmar",
		"level": "Primary",
	}
	values.update(args)
	return start_sponsorship(**values)


class TestSponsorCheckout(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Guest")
		frappe.local.lang = "en"
		configure_stripe()
		self.stub = StripeStub(api_key=STRIPE_SECRET_KEY)
		self.stub.start()
		self.addCleanup(self.stub.stop)
		frappe.local.conf.stripe_api_base = self.stub.url
		frappe.local.conf.stripe_max_network_retries = 0
		self.addCleanup(frappe.local.conf.pop, "stripe_api_base", None)
		self.addCleanup(frappe.local.conf.pop, "stripe_max_network_retries", None)
		self.addCleanup(frappe.set_user, "Administrator")

	def tearDown(self):
		frappe.clear_document_cache("LPN Stripe Settings", "LPN Stripe Settings")

	def started(self):
		"""The session Stripe was asked for, its gift and its sponsorship."""
		sent = self.stub.calls(*SESSIONS)[-1]
		gift = frappe.get_doc(RECURRING, sent.form["metadata"]["lpn_name"])
		return sent, gift, frappe.get_doc(SPONSORSHIP, gift.sponsorship)

	def pay_first_month(self, sent):
		"""The sponsor finishes Checkout: both events Stripe sends are logged and processed one by one."""
		session = self.stub.complete_session(sent.response["id"], email=sent.form.get("customer_email"))
		frappe.set_user("Administrator")
		invoice = self.stub.invoices[session["invoice"]]
		for event in (make_event("checkout.session.completed", session), make_event("invoice.paid", invoice)):
			self.assertEqual(process_event(log(event)), "Processed")
		return session, invoice

	def test_a_proposed_sponsorship_with_its_pending_monthly_gift_opens_a_subscription(self):
		answer = become_sponsor(amount="800")
		sent, gift, sponsorship = self.started()
		self.assertEqual(answer, {"url": sent.response["url"]})
		self.assertEqual(sent.form["mode"], "subscription")
		self.assertEqual(sent.form["line_items"][0]["price_data"]["unit_amount"], "80000")
		self.assertEqual(sent.form["line_items"][0]["price_data"]["recurring"], {"interval": "month"})
		self.assertTrue(sent.form["success_url"].startswith("https://give.lpn.test/sponsor/thanks"))
		self.assertEqual(sent.form["cancel_url"], "https://give.lpn.test/sponsor")
		self.assertEqual(
			(gift.status, gift.amount, gift.fund, gift.frequency),
			("Pending", 800, child_education_fund(), "Monthly"),
		)
		self.assertEqual(
			(
				sponsorship.status,
				sponsorship.child,
				sponsorship.sponsor,
				sponsorship.monthly_amount,
				sponsorship.payment_channel,
				sponsorship.recurring_donation,
			),
			("Proposed", None, gift.donor, 800, "Stripe Monthly", gift.name),
		)
		self.assertEqual(
			(sponsorship.preferred_age_band, sponsorship.preferred_origin, sponsorship.preferred_level),
			("7-9", "Myanmar", "Primary"),
		)

	def test_each_paid_invoice_is_a_donation_of_the_sponsorship(self):
		become_sponsor(amount="1000")
		sent, gift, sponsorship = self.started()
		_session, invoice = self.pay_first_month(sent)
		donation = frappe.get_doc("LPN Donation", {"stripe_invoice": invoice["id"]})
		self.assertEqual(
			(
				donation.docstatus,
				donation.sponsorship,
				donation.recurring_donation,
				donation.fund,
				donation.amount,
			),
			(1, sponsorship.name, gift.name, child_education_fund(), 1000),
		)
		self.assertEqual(frappe.db.get_value(RECURRING, gift.name, "status"), "Active")
		self.assertEqual(frappe.db.get_value(SPONSORSHIP, sponsorship.name, "status"), "Proposed")

	def test_a_renewal_drained_in_a_batch_carries_the_sponsorship_too(self):
		become_sponsor(amount="600")
		sent, _gift, sponsorship = self.started()
		_session, invoice = self.pay_first_month(sent)
		# Events other runs left Received are not this test's to drain.
		frappe.db.sql("update `tabLPN Stripe Event` set status = 'Ignored' where status = 'Received'")
		renewal = dict(invoice, id=f"in_t{random_string(14)}", billing_reason="subscription_cycle")
		for payment in renewal["payments"]["data"]:
			payment["invoice"] = renewal["id"]
			payment["payment"] = dict(payment["payment"], payment_intent=f"pi_t{random_string(14)}")
		event_id = log(make_event("invoice.paid", renewal))
		self.assertEqual(process_pending(limit=10), 1)
		row = frappe.db.get_value("LPN Stripe Event", event_id, ["status", "batch_fallbacks"], as_dict=True)
		self.assertEqual((row.status, row.batch_fallbacks), ("Processed", 0))
		donation = frappe.get_doc("LPN Donation", {"stripe_invoice": renewal["id"]})
		self.assertEqual((donation.docstatus, donation.sponsorship), (1, sponsorship.name))
		self.assertEqual(
			frappe.db.count("LPN Donation", {"sponsorship": sponsorship.name, "docstatus": 1}), 2
		)

	def test_bad_input_is_refused_before_anything_is_written_or_sent(self):
		counts = (frappe.db.count(SPONSORSHIP), frappe.db.count(RECURRING))
		for args in (
			{"amount": "0"},
			{"amount": "-100"},
			{"amount": "five"},
			{"amount": "5"},  # under Stripe's minimum
			{"currency": "JPY"},
			{"age_band": "1-2"},
			{"origin": "Mars"},
			{"level": "University"},
			{"donor_name": "  "},
		):
			self.assertRaises(GiftRefusedError, become_sponsor, **args)
		self.assertRaises(frappe.InvalidEmailAddressError, become_sponsor, email="not an email")
		self.assertEqual((frappe.db.count(SPONSORSHIP), frappe.db.count(RECURRING)), counts)
		self.assertEqual(self.stub.calls(*SESSIONS), [])

	def test_an_abandoned_sponsor_form_is_cleared_with_its_proposed_sponsorship(self):
		become_sponsor()
		_sent, abandoned, proposed = self.started()
		become_sponsor()
		_sent, kept_gift, matched = self.started()
		frappe.set_user("Administrator")
		frappe.db.set_value(SPONSORSHIP, matched.name, "child", make_child().name)
		old = add_days(now_datetime(), -10)
		for name in (abandoned.name, kept_gift.name):
			frappe.db.set_value(RECURRING, name, "creation", old, update_modified=False)
		delete_abandoned_checkouts()
		self.assertFalse(frappe.db.exists(RECURRING, abandoned.name))
		self.assertFalse(frappe.db.exists(SPONSORSHIP, proposed.name))
		self.assertTrue(frappe.db.exists(RECURRING, kept_gift.name))
		self.assertTrue(frappe.db.exists(SPONSORSHIP, matched.name))

	def test_closed_online_giving_or_no_fund_is_refused(self):
		configure_stripe(enabled=0)
		self.assertRaises(StripeNotConfiguredError, become_sponsor)
		configure_stripe()
		fund = child_education_fund()
		frappe.db.set_single_value(SETTINGS, "child_education_fund", None)
		self.assertRaises(StripeNotConfiguredError, become_sponsor)
		frappe.db.set_single_value(SETTINGS, "child_education_fund", fund)
		self.assertEqual(self.stub.calls(*SESSIONS), [])


class TestSponsorPage(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		configure_stripe()
		self.addCleanup(frappe.set_user, "Administrator")

	def test_a_guest_sees_how_many_children_wait_and_what_a_month_covers_but_no_child(self):
		child = make_child(first_name="Hsuwaiwai", family_name="Secretfamily", scholarship_need_per_term=6000)
		make_child()
		waiting = frappe.db.count("LPN Child", {"status": ("in", ("Waiting", "Partly Sponsored"))})
		frappe.set_user("Guest")
		status, html = render("/sponsor")
		self.assertEqual(status, 200)
		self.assertIn(f"{waiting} children are waiting for a sponsor", html)
		self.assertIn("A month of school for one child costs about", html)
		self.assertIn('id="lpn-sponsor-form"', html)
		self.assertIn("lpn_crm.api.sponsor.start_sponsorship", html)
		for secret in (child.first_name, "Secretfamily", child.name):
			self.assertNotIn(secret, html)

	def test_suggested_shares_are_a_quarter_a_half_and_a_whole_month(self):
		from decimal import Decimal

		self.assertEqual(suggested_shares(Decimal("1000")), [300, 500, 1000])
		self.assertEqual(suggested_shares(Decimal("0")), [])

	def test_the_thanks_page_shows_the_amount_and_nothing_personal(self):
		frappe.set_user("Guest")
		status, html = render("/sponsor/thanks", session_id="cs_test_unknown")
		self.assertEqual(status, 200)
		self.assertIn("A sponsorship coordinator will now match you", html)
