"""Donor self-service: monthly gifts changed through Stripe (asserting what the stub received), details,
consents and the email policy, PDPA export and erasure, and donor A never reaching donor B's records."""

import email
import email.header
import html
import io
import json
import time
import zipfile

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime, random_string

from lpn_crm.access import DONOR, FUNDRAISING_MANAGER, FUNDRAISING_USER
from lpn_crm.api import selfservice as api
from lpn_crm.fundraising import acknowledgement, email_policy, portal, privacy
from lpn_crm.fundraising.donors import find_duplicates, keys_of, link_donor_to_user
from lpn_crm.fundraising.exceptions import DataRequestError, DonorDetailsError, InvalidTaxIDError
from lpn_crm.lpn_payments import subscriptions
from lpn_crm.lpn_payments.exceptions import GiftRefusedError, SubscriptionChangeError
from lpn_crm.lpn_payments.processing import process_event
from lpn_crm.lpn_payments.webhooks import record
from lpn_crm.tests.factories import (
	STRIPE_SECRET_KEY,
	VALID_THAI_ID,
	configure_stripe,
	consent,
	make_donation,
	make_donor,
	make_recurring,
	make_user,
)
from lpn_crm.tests.stripe_stub import StripeStub, make_event

SUBSCRIPTION_PATH = "/v1/subscriptions/{}"
RECURRING = "LPN Recurring Donation"


def donor_with_login(**args):
	email = f"ss-{random_string(10).lower()}@example.org"
	user = make_user(email, DONOR, user_type="Website User").name
	return make_donor(email=email, user=user, **args)


def html_of(mail) -> str:
	"""The HTML body of a queued email, decoded from its MIME message."""
	message = email.message_from_string(frappe.get_doc("Email Queue", mail.name).message)
	for part in message.walk():
		if part.get_content_type() == "text/html":
			return part.get_payload(decode=True).decode("utf-8")
	return ""


def subject_of(mail) -> str:
	"""The decoded Subject header of a queued email."""
	message = email.message_from_string(frappe.get_doc("Email Queue", mail.name).message)
	return str(email.header.make_header(email.header.decode_header(message["Subject"])))


def emails_to(address: str) -> list:
	return frappe.get_all(
		"Email Queue",
		filters=[["Email Queue Recipient", "recipient", "=", address]],
		fields=["name", "message", "reference_doctype", "reference_name"],
	)


class SelfServiceCase(FrappeTestCase):
	def setUp(self):
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

	def card_gift(self, donor, amount=500, currency="THB"):
		"""A monthly card gift whose subscription the stub holds, as the donate form leaves it once paid."""
		client = self.stub.client(STRIPE_SECRET_KEY)
		customer = client.v1.customers.create(params={"email": donor.email, "name": donor.donor_name})
		gift = make_recurring(
			donor=donor.name,
			amount=amount,
			currency=currency,
			payment_method="Card (Stripe)",
			status="Active",
			stripe_customer=customer.id,
		)
		session = client.v1.checkout.sessions.create(
			params={
				"mode": "subscription",
				"customer": customer.id,
				"line_items": [
					{
						"price_data": {
							"currency": currency.lower(),
							"unit_amount": amount * 100,
							"recurring": {"interval": "month"},
							"product_data": {"name": "Monthly gift"},
						},
						"quantity": 1,
					}
				],
				"metadata": {"lpn_doctype": RECURRING, "lpn_name": gift.name},
				"subscription_data": {"metadata": {"lpn_doctype": RECURRING, "lpn_name": gift.name}},
				"success_url": "https://give.lpn.test/donate/thanks",
			}
		)
		completed = self.stub.complete_session(session.id, email=donor.email)
		gift.db_set("stripe_subscription", completed["subscription"])
		self.stub.requests.clear()
		return frappe.get_doc(RECURRING, gift.name)

	def updates(self, gift):
		return self.stub.calls("POST", SUBSCRIPTION_PATH.format(gift.stripe_subscription))


