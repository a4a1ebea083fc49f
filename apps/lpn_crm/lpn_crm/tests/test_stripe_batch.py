"""Draining the event log in batches: the same records as one event at a time, in far fewer statements."""

import json

import frappe
from frappe.utils import getdate, random_string, today

from lpn_crm.domain.stripe_events import parse_event
from lpn_crm.fundraising.donors import sync_contacts
from lpn_crm.fundraising.rollups import recompute_donor_rollups
from lpn_crm.lpn_payments import gifts
from lpn_crm.lpn_payments.processing import process_event, process_pending
from lpn_crm.tests.doc_event_probe import probing
from lpn_crm.tests.factories import make_donation, make_donor, make_pending_recurring, make_stripe_donation
from lpn_crm.tests.queue_helpers import clear_queued, queued_jobs, run_after_commit_hooks
from lpn_crm.tests.stripe_stub import load_event
from lpn_crm.tests.test_stripe_processing import (
	EVENT,
	StripeProcessingCase,
	for_donation,
	invoice_event,
	link_payment,
	log,
	payment_of,
	uid,
)

DONATION = "LPN Donation"
DONOR = "LPN Donor"
RECURRING = "LPN Recurring Donation"
SYNC_CONTACTS = "lpn_crm.fundraising.donors.sync_contacts"
ROLLUPS = ("lifetime_total", "donation_count", "largest_gift", "first_gift_date", "last_gift_date")


def gift_record(event_id: str) -> dict:
	"""What processing left for one event, in terms that do not depend on names or ids."""
	row = frappe.get_doc(EVENT, event_id)
	record = {
		"event_status": row.status,
		"attempts": row.attempts,
		"reference_doctype": row.reference_doctype,
	}
	if row.reference_doctype != DONATION:
		return record
	donation = frappe.get_doc(DONATION, row.reference_name)
	receipt = frappe.get_doc("LPN Receipt", donation.receipt) if donation.receipt else None
	donor = frappe.get_doc("LPN Donor", donation.donor)
	record.update(
		{
			field: donation.get(field)
			for field in (
				"docstatus",
				"status",
				"amount",
				"currency",
				"exchange_rate",
				"base_amount",
				"payment_method",
				"fund",
				"acknowledgement_status",
				"edonation_status",
				"edonation_note",
				"needs_review",
				"is_in_kind",
				"refunded_amount",
			)
		},
		reference_key=(donation.payment_reference_key or "").split(":")[0],
		references_payment=donation.payment_reference in (donation.stripe_payment_intent, None),
		receipt=receipt and (receipt.status, receipt.amount, receipt.fiscal_year, receipt.language),
		receipt_donor_matches=receipt and receipt.donor == donation.donor,
		# Names and emails differ between runs; whether the donor was found or made shows in these.
		donor=(bool(donor.email), donor.needs_review, donor.donor_name == donation.donor_name),
		donor_is_new=donor.creation >= row.creation,
		recurring=frappe.db.get_value(
			RECURRING, donation.recurring_donation, ["status", "received_count", "total_received"]
		)
		if donation.recurring_donation
		else None,
		notes=sorted(
			frappe.get_all(
				"Comment",
				filters={
					"reference_doctype": DONATION,
					"reference_name": donation.name,
					"comment_type": "Info",
				},
				pluck="content",
			)
		),
	)
	return record


