"""Appeals: segments from saved criteria (consent for appeals and Frappe's unsubscribe honoured), sending
through Frappe's Email Queue in each donor's language with a tracked link per recipient, attribution of
gifts through the link (Stripe Checkout included, forged tokens not), opens, re-sends and the report."""

import json
import quopri
import re

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, random_string, today

from lpn_crm.access import FUNDRAISING_USER
from lpn_crm.api import campaigns as api
from lpn_crm.api.donate import create_checkout
from lpn_crm.domain.campaigns import appeal_token
from lpn_crm.fundraising import appeals
from lpn_crm.fundraising.donors import CONSENT_SQL, has_consent
from lpn_crm.fundraising.exceptions import AppealError
from lpn_crm.lpn_payments.processing import process_event
from lpn_crm.lpn_payments.webhooks import record
from lpn_crm.tests.factories import (
	STRIPE_SECRET_KEY,
	configure_stripe,
	consent,
	make_campaign,
	make_donation,
	make_donor,
	make_fund,
	make_user,
)
from lpn_crm.tests.stripe_stub import StripeStub, make_event

COUNTRY = "Lao Peoples Democratic Republic"


def appeals_donor(**args):
	"""A donor whose consent allows appeals, in a country no other test uses (the segments stay small)."""
	args.setdefault("consents", [consent("Receipts"), consent("Appeals")])
	args.setdefault("country", COUNTRY)
	return make_donor(**args)


def make_appeal(campaign=None, **args):
	values = {
		"doctype": "LPN Appeal",
		"title": f"Appeal {random_string(5)}",
		"campaign": (campaign or make_campaign()).name,
		"donor_country": COUNTRY,
		"cost": 500,
	}
	values.update(args)
	return frappe.get_doc(values).insert()


def queued_for(appeal: str) -> list[frappe._dict]:
	rows = frappe.db.sql(
		"""select q.name, q.message, r.recipient from `tabEmail Queue` q
		join `tabEmail Queue Recipient` r on r.parent = q.name
		where q.reference_doctype = 'LPN Appeal' and q.reference_name = %s""",
		appeal,
		as_dict=True,
	)
	for row in rows:
		row.text = quopri.decodestring(row.message.encode()).decode("utf-8", "replace")
	return rows


def send(appeal, resend: bool = False) -> dict:
	"""Queue the appeal as the endpoint does, then run its job here (as the worker would)."""
	answer = api.send_appeal(appeal.name, resend=resend)
	appeals.send_appeal(appeal.name, resend=resend)
	return answer


class TestSegments(FrappeTestCase):
	def setUp(self):
		frappe.db.sql("update `tabLPN Donor` set country = null where country = %s", COUNTRY)

	def members(self, appeal) -> set[str]:
		return {row.donor for row in appeals.recipients_of(appeal)}

	def test_only_donors_whose_consent_allows_appeals(self):
		yes = appeals_donor()
		no = make_donor(country=COUNTRY)
		withdrawn = appeals_donor(consents=[consent("Appeals", withdrawn_on=add_days(today(), -1))])
		self.assertEqual(self.members(make_appeal()), {yes.name})
		self.assertTrue(has_consent(yes, "Appeals"))
		self.assertFalse(has_consent(no, "Appeals") or has_consent(withdrawn, "Appeals"))

	def test_the_sql_consent_check_agrees_with_has_consent(self):
		cases = [
			[consent("Appeals")],
			[consent("Appeals", granted_on=add_days(today(), 3))],
			[consent("Appeals", withdrawn_on=today())],
			[consent("Appeals", withdrawn_on=add_days(today(), 2))],
			[{"purpose": "Appeals", "granted": 0}],
			[consent("Newsletters")],
		]
		for consents in cases:
			donor = make_donor(consents=consents)
			sql = frappe.db.sql(
				f"select {CONSENT_SQL.format(donor='%(donor)s')}",
				{"donor": donor.name, "purpose": "Appeals", "today": today()},
			)[0][0]
			self.assertEqual(bool(sql), has_consent(donor, "Appeals"), consents)

	def test_criteria_language_fund_least_given_and_last_gift(self):
		thai = appeals_donor(preferred_language="th")
		burmese = appeals_donor(preferred_language="my")
		museum = make_fund("Migrant Labour Museum")
		make_donation(donor=thai.name, fund=museum, amount=5000, donation_date=add_days(today(), -400))
		make_donation(donor=burmese.name, fund=museum, amount=200)
		self.assertEqual(self.members(make_appeal(language="th")), {thai.name})
		self.assertEqual(self.members(make_appeal(fund=museum)), {thai.name, burmese.name})
		self.assertEqual(self.members(make_appeal(fund=museum, minimum_given=1000)), {thai.name})
		self.assertEqual(self.members(make_appeal(minimum_given=1000)), {thai.name})
		self.assertEqual(self.members(make_appeal(last_gift_before=add_days(today(), -30))), {thai.name})

	def test_lybunt_and_sybunt(self):
		lapsed = appeals_donor()
		current = appeals_donor()
		make_donation(donor=lapsed.name, donation_date=add_days(today(), -400))
		make_donation(donor=current.name, donation_date=add_days(today(), -400))
		make_donation(donor=current.name)
		self.assertNotIn(current.name, self.members(make_appeal(segment="SYBUNT")))
		self.assertIn(lapsed.name, self.members(make_appeal(segment="SYBUNT")))

	def test_frappes_unsubscribe_is_honoured(self):
		stays, leaves, left_all = appeals_donor(), appeals_donor(), appeals_donor()
		earlier = make_appeal()
		frappe.get_doc(
			{
				"doctype": "Email Unsubscribe",
				"email": leaves.email,
				"reference_doctype": "LPN Appeal",
				"reference_name": earlier.name,
			}
		).insert(ignore_permissions=True)
		frappe.get_doc(
			{"doctype": "Email Unsubscribe", "email": left_all.email, "global_unsubscribe": 1}
		).insert(ignore_permissions=True)
		self.assertEqual(self.members(make_appeal()), {stays.name})

	def test_a_bad_language_is_refused(self):
		with self.assertRaises(frappe.ValidationError):
			make_appeal(language="fr")