class TestMonthlyGifts(SelfServiceCase):
	def test_amount_changes_from_the_next_charge_without_proration(self):
		donor = donor_with_login(preferred_language="th")
		gift = self.card_gift(donor, amount=500)
		frappe.set_user(donor.user)
		summary = api.change_monthly_amount(gift.name, "800")
		(sent,) = self.updates(gift)
		self.assertEqual(sent.form["proration_behavior"], "none")
		item = sent.form["items"][0]
		self.assertEqual(item["price_data"]["unit_amount"], "80000")
		self.assertEqual(item["price_data"]["currency"], "thb")
		self.assertEqual(item["price_data"]["recurring"]["interval"], "month")
		self.assertTrue(item["price_data"]["product"].startswith("prod_"))
		self.assertTrue(sent.idempotency_key)
		self.assertEqual(summary["amount"], 800)
		self.assertEqual(frappe.db.get_value(RECURRING, gift.name, "amount"), 800)
		# Confirmed in the donor's language (Thai) from the Thai Email Template, and the card on file is shown.
		(mail,) = emails_to(donor.email)
		self.assertEqual(subject_of(mail), "การบริจาครายเดือนของท่านเปลี่ยนแปลงแล้ว")
		body = html_of(mail)
		self.assertIn(f"เรียน คุณ{html.escape(donor.donor_name)}", body)
		self.assertIn("จากเดิม", body)
		self.assertIn("800", body)
		self.assertIn("500", body)
		self.assertEqual(summary["card_last4"], "4242")

	def test_amounts_outside_the_limits_are_refused_and_nothing_is_sent(self):
		donor = donor_with_login()
		gift = self.card_gift(donor, amount=500)
		frappe.set_user(donor.user)
		for amount in ("5", "500001", "abc", "-10"):
			with self.assertRaises(GiftRefusedError, msg=amount):
				api.change_monthly_amount(gift.name, amount)
		self.assertEqual(self.stub.requests, [])
		self.assertEqual(frappe.db.get_value(RECURRING, gift.name, "amount"), 500)

	def test_pause_resume_and_cancel_at_period_end(self):
		donor = donor_with_login()
		gift = self.card_gift(donor)
		frappe.set_user(donor.user)
		self.assertEqual(api.pause_monthly_gift(gift.name)["status"], "Paused")
		self.assertEqual(self.updates(gift)[-1].form["pause_collection"], {"behavior": "void"})
		self.assertEqual(api.resume_monthly_gift(gift.name)["status"], "Active")
		self.assertEqual(self.updates(gift)[-1].form["pause_collection"], "")
		summary = api.cancel_monthly_gift(gift.name)
		self.assertEqual(self.updates(gift)[-1].form["cancel_at_period_end"], "true")
		self.assertTrue(summary["ends_on"])
		self.assertFalse(summary["can_cancel"])
		stored = frappe.db.get_value(
			RECURRING, gift.name, ["status", "cancel_at_period_end", "ends_on"], as_dict=True
		)
		self.assertEqual((stored.status, stored.cancel_at_period_end), ("Active", 1))
		self.assertEqual(len(emails_to(donor.email)), 3)
		# Changed their mind before the end: the stop is undone.
		kept = api.keep_monthly_gift(gift.name)
		self.assertEqual(self.updates(gift)[-1].form["cancel_at_period_end"], "false")
		self.assertTrue(kept["can_cancel"])
		self.assertFalse(frappe.db.get_value(RECURRING, gift.name, "cancel_at_period_end"))
		with self.assertRaises(SubscriptionChangeError):
			api.keep_monthly_gift(gift.name)

	def test_a_gift_stripe_reports_cancelled_cannot_be_paused(self):
		donor = donor_with_login()
		gift = self.card_gift(donor)
		self.stub.subscriptions[gift.stripe_subscription]["status"] = "canceled"
		frappe.set_user(donor.user)
		with self.assertRaises(SubscriptionChangeError):
			api.pause_monthly_gift(gift.name)
		self.assertEqual(self.updates(gift), [])
		self.assertEqual(frappe.db.get_value(RECURRING, gift.name, "status"), "Active")

	def test_stripe_down_changes_nothing_and_sends_no_notice(self):
		donor = donor_with_login()
		gift = self.card_gift(donor)
		frappe.set_user(donor.user)
		self.stub.fail_next(500, {"message": "Stripe is down"})
		with self.assertRaises(SubscriptionChangeError):
			api.pause_monthly_gift(gift.name)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value(RECURRING, gift.name, "status"), "Active")
		self.assertEqual(emails_to(donor.email), [])
		self.assertEqual(self.updates(gift), [])

	def test_bank_transfer_gifts_cannot_be_changed_online(self):
		donor = donor_with_login()
		gift = make_recurring(donor=donor.name, payment_method="Bank Transfer", status="Active")
		frappe.set_user(donor.user)
		with self.assertRaises(SubscriptionChangeError):
			api.pause_monthly_gift(gift.name)
		self.assertEqual(self.stub.requests, [])

	def test_update_card_opens_the_billing_portal_for_the_gifts_customer(self):
		donor = donor_with_login()
		gift = self.card_gift(donor)
		frappe.set_user(donor.user)
		answer = api.update_card(gift.name)
		(sent,) = self.stub.calls("POST", "/v1/billing_portal/sessions")
		self.assertEqual(sent.form["customer"], gift.stripe_customer)
		self.assertEqual(sent.form["flow_data"]["type"], "payment_method_update")
		self.assertIn(f"card_updated={gift.name}", sent.form["return_url"])
		self.assertTrue(answer["url"].startswith("https://billing.stripe.com/"))

	def test_a_new_card_from_the_billing_portal_is_shown(self):
		donor = donor_with_login()
		gift = self.card_gift(donor)
		frappe.set_user(donor.user)
		subscriptions.refresh_card(gift.name)
		self.assertEqual(frappe.db.get_value(RECURRING, gift.name, "card_last4"), "4242")
		# The donor saves another card; Stripe's event names it without its digits.
		self.stub.update_card(gift.stripe_subscription, brand="mastercard", last4="4444")
		frappe.set_user("Administrator")
		event = make_event("customer.subscription.updated", self.stub.subscriptions[gift.stripe_subscription])
		record(event, json.dumps(event))
		process_event(event["id"])
		self.assertIsNone(frappe.db.get_value(RECURRING, gift.name, "card_last4"))
		frappe.set_user(donor.user)
		subscriptions.refresh_card(gift.name)
		card = frappe.db.get_value(RECURRING, gift.name, ["card_brand", "card_last4"])
		self.assertEqual(card, ("mastercard", "4444"))

	def test_webhook_and_answer_give_the_same_end_state_in_either_order(self):
		"""The donor pauses; Stripe's customer.subscription.updated of an earlier state (active) arrives
		after the answer and is skipped; the event of the pause itself changes nothing more."""
		donor = donor_with_login()
		gift = self.card_gift(donor)
		before = self.stub.subscriptions[gift.stripe_subscription].copy()
		older = make_event("customer.subscription.updated", before)
		older["created"] = int(time.time()) - 60
		frappe.set_user(donor.user)
		api.pause_monthly_gift(gift.name)
		frappe.set_user("Administrator")
		paused_event = make_event(
			"customer.subscription.updated", self.stub.subscriptions[gift.stripe_subscription]
		)
		for event in (older, paused_event):
			record(event, json.dumps(event))
			process_event(event["id"])
		self.assertEqual(frappe.db.get_value(RECURRING, gift.name, "status"), "Paused")
		# And the other order: the events first (a pause made in Stripe's dashboard), then nothing else.
		other = self.card_gift(donor_with_login())
		self.stub.subscriptions[other.stripe_subscription]["pause_collection"] = {"behavior": "void"}
		event = make_event(
			"customer.subscription.updated", self.stub.subscriptions[other.stripe_subscription]
		)
		record(event, json.dumps(event))
		process_event(event["id"])
		self.assertEqual(frappe.db.get_value(RECURRING, other.name, "status"), "Paused")