class TestBatchDrain(StripeProcessingCase):
	def setUp(self):
		super().setUp()
		# Events other runs left Received (committed by end-to-end tests) are not this test's to drain.
		frappe.db.sql("update `tabLPN Stripe Event` set status = 'Ignored' where status = 'Received'")

	def drain(self) -> None:
		while process_pending(limit=50):
			pass

	def scenario(self) -> list[str]:
		"""A burst as an appeal day brings it, logged in this order; returns the event ids."""
		tag = random_string(6).lower()
		known = make_donor(email=f"known.{tag}@example.org", donor_name=f"Known Giver {tag}")
		new_email = f"new.{tag}@example.org"
		draft = make_stripe_donation(amount=1500)
		wrong = make_stripe_donation(amount=2000)
		refunded = link_payment(known.email.upper(), 70000)
		renewing = make_pending_recurring(amount=1000)
		subscription = uid("sub_t")
		frappe.db.set_value(
			RECURRING,
			renewing.name,
			{"status": "Active", "stripe_subscription": subscription, "stripe_customer": uid("cus_t")},
		)
		starting = make_pending_recurring(amount=1000)
		repeated = link_payment(new_email, 50000)
		events = [
			link_payment(new_email, 120000, name=f"New Giver {tag}"),
			link_payment(f" {known.email.title()} ", 30000),
			repeated,
			for_donation(draft.name, "checkout_session_completed_payment", payment_intent=uid("pi_t")),
			for_donation(wrong.name, "checkout_session_completed_payment", payment_intent=uid("pi_t")),
			link_payment(None, 45050, name=f"No Email {tag}"),
			refunded,
			# The same payment again under another event id (Stripe re-sends both session events).
			{**repeated, "id": uid("evt_t")},
			load_event(
				"charge_refunded_full",
				object_overrides={
					"payment_intent": payment_of(refunded),
					"id": uid("ch_t"),
					"amount": 70000,
					"amount_captured": 70000,
					"amount_refunded": 70000,
				},
			),
			invoice_event(renewing.name, uid("in_t"), subscription),
			# A first invoice, before its checkout.session.completed: it activates the gift.
			invoice_event(starting.name, uid("in_t"), uid("sub_t")),
			load_event("unknown_event"),
		]
		return [log(event) for event in events]

	def test_a_batch_leaves_the_records_one_event_at_a_time_leaves(self):
		one_by_one = self.scenario()
		for event_id in one_by_one:
			process_event(event_id)
		expected = [gift_record(event_id) for event_id in one_by_one]
		batched = self.scenario()
		self.drain()
		self.assertEqual([gift_record(event_id) for event_id in batched], expected)
		self.assertEqual(expected[-1], {"event_status": "Ignored", "attempts": 1, "reference_doctype": None})
		self.assertEqual([record["event_status"] for record in expected[:11]], ["Processed"] * 11)
		self.assertEqual(
			[record["status"] for record in expected[:11]],
			["Paid", "Paid", "Paid", "Paid", "Draft", "Paid", "Refunded", "Paid", "Refunded", "Paid", "Paid"],
		)
		self.assertEqual([record.get("recurring") for record in expected[9:11]], [("Active", 1, 1000)] * 2)

	def test_plain_gifts_take_the_batch_path_and_the_rest_are_left(self):
		active = make_pending_recurring(amount=1000)
		subscription = uid("sub_t")
		frappe.db.set_value(
			RECURRING,
			active.name,
			{"status": "Active", "stripe_subscription": subscription, "stripe_customer": "cus_t"},
		)
		draft, wrong = make_stripe_donation(amount=1500), make_stripe_donation(amount=999)
		events = {
			"renewal": invoice_event(active.name, uid("in_t"), subscription),
			"first invoice": invoice_event(make_pending_recurring().name, uid("in_t"), uid("sub_t")),
			"checkout": for_donation(
				draft.name, "checkout_session_completed_payment", payment_intent=uid("pi_t")
			),
			"mismatch": for_donation(
				wrong.name, "checkout_session_completed_payment", payment_intent=uid("pi_t")
			),
			"payment link": link_payment(f"pl.{random_string(6).lower()}@example.org"),
		}
		outcomes = gifts.record({name: parse_event(event) for name, event in events.items()})
		self.assertEqual(sorted(outcomes), ["checkout", "payment link", "renewal"])
		for status, doctype, name in outcomes.values():
			self.assertEqual((status, doctype), ("Processed", DONATION))
			self.assertEqual(frappe.db.get_value(DONATION, name, ["docstatus", "status"]), (1, "Paid"))

	def test_donor_totals_agree_with_a_full_recount(self):
		self.scenario()
		self.drain()
		donors = frappe.get_all("LPN Donor", filters={"modified": (">", "2000-01-01")}, pluck="name")
		before = {name: frappe.db.get_value("LPN Donor", name, ROLLUPS, as_dict=True) for name in donors}
		for name in donors:
			recompute_donor_rollups(name)
		after = {name: frappe.db.get_value("LPN Donor", name, ROLLUPS, as_dict=True) for name in donors}
		self.assertEqual(before, after)

	def test_receipts_of_a_batch_are_consecutive_and_follow_the_desk(self):
		first = make_donation(amount=100)
		ids = [
			log(link_payment(f"seq{i}.{random_string(5).lower()}@example.org", 10000 + i)) for i in range(5)
		]
		self.drain()
		last = make_donation(amount=100)
		numbers = [first.receipt]
		for event_id in ids:
			donation = frappe.db.get_value(EVENT, event_id, "reference_name")
			numbers.append(frappe.db.get_value(DONATION, donation, "receipt"))
		numbers.append(last.receipt)
		dates = {frappe.db.get_value(DONATION, {"receipt": number}, "donation_date") for number in numbers}
		self.assertEqual(dates, {getdate(today())}, "a payment made now is dated today in Thailand")
		sequences = [int(number.rsplit("-", 1)[1]) for number in numbers]
		self.assertEqual(sequences, list(range(sequences[0], sequences[0] + 7)))
		names = [first.name, *(frappe.db.get_value(EVENT, i, "reference_name") for i in ids), last.name]
		serials = [int(name.rsplit("-", 1)[1]) for name in names]
		self.assertEqual(serials, list(range(serials[0], serials[0] + 7)), "names share the desk's series")

	def test_a_payment_already_recorded_by_hand_fails_alone_with_a_clear_error(self):
		clash = link_payment(f"clash.{random_string(5).lower()}@example.org")
		make_donation(
			amount=2000, payment_method="Card (Stripe)", payment_reference=payment_of(clash), submit=True
		)
		fine = log(link_payment(f"fine.{random_string(5).lower()}@example.org"))
		clashing = log(clash)
		self.drain()
		self.assertEqual(frappe.db.get_value(EVENT, fine, "status"), "Processed")
		row = frappe.get_doc(EVENT, clashing)
		self.assertEqual(row.status, "Failed")
		self.assertIn("already recorded", row.error)
		self.assertEqual(frappe.db.count(DONATION, {"payment_reference": payment_of(clash)}), 1)

	def test_new_donors_get_their_contacts_from_a_job_after_commit(self):
		self.addCleanup(clear_queued, SYNC_CONTACTS, "default")
		emails = [f"c{i}.{random_string(6).lower()}@example.org" for i in range(3)]
		ids = [log(link_payment(email, name=f"Contact Giver {i}")) for i, email in enumerate(emails)]
		self.drain()
		donors = [
			frappe.db.get_value(DONATION, frappe.db.get_value(EVENT, i, "reference_name"), "donor")
			for i in ids
		]
		self.assertEqual([frappe.db.get_value("LPN Donor", d, "contact") for d in donors], [None] * 3)
		run_after_commit_hooks()
		(job,) = [
			job for job in queued_jobs(SYNC_CONTACTS, "default") if job.kwargs["kwargs"]["donors"] == donors
		]
		sync_contacts(**job.kwargs["kwargs"])
		for donor, email in zip(donors, emails, strict=True):
			contact = frappe.get_doc("Contact", frappe.db.get_value("LPN Donor", donor, "contact"))
			self.assertEqual(contact.email_id, email)
			self.assertTrue(contact.has_link("LPN Donor", donor))

	def test_a_batch_takes_only_received_rows_oldest_first(self):
		ids = [log(link_payment(f"o{i}.{random_string(5).lower()}@example.org")) for i in range(3)]
		self.assertEqual(process_pending(limit=2), 2)
		statuses = [frappe.db.get_value(EVENT, event_id, "status") for event_id in ids]
		self.assertEqual(statuses, ["Processed", "Processed", "Received"])
		self.assertEqual(process_pending(limit=2), 1)
		self.assertEqual(process_pending(limit=2), 0)


