"""New gifts from a batch of payment events, recorded together: the fast path of event processing.

A burst of payments (an appeal day, a Payment Link shared on social media) arrives as a batch of
`checkout.session.completed` events, each of which the one-event handlers in records.py would turn into a
donation with some forty statements. Here every donor and donation is still a whole Document, inserted or
submitted as the one-event handlers insert and submit it (Frappe's sanitising and checks, Version rows, the
doc events of every app), while what the batch shares is done once: the donors are found in one query, the
names taken from their series in one statement, and the gifts posted together (receipts, totals, thank-yous:
fundraising.posting), with the very same values the one-event handlers give.

Only the plain cases come here: a paid Checkout session for a draft donation of this app that agrees with
what Stripe collected, or a payment made outside the app that no donation carries yet. Anything else (a
mismatch, a repeat, a subscription, a refund...) and any event whose payment appears twice in the batch is
left to the one-event handlers, which run after this batch.
"""

import frappe
from frappe import _

from lpn_crm.domain.matching import normalize_email
from lpn_crm.domain.money import to_decimal
from lpn_crm.domain.stripe_events import (
	INVOICE_PAID,
	PAYMENT_SUCCEEDED,
	StripeFact,
	metadata_ref,
	payment_mismatch,
)
from lpn_crm.fundraising import bulk, posting
from lpn_crm.fundraising.donors import queue_contact_sync
from lpn_crm.fundraising.locks import donors_by_email
from lpn_crm.lpn_payments import records
from lpn_crm.lpn_payments.records import DONATION, DONOR, PROCESSED, RECURRING, Outcome

EVENT = "LPN Stripe Event"

PAYMENT_IDS = ("stripe_payment_intent", "stripe_charge", "stripe_checkout_session")


def is_candidate(fact: StripeFact) -> bool:
	"""Whether the event may be a plain new gift: a one-off payment that went through, or a paid invoice of
	a monthly gift, in a currency whose rate is known (else the one-event handlers hold it for review)."""
	if not records.rate_known(fact):
		return False
	if fact.kind == INVOICE_PAID:
		return bool(fact.invoice and fact.amount and fact.amount > 0)
	if fact.kind != PAYMENT_SUCCEEDED or fact.subscription:
		return False
	ref = metadata_ref(fact)
	return ref is None or ref[0] == DONATION


def record(facts: dict[str, StripeFact]) -> dict[str, Outcome]:
	"""Record the plain new gifts among `facts` ({event name: fact}, in the order received); returns the
	outcome of each event recorded here. The others are the one-event handlers' to deal with."""
	outcomes: dict[str, Outcome] = {}
	seen: set[str] = set()
	external: dict[str, StripeFact] = {}
	checkouts: dict[str, StripeFact] = {}
	renewals: dict[str, StripeFact] = {}
	for name, fact in facts.items():
		ids = _ids(fact)
		if seen & ids or not ids:
			# The same payment twice in one batch: the later event goes the one-event way, after this one.
			continue
		seen |= ids
		if fact.kind == INVOICE_PAID:
			renewals[name] = fact
		else:
			(checkouts if metadata_ref(fact) else external)[name] = fact
	_submit_checkouts(checkouts, outcomes)
	_record_external(external, outcomes)
	_record_renewals(renewals, outcomes)
	return outcomes


def _ids(fact: StripeFact) -> set[str]:
	ref = metadata_ref(fact)
	ids = {
		value for value in (fact.payment_intent, fact.charge, fact.checkout_session, fact.invoice) if value
	}
	return ids | {ref[1]} if ref else ids


def _submit_checkouts(checkouts: dict[str, StripeFact], outcomes: dict[str, Outcome]) -> None:
	"""Submit the draft donations whose Checkout was paid as expected; leave every other case alone."""
	if not checkouts:
		return
	drafts = {
		row.name: row
		for row in frappe.db.sql(
			"""select * from `tabLPN Donation` where name in %(names)s order by name for update""",
			{"names": tuple(metadata_ref(fact)[1] for fact in checkouts.values())},
			as_dict=True,
		)
	}
	paid = {}
	for name, fact in checkouts.items():
		draft = drafts.get(metadata_ref(fact)[1])
		if (
			not draft
			or draft.docstatus != 0
			or payment_mismatch(fact, to_decimal(draft.amount), draft.currency)
		):
			continue
		doc = bulk.document_of(DONATION, draft)
		doc.update(records.checkout_payment(fact))
		paid[name] = doc
	posting.submit_together(list(paid.values()))
	for event, doc in paid.items():
		outcomes[event] = (PROCESSED, DONATION, doc.name)


def _record_external(external: dict[str, StripeFact], outcomes: dict[str, Outcome]) -> None:
	"""Donations for payments made outside the app; a payment some donation already carries is reported."""
	if not external:
		return
	carried = _carried_payments(external.values())
	new = {}
	for name, fact in external.items():
		existing = next(
			(carried[i] for i in (fact.payment_intent, fact.charge, fact.checkout_session) if i in carried),
			None,
		)
		if existing:
			outcomes[name] = (PROCESSED, DONATION, existing)
		else:
			new[name] = fact
	if not new:
		return
	fund = records.default_fund()
	donors = _donors_for(new)
	gifts = [records.external_gift(fact, donors[name], fund) for name, fact in new.items()]
	donations = posting.insert_submitted(gifts, [source(event) for event in new])
	bulk.add_notes(
		DONATION,
		{
			donation.name: records.external_gift_note(fact)
			for donation, fact in zip(donations, new.values(), strict=True)
		},
	)
	for event, donation in zip(new, donations, strict=True):
		outcomes[event] = (PROCESSED, DONATION, donation.name)