class TestDetailsAndConsents(SelfServiceCase):
	def test_details_are_saved_with_version_history(self):
		donor = donor_with_login()
		frappe.set_user(donor.user)
		api.update_my_details(
			donor.name,
			donor_name="สมชาย ใจดี",
			search_name="Somchai Jaidee",
			address_line="99 Moo 4",
			city="Samut Sakhon",
			postal_code="74000",
			phone="+66812345678",
			preferred_language="th",
			tax_id_type="Thai National ID",
			tax_id=VALID_THAI_ID,
		)
		frappe.set_user("Administrator")
		saved = frappe.get_doc("LPN Donor", donor.name)
		self.assertEqual(
			(saved.donor_name, saved.city, saved.tax_id), ("สมชาย ใจดี", "Samut Sakhon", VALID_THAI_ID)
		)
		versions = frappe.get_all(
			"Version", {"ref_doctype": "LPN Donor", "docname": donor.name}, pluck="data"
		)
		self.assertTrue(any("Samut Sakhon" in data for data in versions))

	def test_a_bad_tax_id_is_refused_and_nothing_saved(self):
		donor = donor_with_login(city="Mae Sot")
		frappe.set_user(donor.user)
		with self.assertRaises(InvalidTaxIDError):
			api.update_my_details(donor.name, city="Bangkok", tax_id="1234567890123")
		with self.assertRaises(DonorDetailsError):
			api.update_my_details(donor.name, donor_name="  ")
		self.assertEqual(frappe.db.get_value("LPN Donor", donor.name, "city"), "Mae Sot")

	def test_withdrawal_stops_the_thank_you_at_once_and_is_in_the_ledger(self):
		donor = donor_with_login()
		donation = make_donation(donor=donor.name)
		frappe.set_user(donor.user)
		states = api.set_my_consent(donor.name, "Receipts", 0)
		self.assertFalse(next(s for s in states if s["purpose"] == "Receipts")["granted"])
		frappe.set_user("Administrator")
		self.assertEqual(acknowledgement.send_thank_you(donation.name, resend=True), "Not Wanted")
		(line,) = frappe.get_all(
			"LPN Consent Log",
			{"donor": donor.name, "purpose": "Receipts"},
			["action", "channel", "changed_by"],
		)
		self.assertEqual((line.action, line.channel, line.changed_by), ("Withdrawn", "Portal", donor.user))
		# Given again in one tap: a new row, a new ledger line.
		frappe.set_user(donor.user)
		api.set_my_consent(donor.name, "Receipts", 1)
		frappe.set_user("Administrator")
		self.assertTrue(email_policy.may_email(frappe.get_doc("LPN Donor", donor.name), "Receipts"))
		self.assertEqual(frappe.db.count("LPN Consent Log", {"donor": donor.name}), 2)

	def test_a_change_in_the_desk_is_in_the_ledger_too(self):
		donor = donor_with_login()
		staff = make_user("ss.staff@example.org", FUNDRAISING_USER).name
		frappe.set_user(staff)
		doc = frappe.get_doc("LPN Donor", donor.name)
		doc.append("consents", {"purpose": "Photo and Story Use", "granted": 1, "source": "In Person"})
		doc.save()
		frappe.set_user("Administrator")
		(line,) = frappe.get_all(
			"LPN Consent Log",
			{"donor": donor.name, "purpose": "Photo and Story Use"},
			["action", "channel", "changed_by"],
		)
		self.assertEqual((line.action, line.channel, line.changed_by), ("Given", "In Person", staff))

	def test_a_legally_due_receipt_is_still_sent_and_said_so(self):
		donor = donor_with_login(tax_id=VALID_THAI_ID, consents=[])
		donation = make_donation(donor=donor.name)
		self.assertEqual(email_policy.thank_you_decision(donor), email_policy.SEND_LEGALLY_DUE)
		self.assertEqual(acknowledgement.send_thank_you(donation.name, resend=True), "Sent")
		self.assertTrue(
			frappe.db.exists(
				"Comment", {"reference_name": donation.name, "content": email_policy.legally_due_note()}
			)
		)

	def test_unknown_purpose_is_refused(self):
		donor = donor_with_login()
		frappe.set_user(donor.user)
		with self.assertRaises(DonorDetailsError):
			api.set_my_consent(donor.name, "Telemarketing", 1)