# A script as a payer (or whoever set up a Payment Link) can type it into a text field Stripe lets them fill.
HOSTILE = '<img src=x onerror="window.__xss=1">'


def hostile_payment(tag: str, email: str | None = None) -> dict:
	"""A Payment Link payment with the script in the payer's name, the link, metadata, the invoice description
	and a custom field."""
	return link_payment(
		email or f"hostile.{tag}@example.org",
		name=f"{HOSTILE} Giver {tag}",
		payment_link=f"plink_{tag}{HOSTILE}",
		metadata={"note": HOSTILE},
		custom_fields=[{"key": "message", "type": "text", "text": {"value": HOSTILE}}],
		invoice_creation={"enabled": False, "invoice_data": {"description": HOSTILE, "metadata": {}}},
	)


def texts_of(event_id: str, tag: str) -> dict:
	"""What the event's donation, its donor and their timeline notes say, with the run's tag taken out."""
	donation = frappe.get_doc(DONATION, frappe.db.get_value(EVENT, event_id, "reference_name"))
	donor = frappe.get_doc(DONOR, donation.donor)
	notes = frappe.get_all(
		"Comment", filters={"reference_name": ("in", [donation.name, donor.name])}, pluck="content"
	)
	texts = {
		"donor": {field: donor.get(field) for field in ("donor_name", "email", "possible_duplicates")},
		"donation": {field: donation.get(field) for field in ("donor_name", "review_note")},
		"notes": sorted(notes),
	}
	return json.loads(json.dumps(texts).replace(tag, "TAG"))