class TestSending(FrappeTestCase):
	def setUp(self):
		frappe.db.sql("update `tabLPN Donor` set country = null where country = %s", COUNTRY)

	def test_no_consenting_donor_is_refused_with_the_count_and_nothing_is_queued(self):
		make_donor(country=COUNTRY)
		make_donor(country=COUNTRY)
		appeal = make_appeal()
		with self.assertRaisesRegex(AppealError, r"\(2 donors match the criteria, 0 may be written to\)"):
			api.send_appeal(appeal.name)
		self.assertEqual(frappe.db.get_value("LPN Appeal", appeal.name, "status"), "Draft")
		self.assertEqual(queued_for(appeal.name), [])

	def test_each_donor_gets_their_language_and_their_own_tracked_link(self):
		campaign = make_campaign(title=f"Flood relief {random_string(4)}", title_th="ช่วยน้ำท่วม", goal=100000)
		thai = appeals_donor(preferred_language="th", donor_name="สมหญิง ใจงาม")
		english = appeals_donor(preferred_language="en", donor_name="Anna Smith")
		appeal = make_appeal(campaign)
		self.assertEqual(send(appeal)["recipients"], 2)
		appeal.reload()
		self.assertEqual((appeal.status, appeal.recipient_count), ("Sent", 2))
		rows = {row.recipient: row for row in queued_for(appeal.name)}
		self.assertEqual(set(rows), {thai.email, english.email})
		self.assertTrue("สมหญิง ใจงาม" in rows[thai.email].text, "สมหญิง ใจงาม")
		self.assertTrue("ร่วมบริจาควันนี้" in rows[thai.email].text, "ร่วมบริจาควันนี้")
		self.assertTrue("ช่วยน้ำท่วม" in rows[thai.email].text, "ช่วยน้ำท่วม")
		self.assertTrue("Anna Smith" in rows[english.email].text, "Anna Smith")
		self.assertTrue("Please give today" in rows[english.email].text, "Please give today")
		for donor in (thai, english):
			token = appeal_token(frappe.utils.password.get_encryption_key(), appeal.name, donor.name)
			link = f"/campaigns/{campaign.slug}?appeal={appeal.name}&r={donor.name}&t={token}"
			self.assertTrue(link in rows[donor.email].text, link)
			# Frappe fills in the unsubscribe link and the read tracker when it sends
			self.assertTrue("<!--unsubscribe_url-->" in rows[donor.email].text, "<!--unsubscribe_url-->")
			self.assertTrue("<!--email_open_check-->" in rows[donor.email].text, "<!--email_open_check-->")
		self.assertNotIn(appeals.NAME_SLOT, "".join(row.text for row in rows.values()))

	def test_sending_twice_is_refused_and_a_resend_goes_only_to_those_who_have_not_given(self):
		gave, silent = appeals_donor(), appeals_donor()
		appeal = make_appeal()
		send(appeal)
		with self.assertRaisesRegex(AppealError, "Only a re-send"):
			api.send_appeal(appeal.name)
		self.assertEqual(len(queued_for(appeal.name)), 2)
		make_donation(donor=gave.name, campaign=appeal.campaign, appeal=appeal.name)
		send(appeal, resend=True)
		recipients = [row.recipient for row in queued_for(appeal.name)]
		self.assertEqual(sorted(recipients), sorted([gave.email, silent.email, silent.email]))
		self.assertEqual(frappe.db.get_value("LPN Appeal", appeal.name, "recipient_count"), 3)

	def test_only_a_fundraising_manager_sends(self):
		appeals_donor()
		appeal = make_appeal()
		staff = make_user(f"staff.{random_string(6).lower()}@example.org", FUNDRAISING_USER).name
		frappe.set_user(staff)
		try:
			with self.assertRaises(frappe.PermissionError):
				api.send_appeal(appeal.name)
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("LPN Appeal", appeal.name, "status"), "Draft")

	def test_an_open_is_counted_once_per_recipient(self):
		donor = appeals_donor()
		appeal = make_appeal()
		send(appeal)
		for _ in range(2):
			appeals.mark_opened(donor.email, appeal.name)
		self.assertEqual(frappe.db.get_value("LPN Appeal", appeal.name, "opened_count"), 1)

	def test_the_report_shows_recipients_opens_gifts_amount_cost_and_raised_per_baht(self):
		donor = appeals_donor()
		appeal = make_appeal(cost=400)
		send(appeal)
		appeals.mark_opened(donor.email, appeal.name)
		make_donation(donor=donor.name, campaign=appeal.campaign, appeal=appeal.name, amount=2000)
		from lpn_crm.fundraising.report.lpn_appeal_results.lpn_appeal_results import execute

		columns, data = execute(frappe._dict(campaign=appeal.campaign))[:2]
		row = next(row for row in data if row["appeal"] == appeal.name)
		self.assertEqual(
			(
				row["recipients"],
				row["opened"],
				row["gifts"],
				row["raised"],
				row["cost"],
				row["raised_per_thb"],
			),
			(1, 1, 1, 2000, 400, 5),
		)
		self.assertTrue({"recipients", "opened", "raised_per_thb"} <= {c["fieldname"] for c in columns})