class TestDataRequests(SelfServiceCase):
	def test_export_builds_a_zip_and_emails_a_link_only_its_donor_can_use(self):
		donor = donor_with_login(consents=[consent("Receipts"), consent("Newsletters")])
		donation = make_donation(donor=donor.name, amount=700)
		self.assertEqual(acknowledgement.send_thank_you(donation.name), "Sent")
		frappe.set_user(donor.user)
		request = api.request_data_export(donor.name)
		frappe.set_user("Administrator")
		self.assertEqual(privacy.build_export(request), "Completed")
		(mail,) = [m for m in emails_to(donor.email) if m.reference_name == request]
		link = html.unescape(html_of(mail).split('href="')[1].split('"')[0])
		self.assertIn(f"request={request}", link)
		token = link.split("token=")[1]
		frappe.set_user(donor.user)
		api.download_data_export(request, token)
		archive = zipfile.ZipFile(io.BytesIO(frappe.local.response.filecontent))
		names = set(archive.namelist())
		self.assertTrue(
			{
				"lpn-data.json",
				"donor.csv",
				"gifts.csv",
				"receipts.csv",
				"recurring_gifts.csv",
				"consents.csv",
				"communications.csv",
			}
			<= names
		)
		data = json.loads(archive.read("lpn-data.json"))
		self.assertEqual(data["donor"]["email"], donor.email)
		self.assertEqual([g["amount"] for g in data["gifts"]], [700])
		self.assertNotIn("email_key", data["donor"])
		self.assertIn(donation.name, [row["reference_name"] for row in data["communications"]])
		# A wrong token, another user, an expired link: refused.
		with self.assertRaises(frappe.PermissionError):
			api.download_data_export(request, "not-the-token")
		other = donor_with_login()
		frappe.set_user(other.user)
		with self.assertRaises(frappe.PermissionError):
			api.download_data_export(request, token)
		frappe.set_user("Administrator")
		frappe.db.set_value("LPN Data Request", request, "link_expires_on", add_days(now_datetime(), -1))
		frappe.set_user(donor.user)
		with self.assertRaises(DataRequestError):
			api.download_data_export(request, token)

	def test_expired_exports_lose_their_file(self):
		donor = donor_with_login()
		frappe.set_user(donor.user)
		request = api.request_data_export(donor.name)
		frappe.set_user("Administrator")
		privacy.build_export(request)
		self.assertEqual(privacy.delete_expired_exports(), 0)
		frappe.db.set_value("LPN Data Request", request, "link_expires_on", add_days(now_datetime(), -1))
		self.assertGreaterEqual(privacy.delete_expired_exports(), 1)
		self.assertFalse(
			frappe.db.exists("File", {"attached_to_doctype": "LPN Data Request", "attached_to_name": request})
		)
		self.assertEqual(frappe.db.get_value("LPN Data Request", request, "status"), "Completed")

	def test_erasure_is_reviewed_then_anonymises_but_keeps_the_gifts(self):
		donor = donor_with_login(phone="+66812345670", city="Samut Sakhon", tax_id=VALID_THAI_ID)
		donation = make_donation(donor=donor.name, amount=1200)
		gift = self.card_gift(donor)
		frappe.db.set_value("LPN Donor", donor.name, "stripe_customer", gift.stripe_customer)
		event = make_event("customer.subscription.updated", self.stub.subscriptions[gift.stripe_subscription])
		record(event, json.dumps(event))
		self.assertEqual(process_event(event["id"]), "Processed")
		frappe.set_user(donor.user)
		request = api.request_erasure(donor.name, "I moved abroad")
		with self.assertRaises(DataRequestError):
			api.request_erasure(donor.name)
		self.assertEqual(frappe.db.count("LPN Data Request", {"donor": donor.name}), 1)
		deadline = frappe.db.get_value("LPN Data Request", request, "deadline")
		self.assertEqual(str(deadline), str(add_days(frappe.utils.today(), 30)))
		# Only a Fundraising Manager decides.
		staff = make_user("ss.staff@example.org", FUNDRAISING_USER).name
		for user in (donor.user, staff):
			frappe.set_user(user)
			with self.assertRaises(frappe.PermissionError):
				api.approve_erasure(request)
		frappe.set_user(make_user("ss.manager@example.org", FUNDRAISING_MANAGER).name)
		self.assertEqual(api.approve_erasure(request), "Completed")
		frappe.set_user("Administrator")
		self.assertEqual(len(self.stub.calls("DELETE", f"/v1/customers/{gift.stripe_customer}")), 1)
		erased = frappe.get_doc("LPN Donor", donor.name)
		self.assertTrue(erased.erased)
		for field in ("email", "phone", "city", "tax_id", "user", "contact", "stripe_customer", "email_key"):
			self.assertFalse(erased.get(field), field)
		self.assertNotIn(donor.donor_name, erased.donor_name)
		self.assertFalse(frappe.db.exists("User", donor.user))
		self.assertFalse(frappe.db.exists("Version", {"ref_doctype": "LPN Donor", "docname": donor.name}))
		kept = frappe.db.get_value(
			"LPN Donation", donation.name, ["amount", "receipt", "donor_name"], as_dict=True
		)
		self.assertEqual(kept.amount, 1200)
		self.assertTrue(kept.receipt)
		self.assertEqual(kept.donor_name, erased.donor_name)
		self.assertEqual(frappe.db.get_value("LPN Receipt", kept.receipt, "donor_name"), erased.donor_name)
		self.assertEqual(frappe.db.get_value(RECURRING, gift.name, "status"), "Cancelled")
		self.assertFalse(frappe.db.exists("LPN Stripe Event", event["id"]))
		for doctype in ("LPN Data Request", "LPN Consent Log", "LPN Donor"):
			for field in ("owner", "modified_by"):
				self.assertFalse(frappe.db.exists(doctype, {field: donor.user}), (doctype, field))
		# Never found again by duplicate detection, even by their old name and email.
		self.assertEqual(find_duplicates(keys_of(donor)), [])
		twin = make_donor(donor_name=donor.donor_name, email=donor.email)
		self.assertNotIn(donor.name, (twin.possible_duplicates or ""))
		# Nor when the same person makes a new login with the old email.
		comeback = make_user(donor.email, DONOR, user_type="Website User").name
		frappe.set_user(comeback)
		self.assertNotIn(donor.name, link_donor_to_user())
		frappe.set_user("Administrator")
		self.assertFalse(frappe.db.get_value("LPN Donor", donor.name, "user"))

	def test_stripe_failure_erases_nothing(self):
		donor = donor_with_login()
		gift = self.card_gift(donor)
		frappe.set_user(donor.user)
		request = api.request_erasure(donor.name)
		frappe.set_user("Administrator")
		self.stub.fail_next(500, {"message": "Stripe is down"})
		with self.assertRaises(DataRequestError):
			privacy.approve_erasure(request)
		self.assertEqual(frappe.db.get_value("LPN Donor", donor.name, "email"), donor.email)
		self.assertEqual(frappe.db.get_value("LPN Data Request", request, "status"), "Open")
		self.assertEqual(frappe.db.get_value(RECURRING, gift.name, "status"), "Active")

	def test_staff_log_a_request_that_came_by_phone(self):
		donor = make_donor(phone="+66812345671")
		frappe.set_user(make_user("ss.manager@example.org", FUNDRAISING_MANAGER).name)
		export = frappe.get_doc(
			{
				"doctype": "LPN Data Request",
				"request_type": "Export",
				"donor": donor.name,
				"received_via": "Phone",
			}
		).insert()
		erasure = frappe.get_doc(
			{
				"doctype": "LPN Data Request",
				"request_type": "Erasure",
				"donor": donor.name,
				"received_via": "Phone",
			}
		).insert()
		with self.assertRaises(DataRequestError):
			frappe.get_doc(
				{"doctype": "LPN Data Request", "request_type": "Erasure", "donor": donor.name}
			).insert()
		frappe.set_user("Administrator")
		self.assertEqual(
			(erasure.status, str(erasure.deadline)), ("Open", str(add_days(frappe.utils.today(), 30)))
		)
		self.assertEqual(privacy.build_export(export.name), "Completed")
		self.assertTrue(
			frappe.db.exists(
				"File", {"attached_to_doctype": "LPN Data Request", "attached_to_name": export.name}
			)
		)
		self.assertEqual(emails_to(donor.email), [])  # no login to open a link: staff send the file

	def test_rejection_needs_a_reason_and_tells_the_donor(self):
		donor = donor_with_login()
		frappe.set_user(donor.user)
		request = api.request_erasure(donor.name)
		frappe.set_user("Administrator")
		with self.assertRaises(DataRequestError):
			api.reject_data_request(request, " ")
		self.assertEqual(api.reject_data_request(request, "An open dispute on a gift"), "Rejected")
		self.assertTrue([m for m in emails_to(donor.email) if m.reference_name == request])