def _record_renewals(renewals: dict[str, StripeFact], outcomes: dict[str, Outcome]) -> None:
	"""Donations for the paid invoices of active monthly gifts that already carry their Stripe ids.

	A first invoice that activates its gift, an invoice no gift is found for, or one already recorded is
	the one-event handler's (records.invoice_paid)."""
	if not renewals:
		return
	subscriptions = tuple({fact.subscription for fact in renewals.values() if fact.subscription})
	if not subscriptions:
		return
	gifts = {
		row.stripe_subscription: row
		for row in frappe.db.sql(
			"""select name, donor, donor_name, status, fund, campaign, sponsorship, stripe_subscription,
				stripe_customer, stripe_checkout_session
			from `tabLPN Recurring Donation` where stripe_subscription in %(subscriptions)s
			order by name for update""",
			{"subscriptions": subscriptions},
			as_dict=True,
		)
	}
	recorded = set(
		frappe.db.sql_list(
			"""select stripe_invoice from `tabLPN Donation` where stripe_invoice in %(invoices)s and docstatus < 2""",
			{"invoices": tuple(fact.invoice for fact in renewals.values())},
		)
	)
	new = {}
	for name, fact in renewals.items():
		gift = gifts.get(fact.subscription)
		ref = metadata_ref(fact)
		if (
			gift
			and fact.invoice not in recorded
			and (not ref or ref == (RECURRING, gift.name))
			and gift.status != "Pending"
			and not records.activation_changes(gift, fact)
		):
			new[name] = records.invoice_gift(fact, gift)
	donations = posting.insert_submitted(list(new.values()), [source(event) for event in new])
	for event, donation in zip(new, donations, strict=True):
		outcomes[event] = (PROCESSED, DONATION, donation.name)


def source(event: str) -> dict:
	"""Where a record the batch makes comes from, as its Version row tells it (Frappe's updater_reference)."""
	return {"doctype": EVENT, "docname": event, "label": _("Stripe event {0}").format(event)}


def _carried_payments(facts) -> dict[str, str]:
	"""{Stripe payment id: the live donation carrying it} for the payments of `facts`, in one query."""
	ids = tuple({i for fact in facts for i in (fact.payment_intent, fact.charge, fact.checkout_session) if i})
	carried = {}
	for row in frappe.db.sql(
		f"""select name, {", ".join(PAYMENT_IDS)} from `tabLPN Donation`
		where docstatus < 2 and ({" or ".join(f"{field} in %(ids)s" for field in PAYMENT_IDS)})""",
		{"ids": ids},
		as_dict=True,
	):
		for field in PAYMENT_IDS:
			if row[field]:
				carried.setdefault(row[field], row.name)
	return carried


def _donors_for(facts: dict[str, StripeFact]) -> dict[str, str]:
	"""{event name: donor} by email, as records.find_or_create_donor decides, in a few statements.

	A new email makes one new donor, however many events of the batch carry it; an event without an email
	makes a donor of its own. New donors are flagged for review, with a note saying why."""
	keys = {name: normalize_email(fact.customer_email) for name, fact in facts.items()}
	# The lookup records.find_or_create_donor makes, new emails locked until commit (fundraising.locks).
	found = donors_by_email(keys.values())
	to_make: dict[str, str] = {}  # the new donor's key (its email, else the event's name) -> an event of it
	for name in facts:
		if keys[name] not in found:
			to_make.setdefault(keys[name] or name, name)
	made = _make_flagged_donors({key: (name, facts[name]) for key, name in to_make.items()})
	return {name: found.get(keys[name]) or made[keys[name] or name] for name in facts}


def _make_flagged_donors(events_by_key: dict[str, tuple[str, StripeFact]]) -> dict[str, str]:
	"""New donors from Stripe's name and email ({key: (event name, fact)}), each inserted as a whole Document,
	then flagged for review as records.find_or_create_donor flags the one it makes. Their Contacts are made
	together by a background job after commit (fundraising.donors.sync_contacts), not one by one on save."""
	docs = {}
	for key, (event, fact) in events_by_key.items():
		doc = frappe.new_doc(DONOR)
		doc.update(records.new_donor(fact.customer_email, fact.customer_name))
		doc.flags.silent_duplicates = True
		doc.flags.skip_contact_sync = True
		doc.flags.updater_reference = source(event)
		docs[key] = doc
	bulk.insert_documents(list(docs.values()))
	names = [doc.name for doc in docs.values()]
	if names:
		# After insert: the donor's validate sets needs_review from its duplicate check alone.
		frappe.db.sql(
			"update `tabLPN Donor` set needs_review = 1 where name in %(names)s", {"names": tuple(names)}
		)
		for doc in docs.values():
			doc.needs_review = 1
	bulk.add_versions(list(docs.values()))
	bulk.add_notes(DONOR, {name: records.new_donor_note() for name in names})
	queue_contact_sync(names)
	return {key: doc.name for key, doc in docs.items()}