class TestAppealLinkCheckout(FrappeTestCase):
	def setUp(self):
		configure_stripe()
		self.stub = StripeStub(api_key=STRIPE_SECRET_KEY)
		self.stub.start()
		self.addCleanup(self.stub.stop)
		frappe.local.conf.stripe_api_base = self.stub.url
		frappe.local.conf.stripe_max_network_retries = 0
		self.addCleanup(frappe.local.conf.pop, "stripe_api_base", None)
		self.addCleanup(frappe.local.conf.pop, "stripe_max_network_retries", None)

	def tearDown(self):
		frappe.clear_document_cache("LPN Stripe Settings", "LPN Stripe Settings")

	def give_through(self, campaign, **attribution) -> frappe._dict:
		create_checkout(
			amount="800",
			currency="THB",
			frequency="One-off",
			email=f"{random_string(8).lower()}@example.org",
			donor_name="Ma Hla",
			campaign=campaign.name,
			**attribution,
		)
		session = self.stub.complete_session(list(self.stub.sessions)[-1])
		event = make_event("checkout.session.completed", session)
		record(event, json.dumps(event))
		self.assertEqual(process_event(event["id"]), "Processed")
		return frappe.get_doc("LPN Donation", session["metadata"]["lpn_name"])

	def test_a_gift_through_the_tracked_link_is_attributed_to_the_appeal(self):
		campaign = make_campaign()
		appeal = make_appeal(campaign)
		donor = appeals_donor()
		token = appeal_token(frappe.utils.password.get_encryption_key(), appeal.name, donor.name)
		# the campaign page passes the link's parameters on to the donate button
		from lpn_crm.tests.test_campaigns import page

		html = page(f"/campaigns/{campaign.slug}", appeal=appeal.name, r=donor.name, t=token)[1]
		self.assertTrue(f"appeal_token={token}" in html, f"appeal_token={token}")
		donation = self.give_through(
			campaign, appeal=appeal.name, appeal_donor=donor.name, appeal_token=token
		)
		self.assertEqual((donation.docstatus, donation.appeal), (1, appeal.name))
		row = frappe.db.get_value("LPN Appeal", appeal.name, ["raised", "donation_count"], as_dict=True)
		self.assertEqual((row.raised, row.donation_count), (800, 1))

	def test_a_forged_token_still_takes_the_gift_unattributed(self):
		campaign = make_campaign()
		appeal = make_appeal(campaign)
		donor = appeals_donor()
		for token in ("0" * 24, "forged", None):
			donation = self.give_through(
				campaign, appeal=appeal.name, appeal_donor=donor.name, appeal_token=token
			)
			self.assertEqual((donation.docstatus, donation.appeal), (1, None))
		# a genuine token of another campaign's appeal does not credit this campaign's gift either
		other = make_appeal(make_campaign())
		token = appeal_token(frappe.utils.password.get_encryption_key(), other.name, donor.name)
		donation = self.give_through(campaign, appeal=other.name, appeal_donor=donor.name, appeal_token=token)
		self.assertIsNone(donation.appeal)
		self.assertEqual(frappe.db.get_value("LPN Appeal", appeal.name, "raised"), 0)
		self.assertTrue(re.match(r"^[0-9a-f]{24}$", token))