class TestDonorNotices(SelfServiceCase):
	"""The notices that confirm a donor's own change or request: Email Templates per language that staff edit."""

	def template(self, kind, language):
		return portal.notice_template(kind, language)

	def test_every_notice_has_a_template_in_english_thai_and_burmese(self):
		self.assertEqual(len(portal.NOTICES), 8)
		for kind in portal.NOTICES:
			for language in ("en", "th", "my"):
				name = self.template(kind, language)
				self.assertTrue(name.startswith("LPN Donor Notice "), name)
				self.assertTrue(frappe.db.exists("Email Template", name), name)
		self.assertTrue(frappe.db.exists("Email Template", "LPN Donor Notice Amount Changed (my)"))

	def test_a_notice_is_rendered_from_the_template_in_the_donors_language(self):
		donor = donor_with_login(preferred_language="my", donor_name="Daw Aye & Ko Ko")
		self.assertTrue(portal.send_notice(donor, "erasure_rejected", "A <b>dispute</b>"))
		(mail,) = emails_to(donor.email)
		self.assertEqual((mail.reference_doctype, mail.reference_name), ("LPN Donor", donor.name))
		self.assertEqual(subject_of(mail), "သင့်ဒေတာဖျက်ရန် တောင်းဆိုချက်နှင့် ပတ်သက်၍")
		body = html_of(mail)
		self.assertIn("လေးစားအပ်ပါသော Daw Aye &amp; Ko Ko ခင်ဗျာ/ရှင့်", body)
		# The value goes in as a template variable, escaped: a donor's or staff's text cannot add markup.
		self.assertIn("မဖျက်နိုင်ပါ: A &lt;b&gt;dispute&lt;/b&gt;", body)
		self.assertIn("/my-account", body)

	def test_a_staff_edit_of_the_template_changes_the_email(self):
		name = self.template("erasure_requested", "th")
		template = frappe.get_doc("Email Template", name)
		self.addCleanup(
			frappe.db.set_value,
			"Email Template",
			name,
			{"subject": template.subject, "response_html": template.response_html},
		)
		template.subject = "รับคำขอแล้ว ({{ deadline }})"
		template.response_html = "<p>สวัสดี {{ donor_name }} เราจะตอบภายใน {{ deadline }}</p>"
		template.save(ignore_permissions=True)
		donor = donor_with_login(preferred_language="th")
		frappe.set_user(donor.user)
		request = api.request_erasure(donor.name)
		frappe.set_user("Administrator")
		(mail,) = [m for m in emails_to(donor.email) if m.reference_name == request]
		deadline = portal.format_day(frappe.db.get_value("LPN Data Request", request, "deadline"), "th")
		self.assertEqual(subject_of(mail), f"รับคำขอแล้ว ({deadline})")
		self.assertIn(f"สวัสดี {html.escape(donor.donor_name)} เราจะตอบภายใน {deadline}", html_of(mail))

	def test_english_when_the_donors_language_has_no_template(self):
		name = self.template("pause", "my")
		kept = frappe.get_doc("Email Template", name).as_dict()
		frappe.delete_doc("Email Template", name, ignore_permissions=True)
		self.addCleanup(lambda: frappe.get_doc({**kept, "doctype": "Email Template"}).db_insert())
		donor = donor_with_login(preferred_language="my")
		gift = self.card_gift(donor)
		frappe.set_user(donor.user)
		api.pause_monthly_gift(gift.name)
		frappe.set_user("Administrator")
		(mail,) = emails_to(donor.email)
		self.assertEqual(subject_of(mail), "Your monthly gift is paused")
		self.assertIn("Nothing is charged until you resume it.", html_of(mail))

	def test_an_erased_donor_is_sent_no_notice(self):
		donor = donor_with_login()
		donor.erased = 1
		self.assertFalse(portal.send_notice(donor, "erased"))
		self.assertEqual(emails_to(donor.email), [])