class TestBatchGiftsAreDocuments(StripeProcessingCase):
	"""Issue 8 item 1: a gift the batch writes is a Frappe document as one written alone is."""

	def setUp(self):
		super().setUp()
		frappe.db.sql("update `tabLPN Stripe Event` set status = 'Ignored' where status = 'Received'")

	def drain(self) -> None:
		while process_pending(limit=50):
			pass

	def batch_of_every_kind(self) -> list[str]:
		"""A Payment Link gift from a new payer, a paid donate-form draft and a monthly renewal, logged."""
		renewing = make_pending_recurring(amount=1000)
		subscription = uid("sub_t")
		frappe.db.set_value(
			RECURRING,
			renewing.name,
			{"status": "Active", "stripe_subscription": subscription, "stripe_customer": uid("cus_t")},
		)
		draft = make_stripe_donation(amount=1500)
		events = [
			link_payment(f"doc.{random_string(6).lower()}@example.org", name="Document Giver"),
			for_donation(draft.name, "checkout_session_completed_payment", payment_intent=uid("pi_t")),
			invoice_event(renewing.name, uid("in_t"), subscription),
		]
		return [log(event) for event in events]

	def test_batch_gifts_have_versions_and_fire_other_apps_doc_events(self):
		"""Fails on main before the fix: the batch wrote its rows with INSERT and UPDATE, so no Version row was
		made and no other app heard of the gifts."""
		hooked = {DONATION: ["on_submit", "on_cancel"], DONOR: ["after_insert", "on_update"]}
		with probing(hooked) as calls:
			ids = self.batch_of_every_kind()
			calls.clear()
			self.drain()
			donations = [frappe.db.get_value(EVENT, i, "reference_name") for i in ids]
			self.assertEqual(
				[frappe.db.get_value(EVENT, i, ["status", "batch_fallbacks"]) for i in ids],
				[("Processed", 0)] * 3,
				"all three took the batch path",
			)
			self.assertEqual(
				sorted(call for call in calls if call[0] == DONATION),
				sorted((DONATION, name, "on_submit") for name in donations),
			)
			donor = frappe.db.get_value(DONATION, donations[0], "donor")
			self.assertEqual(
				[call for call in calls if call[0] == DONOR],
				[(DONOR, donor, "after_insert"), (DONOR, donor, "on_update")],
			)
			for name in donations:
				self.assertEqual(frappe.db.get_value(DONATION, name, ["docstatus", "status"]), (1, "Paid"))
				frappe.get_doc(DONATION, name).cancel()
			self.assertEqual(
				sorted(call for call in calls if call[2] == "on_cancel"),
				sorted((DONATION, name, "on_cancel") for name in donations),
			)
		for doctype, name in [*((DONATION, name) for name in donations), (DONOR, donor)]:
			self.assertTrue(
				frappe.db.exists("Version", {"ref_doctype": doctype, "docname": name}),
				f"{doctype} {name} has a Version row",
			)

	def test_a_script_in_stripe_text_is_inert_on_both_paths(self):
		"""Fails on main before the fix: the batch path wrote the payer's name and the link's note unsanitised
		(the one-by-one path sanitised them, as every Document insert does)."""
		tag = random_string(6).lower()
		alone = log(hostile_payment(tag))
		self.assertEqual(process_event(alone), "Processed")
		expected = texts_of(alone, tag)
		frappe.db.sql("delete from `tabLPN Donor` where email_key = %s", f"hostile.{tag}@example.org")
		batched = log(hostile_payment(tag))
		self.drain()
		self.assertEqual(frappe.db.get_value(EVENT, batched, ["status", "batch_fallbacks"]), ("Processed", 0))
		self.assertEqual(texts_of(batched, tag), expected)
		stored = json.dumps(expected)
		self.assertNotIn("onerror", stored)
		self.assertNotIn("__xss", stored)
		self.assertIn("Giver TAG", expected["donor"]["donor_name"], "the payer's plain text is kept")

	def test_a_script_in_the_payers_email_fails_that_event_alone_on_both_paths(self):
		"""Fails on main before the fix: the batch path never validated the email and made a donor of it."""
		tag = random_string(6).lower()
		bad_email = f"x{HOSTILE}.{tag}@example.org"
		alone = log(hostile_payment(tag, email=bad_email))
		self.assertEqual(process_event(alone), "Failed")
		bad = log(hostile_payment(tag, email=bad_email))
		fine = log(link_payment(f"fine.{tag}@example.org"))
		self.drain()
		for event_id in (alone, bad):
			row = frappe.get_doc(EVENT, event_id)
			self.assertEqual(row.status, "Failed")
			self.assertIn("InvalidEmailAddressError", row.error)
		self.assertEqual(frappe.db.get_value(EVENT, fine, "status"), "Processed")
		self.assertFalse(frappe.db.exists(DONOR, {"donor_name": ("like", f"%Giver {tag}")}))


class TestBatchFallback(StripeProcessingCase):
	"""Issue 8 item 8: a batch that drops to one-by-one processing says so."""

	def setUp(self):
		super().setUp()
		frappe.db.sql("update `tabLPN Stripe Event` set status = 'Ignored' where status = 'Received'")

	def test_a_batch_that_falls_back_is_logged_and_counted_on_its_events(self):
		"""Fails on main before the fix: the fallback logged nothing and left no mark on the events."""
		clash = link_payment(f"clash.{random_string(5).lower()}@example.org")
		make_donation(
			amount=2000, payment_method="Card (Stripe)", payment_reference=payment_of(clash), submit=True
		)
		first = log(link_payment(f"first.{random_string(5).lower()}@example.org"))
		clashing = log(clash)
		while process_pending(limit=50):
			pass
		self.assertEqual(
			[frappe.db.get_value(EVENT, i, "status") for i in (first, clashing)], ["Processed", "Failed"]
		)
		(entry,) = frappe.get_all(
			"Error Log",
			filters={"reference_doctype": EVENT, "reference_name": first},
			fields=["method", "error"],
		)
		self.assertIn(first, entry.method, "the title names the batch's first event")
		self.assertIn("already recorded", entry.error, "the log keeps what made the batch fail")
		self.assertEqual(
			[frappe.db.get_value(EVENT, i, "batch_fallbacks") for i in (first, clashing)], [1, 1]
		)