class TestDonorAAgainstDonorB(SelfServiceCase):
	"""Donor A names donor B's records over every new endpoint: refused, and nothing of B's changes."""

	def test_nothing_of_another_donor_is_reachable(self):
		alice, bob = donor_with_login(), donor_with_login(city="Chiang Mai")
		bob_gift = self.card_gift(bob)
		frappe.set_user(bob.user)
		bob_request = api.request_data_export(bob.name)
		frappe.set_user("Administrator")
		privacy.build_export(bob_request)
		frappe.set_user(alice.user)
		attempts = [
			lambda: api.change_monthly_amount(bob_gift.name, "900"),
			lambda: api.pause_monthly_gift(bob_gift.name),
			lambda: api.resume_monthly_gift(bob_gift.name),
			lambda: api.cancel_monthly_gift(bob_gift.name),
			lambda: api.keep_monthly_gift(bob_gift.name),
			lambda: api.update_card(bob_gift.name),
			lambda: api.update_my_details(bob.name, city="Bangkok"),
			lambda: api.set_my_consent(bob.name, "Receipts", 0),
			lambda: api.request_data_export(bob.name),
			lambda: api.request_erasure(bob.name),
			lambda: api.download_data_export(bob_request, "guess"),
			lambda: api.approve_erasure(bob_request),
			lambda: api.reject_data_request(bob_request, "no"),
		]
		# Nor through Frappe's own reads: donors have no rights on the request queue or the ledger.
		attempts += [
			lambda: frappe.get_list("LPN Data Request"),
			lambda: frappe.get_list("LPN Consent Log"),
			lambda: frappe.get_doc("LPN Data Request", bob_request).check_permission("read"),
		]
		for attempt in attempts:
			with self.assertRaises(frappe.PermissionError):
				attempt()
		frappe.set_user("Administrator")
		self.assertEqual(self.stub.requests, [])
		self.assertEqual(frappe.db.get_value("LPN Donor", bob.name, "city"), "Chiang Mai")
		self.assertEqual(frappe.db.count("LPN Data Request", {"donor": bob.name}), 1)
		self.assertEqual(frappe.db.count("LPN Consent Log", {"donor": bob.name, "action": "Withdrawn"}), 0)
		self.assertEqual(frappe.db.get_value(RECURRING, bob_gift.name, ["status", "amount"]), ("Active", 500))
		# A guest reaches nothing either.
		frappe.set_user("Guest")
		with self.assertRaises(frappe.PermissionError):
			api.pause_monthly_gift(bob_gift.name)


class TestStaffSide(SelfServiceCase):
	def test_consent_changes_per_month(self):
		from lpn_crm.fundraising.report.lpn_consent_changes.lpn_consent_changes import execute

		donor = donor_with_login(consents=[consent("Receipts"), consent("Appeals")])
		frappe.set_user(donor.user)
		api.set_my_consent(donor.name, "Appeals", 0)
		api.set_my_consent(donor.name, "Newsletters", 1)
		frappe.set_user("Administrator")
		month = frappe.utils.today()[:7]
		_columns, data, _message, _chart, summary = execute({"channel": "Portal"})
		rows = {row.purpose: row for row in data if row.month == month}
		self.assertGreaterEqual(rows["Appeals"].withdrawn, 1)
		self.assertGreaterEqual(rows["Newsletters"].given, 1)
		self.assertEqual(
			rows["Newsletters"].on_portal, rows["Newsletters"].given + rows["Newsletters"].withdrawn
		)
		self.assertEqual(summary[1]["value"], sum(row.withdrawn for row in data))

	def test_workspace_has_the_data_requests_queue_and_the_consent_report(self):
		workspace = frappe.get_doc("Workspace", "LPN")
		self.assertTrue(
			{"LPN Data Request", "LPN Consent Changes"} <= {link.link_to for link in workspace.links}
		)
		self.assertIn("LPN Data Request", [shortcut.link_to for shortcut in workspace.shortcuts])
		self.assertIn("LPN Open Data Requests", [card.number_card_name for card in workspace.number_cards])

	def test_the_queue_shows_the_30_day_deadline_and_a_fundraising_user_cannot_decide(self):
		frappe.db.set_single_value("LPN Fundraising Settings", "staff_alert_email", "privacy@lpn.test")
		frappe.clear_document_cache("LPN Fundraising Settings", "LPN Fundraising Settings")
		donor = donor_with_login()
		frappe.set_user(donor.user)
		request = api.request_erasure(donor.name, "Please forget me")
		frappe.set_user("Administrator")
		row = frappe.get_doc("LPN Data Request", request)
		self.assertEqual((row.request_type, row.status, row.reason), ("Erasure", "Open", "Please forget me"))
		self.assertEqual(str(row.deadline), str(add_days(frappe.utils.getdate(row.requested_on), 30)))
		# Staff are told at once: the 30-day clock runs.
		(alert,) = [m for m in emails_to("privacy@lpn.test") if m.reference_name == request]
		self.assertEqual(alert.reference_doctype, "LPN Data Request")
		frappe.set_user(make_user("ss.staff@example.org", FUNDRAISING_USER).name)
		self.assertTrue(frappe.has_permission("LPN Data Request", "read", doc=request))
		self.assertFalse(frappe.has_permission("LPN Data Request", "write", doc=request))
		with self.assertRaises(frappe.PermissionError):
			api.reject_data_request(request, "no")
