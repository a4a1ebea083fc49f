"""What a Stripe fact does to LPN's records: donations, recurring gifts, donors. Every step is an idempotent
upsert, so processing an event twice (Stripe re-sends, staff reprocess) leaves the same records.

Each handler takes a StripeFact and returns (status, reference doctype, reference name) for the event log.
"""

import datetime

import frappe
from frappe import _
from frappe.utils import convert_utc_to_system_timezone, flt, now_datetime

from lpn_crm.domain.matching import normalize_email
from lpn_crm.domain.money import to_decimal
from lpn_crm.domain.stripe_events import (
	PAYMENT_KINDS,
	StripeFact,
	gift_rate,
	is_stale,
	metadata_ref,
	new_subscription_gift_status,
	payment_mismatch,
	recurring_status_for,
)
from lpn_crm.fundraising import rollups
from lpn_crm.fundraising.alerts import DISPUTE_OPENED, alert_staff
from lpn_crm.fundraising.locks import donors_by_email
from lpn_crm.fundraising.receipts import cancel_receipt
from lpn_crm.fundraising.recurring import refresh as refresh_recurring
from lpn_crm.lpn_integrations import outbox
from lpn_crm.lpn_payments.exceptions import PaymentNotMatchedError, StripeNotConfiguredError
from lpn_crm.lpn_payments.settings import configured_rate, get_settings

DONATION = "LPN Donation"
RECURRING = "LPN Recurring Donation"
DONOR = "LPN Donor"
CARD = "Card (Stripe)"
PROMPTPAY = "PromptPay"
PROCESSED, IGNORED = "Processed", "Ignored"
LANGUAGES = ("en", "th", "my")

Outcome = tuple[str, str | None, str | None]


# --- one-off gifts -----------------------------------------------------------------------------------


def payment_succeeded(fact: StripeFact) -> Outcome:
	"""A Checkout payment went through: submit the draft it was for, or record a gift made outside the app."""
	ref = metadata_ref(fact)
	if fact.subscription or (ref and ref[0] == RECURRING):
		return subscription_checkout_completed(fact)
	if not ref:
		return external_payment(fact)
	donation = _locked(DONATION, ref[1])
	if donation.docstatus == 1:
		_fill_stripe_ids(donation, fact)
		return PROCESSED, DONATION, donation.name
	if donation.docstatus == 2:
		return IGNORED, DONATION, donation.name
	reason = payment_mismatch(fact, to_decimal(donation.amount), donation.currency)
	if reason:
		hold_for_review(donation, _("Not submitted: {0}").format(reason))
		return PROCESSED, DONATION, donation.name
	donation.update(checkout_payment(fact))
	donation.flags.ignore_permissions = True
	donation.submit()
	return PROCESSED, DONATION, donation.name


def payment_pending(fact: StripeFact) -> Outcome:
	"""PromptPay and other delayed methods: the session is complete, the money not yet in. Link the ids."""
	ref = metadata_ref(fact)
	if not ref or ref[0] != DONATION:
		return IGNORED, None, None
	donation = _locked(DONATION, ref[1])
	if donation.docstatus == 0:
		donation.db_set(
			{"stripe_checkout_session": fact.checkout_session, "stripe_payment_intent": fact.payment_intent}
		)
	return PROCESSED, DONATION, donation.name


def checkout_not_paid(fact: StripeFact) -> Outcome:
	"""An async payment failed or a session expired: say so on the record, which stays a draft / pending."""
	ref = metadata_ref(fact)
	if not ref or not frappe.db.exists(*ref):
		return IGNORED, None, None
	what = _("payment failed") if fact.event_type.endswith("failed") else _("Checkout expired unpaid")
	note_once(ref[0], ref[1], _("Stripe: {0} (session {1})").format(what, fact.checkout_session))
	return PROCESSED, ref[0], ref[1]


def external_payment(fact: StripeFact) -> Outcome:
	"""A payment the app did not start (a Payment Link, a dashboard charge): find or make the donor, record it.

	A donor the app had to create is flagged for review: Stripe's name and email are all it knows.
	"""
	existing = _donation_for(fact)
	if existing:
		return PROCESSED, DONATION, existing
	fund = default_fund()
	donor = find_or_create_donor(fact.customer_email, fact.customer_name, flag_new=True)
	donation = record_gift(external_gift(fact, donor, fund), fact)
	# The donation is new (an existing one returned above), so the note cannot be there yet.
	donation.add_comment("Info", external_gift_note(fact))
	return PROCESSED, DONATION, donation.name


def record_gift(values: dict, fact: StripeFact):
	"""Insert the donation a payment becomes and submit it; one whose currency has no known rate stays a
	draft held for review with its original amount, so the money is recorded and staff enter the rate."""
	donation = frappe.get_doc({"doctype": DONATION, **values})
	donation.flags.ignore_permissions = True
	donation.insert()
	if donation.needs_review:
		alert_staff(donation)
	else:
		donation.submit()
	return donation


def rate_known(fact: StripeFact) -> bool:
	"""Whether a payment's THB value can be worked out (a rate in the settings or in the event)."""
	return not fact.currency or payment_rate(fact) is not None


def payment_rate(fact: StripeFact):
	"""THB per unit of the payment's currency (Decimal), or None when neither LPN nor Stripe says."""
	return gift_rate(fact.currency, configured_rate(fact.currency), fact.settled_rate)


def _rate_values(fact: StripeFact) -> dict:
	"""The donation's exchange rate, or the review flag and note of a gift that must wait for one."""
	rate = payment_rate(fact)
	if rate is not None:
		return {"exchange_rate": flt(rate)}
	return {
		"exchange_rate": 0,
		"needs_review": 1,
		"review_note": _(
			"Not submitted: no exchange rate for {0}. Enter the rate Stripe paid out at and submit"
		).format(fact.currency),
	}


def default_fund() -> str:
	"""The fund gifts made outside the app go to; refused with a clear message until staff set one."""
	fund = get_settings().default_fund
	if not fund:
		frappe.throw(
			_("Set a default fund in LPN Stripe Settings to record payments made outside the app"),
			StripeNotConfiguredError,
		)
	return fund


def checkout_payment(fact: StripeFact) -> dict:
	"""What a paid Checkout session tells about the payment of the donation it was for."""
	return {
		"payment_method": PROMPTPAY if fact.event_type.endswith("async_payment_succeeded") else CARD,
		"payment_reference": fact.payment_intent or fact.checkout_session,
		"stripe_checkout_session": fact.checkout_session,
		"stripe_payment_intent": fact.payment_intent,
		"stripe_charge": fact.charge,
	}


def external_gift(fact: StripeFact, donor: str, fund: str) -> dict:
	"""The donation a payment made outside the app becomes."""
	return {
		"donor": donor,
		"amount": flt(fact.amount),
		"currency": fact.currency,
		**_rate_values(fact),
		"donation_date": _event_date(fact),
		"payment_method": CARD,
		"payment_reference": fact.payment_intent or fact.checkout_session,
		"fund": fund,
		"stripe_checkout_session": fact.checkout_session,
		"stripe_payment_intent": fact.payment_intent,
		"stripe_charge": fact.charge,
	}


def external_gift_note(fact: StripeFact) -> str:
	source = fact.payment_link or _("a payment made outside the donate form")
	return _("Recorded from Stripe: {0}").format(source)


# --- recurring gifts ---------------------------------------------------------------------------------


def subscription_checkout_completed(fact: StripeFact) -> Outcome:
	"""A monthly gift's Checkout finished: the recurring gift becomes Active with its Stripe ids.

	The first payment's donation comes from `invoice.paid` alone (keyed by invoice), so the end state is the
	same whichever of the two events arrives first.
	"""
	gift = recurring_for(fact)
	reason = payment_mismatch(fact, to_decimal(gift.amount), gift.currency)
	if reason:
		note_once(RECURRING, gift.name, _("Not activated: {0}").format(reason))
		alert_staff(gift)
		return PROCESSED, RECURRING, gift.name
	activate(gift, fact)
	return PROCESSED, RECURRING, gift.name


def invoice_paid(fact: StripeFact) -> Outcome:
	"""A subscription invoice was paid: one submitted donation per invoice, linked to the recurring gift."""
	gift = recurring_for(fact)
	activate(gift, fact)
	if not fact.amount or fact.amount <= 0:
		# A free period (trial, full discount): nothing was given, so there is no donation to record.
		return IGNORED, RECURRING, gift.name
	existing = frappe.db.get_value(DONATION, {"stripe_invoice": fact.invoice, "docstatus": ("<", 2)}, "name")
	if existing:
		_fill_stripe_ids(_locked(DONATION, existing), fact)
		return PROCESSED, DONATION, existing
	donation = record_gift(invoice_gift(fact, gift), fact)
	return PROCESSED, DONATION, donation.name


def invoice_gift(fact: StripeFact, gift) -> dict:
	"""The donation a paid invoice of a recurring gift becomes."""
	return {
		"donor": gift.donor,
		"donor_name": gift.donor_name,
		"amount": flt(fact.amount),
		"currency": fact.currency,
		**_rate_values(fact),
		"donation_date": _event_date(fact, fact.period_start),
		"payment_method": CARD,
		# The invoice is the one id both orders of arrival know: it keeps a renewal from being recorded twice.
		"payment_reference": fact.invoice,
		"fund": gift.fund,
		"campaign": gift.campaign,
		"recurring_donation": gift.name,
		# A sponsor's monthly payment is the sponsorship's (lpn_crm.sponsorship.online).
		"sponsorship": gift.get("sponsorship"),
		"stripe_invoice": fact.invoice,
		"stripe_payment_intent": fact.payment_intent,
		"stripe_charge": fact.charge,
	}


def invoice_failed(fact: StripeFact) -> Outcome:
	gift = recurring_for(fact)
	note_once(
		RECURRING,
		gift.name,
		_("Stripe could not collect invoice {0} ({1} {2}): {3}").format(
			fact.invoice, fact.amount, fact.currency, fact.failure_message or _("no reason given")
		),
	)
	return PROCESSED, RECURRING, gift.name


def subscription_changed(fact: StripeFact) -> Outcome:
	"""A subscription's state, from a customer.subscription.* event or from Stripe's answer to a change the
	donor made on the portal (lpn_payments.subscriptions): both pass here, and an event older than the state
	the gift already has is skipped, so the end state is the same whichever arrives first."""
	gift = recurring_for(fact)
	if is_stale(fact, gift.stripe_state_at):
		return IGNORED, RECURRING, gift.name
	status = recurring_status_for(fact, gift.status)
	if gift.status == "Pending" and status == "Active":
		activate(gift, fact)
	elif status != gift.status:
		gift.db_set("status", status)
		note_once(
			RECURRING, gift.name, _("Stripe subscription {0} is now {1}").format(fact.subscription, status)
		)
	if fact.cancel_at_period_end and status != "Cancelled":
		note_once(
			RECURRING, gift.name, _("The donor cancelled; the subscription ends with the current period")
		)
	follow_subscription(gift, fact, status)
	follow_frequency(gift, fact)
	return PROCESSED, RECURRING, gift.name


def follow_subscription(gift, fact: StripeFact, status: str) -> None:
	"""The gift takes the subscription's amount, scheduled end and card, and remembers how recent they are."""
	values = {
		"cancel_at_period_end": int(bool(fact.cancel_at_period_end) and status != "Cancelled"),
		"ends_on": _event_date(fact, fact.cancel_at) if fact.cancel_at and status != "Cancelled" else None,
		"stripe_state_at": max(fact.created or 0, gift.stripe_state_at or 0),
	}
	if fact.amount and fact.currency == (gift.currency or "").upper():
		values["amount"] = flt(fact.amount)
	if fact.card_last4:
		values.update(
			card_brand=fact.card_brand, card_last4=fact.card_last4, stripe_payment_method=fact.payment_method
		)
	elif fact.payment_method and fact.payment_method != gift.stripe_payment_method:
		# Another card, not expanded in the event: the old digits are wrong; the portal reads the new ones.
		values.update(card_brand=None, card_last4=None, stripe_payment_method=fact.payment_method)
	changed = {key: value for key, value in values.items() if gift.get(key) != value}
	if changed:
		gift.db_set(changed, update_modified=False)


def follow_frequency(gift, fact: StripeFact) -> None:
	"""A gift made from a subscription started outside the app (no checkout token: the donate form's are all
	monthly) takes the billing interval Stripe states, which the event it was made from may not have said."""
	if fact.frequency and not gift.checkout_token and gift.frequency != fact.frequency:
		gift.db_set("frequency", fact.frequency)
		refresh_recurring(gift.name)


def activate(gift, fact: StripeFact) -> None:
	"""Link the Stripe subscription and customer; a Pending gift becomes Active. Never revives a cancelled one."""
	changed = activation_changes(gift, fact)
	if changed:
		gift.db_set(changed)
		if changed.get("status") == "Active":
			refresh_recurring(gift.name)


def activation_changes(gift, fact: StripeFact) -> dict:
	"""What `activate` would change on the gift: the Stripe ids it lacks, and Active for a Pending gift."""
	values = {
		"stripe_subscription": gift.stripe_subscription or fact.subscription,
		"stripe_customer": gift.stripe_customer or fact.customer,
		"stripe_checkout_session": gift.stripe_checkout_session or fact.checkout_session,
	}
	if gift.status == "Pending":
		values["status"] = "Active"
	return {key: value for key, value in values.items() if value and gift.get(key) != value}


def recurring_for(fact: StripeFact):
	"""The recurring gift an event is about: by the metadata the app put on the subscription, else by id."""
	ref = metadata_ref(fact)
	name = ref[1] if ref and ref[0] == RECURRING and frappe.db.exists(RECURRING, ref[1]) else None
	if not name and fact.subscription:
		name = frappe.db.get_value(RECURRING, {"stripe_subscription": fact.subscription}, "name")
	if not name and fact.subscription and not ref:
		# A subscription the app did not start (a recurring Payment Link, the Stripe dashboard).
		name = subscription_started_outside(fact)
	if not name:
		raise PaymentNotMatchedError(
			_("No recurring gift carries Stripe subscription {0}").format(fact.subscription)
		)
	return _locked(RECURRING, name)


def subscription_started_outside(fact: StripeFact) -> str | None:
	"""The recurring gift of a subscription the app never saw, made from its first event to arrive.

	The donor is the one whose Stripe customer this is (on the donor or on one of their monthly gifts), else
	the donor with the event's email, else a new donor flagged for review. An event that names no donor
	(customer.subscription.* carries the customer's id alone) or no amount makes nothing: it fails and is
	retried on the backoff schedule, and the payment events Stripe sends with it (checkout.session.completed,
	invoice.paid) make the gift meanwhile. Payment events always make it, from whatever they carry: money is
	never left unrecorded for want of an email. Returns None when nothing is made.
	"""
	if not (fact.amount and fact.amount > 0 and fact.currency):
		return None
	_lock_subscription_creation()
	# A locking read sees what another worker committed while this one waited for the lock; the plain
	# read in recurring_for did not find it.
	made = frappe.db.sql(
		"select name from `tabLPN Recurring Donation` where stripe_subscription = %s for update",
		fact.subscription,
	)
	if made:
		# Another worker made it after this transaction's snapshot, which cannot see it: the event is
		# retried on the backoff schedule, and then finds the gift like any other.
		raise PaymentNotMatchedError(
			_("Stripe subscription {0} was being recorded by another worker").format(fact.subscription)
		)
	donor = donor_of_customer(fact.customer)
	if not donor and (fact.customer_email or fact.kind in PAYMENT_KINDS):
		donor = find_or_create_donor(fact.customer_email, fact.customer_name, flag_new=True)
	if not donor:
		return None
	gift = frappe.get_doc(
		{
			"doctype": RECURRING,
			"donor": donor,
			"amount": flt(fact.amount),
			"currency": fact.currency,
			# Only subscription events say how often; the others' gift is monthly until one does.
			"frequency": fact.frequency or "Monthly",
			"start_date": _event_date(fact, fact.period_start),
			"status": new_subscription_gift_status(fact),
			"payment_method": CARD,
			"fund": default_fund(),
			"stripe_subscription": fact.subscription,
			"stripe_customer": fact.customer,
			"stripe_checkout_session": fact.checkout_session,
		}
	)
	gift.insert(ignore_permissions=True)
	gift.add_comment(
		"Info",
		_("Recorded from Stripe: subscription {0}, started outside the donate form").format(
			fact.subscription
		),
	)
	if gift.status == "Active":
		refresh_recurring(gift.name)
	return gift.name


def donor_of_customer(customer: str | None) -> str | None:
	"""The donor a Stripe customer id belongs to: stored on the donor, else on one of their monthly gifts."""
	if not customer:
		return None
	return frappe.db.get_value(DONOR, {"stripe_customer": customer}, "name") or frappe.db.get_value(
		RECURRING, {"stripe_customer": customer}, "donor", order_by="creation asc"
	)


def _lock_subscription_creation() -> None:
	"""Gifts of unknown subscriptions are made one at a time (until commit), so two workers handling two
	events of one new subscription make one gift. Such events are rare; the lock is the doctype's own row."""
	frappe.db.sql("select name from `tabDocType` where name = %s for update", RECURRING)


# --- refunds and disputes ----------------------------------------------------------------------------


def refunded(fact: StripeFact) -> Outcome:
	"""Full refund: the donation is cancelled (its receipt too, kept visible), marked Refunded.
	Partial: the refunded amount is recorded and the donation stays, Partly Refunded."""
	donation = _locked(DONATION, _require_donation(fact))
	amount = flt(fact.amount_refunded)
	if fact.refund_is_full:
		if donation.docstatus == 1:
			donation.flags.ignore_permissions = True
			donation.cancel()
			# The receipt stays, Cancelled, saying why.
			cancel_receipt(donation, _("Refunded in full on Stripe"))
		if donation.docstatus == 2:
			donation.db_set({"status": "Refunded", "refunded_amount": amount})
			note_once(
				DONATION,
				donation.name,
				_("Refunded in full on Stripe: {0} {1}").format(amount, fact.currency),
			)
		return PROCESSED, DONATION, donation.name
	if donation.docstatus != 1:
		return IGNORED, DONATION, donation.name
	values = {"refunded_amount": amount}
	if donation.status != "Disputed":
		values["status"] = "Partly Refunded"
	previous_refunded = donation.refunded_amount
	donation.db_set(values)
	rollups.refund_recorded(donation, previous_refunded)
	outbox.queue_refund(donation, amount - flt(previous_refunded), amount)
	note_once(
		DONATION,
		donation.name,
		_("Partly refunded on Stripe: {0} of {1} {2}").format(amount, fact.amount, fact.currency),
	)
	return PROCESSED, DONATION, donation.name


def dispute_opened(fact: StripeFact) -> Outcome:
	donation = _locked(DONATION, _require_donation(fact))
	first_news = donation.dispute_status != fact.dispute_status or donation.status != "Disputed"
	donation.db_set({"dispute_status": fact.dispute_status, "status": "Disputed"})
	if first_news:
		alert_staff(donation, DISPUTE_OPENED)
	return PROCESSED, DONATION, donation.name


def dispute_closed(fact: StripeFact) -> Outcome:
	"""Won: the donation stands again. Lost: the money went back; staff decide whether to cancel it."""
	donation = _locked(DONATION, _require_donation(fact))
	values: dict = {"dispute_status": fact.dispute_status}
	if fact.dispute_status == "won":
		values["status"] = "Partly Refunded" if flt(donation.refunded_amount) else "Paid"
	else:
		values.update(
			needs_review=1,
			review_note=_("Dispute closed as {0}: the bank returned the money to the donor").format(
				fact.dispute_status
			),
		)
	donation.db_set(values)
	note_once(DONATION, donation.name, _("Card dispute closed: {0}").format(fact.dispute_status))
	return PROCESSED, DONATION, donation.name


# --- shared steps ------------------------------------------------------------------------------------


def hold_for_review(donation, note: str) -> None:
	"""Flag a donation for staff and alert them, once per distinct reason."""
	if donation.needs_review and donation.review_note == note:
		return
	donation.db_set({"needs_review": 1, "review_note": note})
	alert_staff(donation)


def note_once(doctype: str, name: str, text: str) -> None:
	"""A comment on the record's timeline, unless the very same note is already there."""
	filters = {"reference_doctype": doctype, "reference_name": name, "comment_type": "Info", "content": text}
	if not frappe.db.exists("Comment", filters):
		# A Comment row, as Document.add_comment writes it, without loading the whole record first.
		frappe.get_doc(
			{
				"doctype": "Comment",
				**filters,
				"comment_email": frappe.session.user,
				"comment_by": frappe.session.user,
			}
		).insert(ignore_permissions=True)


def find_or_create_donor(
	email: str | None, donor_name: str | None, *, flag_new: bool = False, from_donate_form: bool = False
) -> str:
	"""The donor with this email (compared normalised), else a new one; `flag_new` marks it for review.

	A donor the donate form creates gave their email "for your receipt": that is their consent to receipts
	(source Online Donation). An existing donor's consents are never changed here.
	"""
	key = normalize_email(email)
	# Locks a new email until commit: two first gifts at once make one donor (fundraising.locks).
	found = donors_by_email([key]).get(key) if key else None
	if found:
		return found
	donor = frappe.get_doc({"doctype": DONOR, **new_donor(email, donor_name, from_donate_form)})
	donor.flags.silent_duplicates = True
	donor.insert(ignore_permissions=True)
	if flag_new:
		# After insert: the donor's validate sets needs_review from its duplicate check alone.
		donor.db_set("needs_review", 1)
		donor.add_comment("Info", new_donor_note())
	return donor.name


def new_donor_note() -> str:
	return _("Created from a Stripe payment: check name and contact details")


def new_donor(email: str | None, donor_name: str | None, from_donate_form: bool = False) -> dict:
	"""A donor as Stripe knows them: a name and an email, the language they used on the site."""
	return {
		"donor_type": "Person",
		"donor_name": (donor_name or "").strip() or email or _("Unknown Stripe donor"),
		"email": (email or "").strip() or None,
		"preferred_language": frappe.local.lang if frappe.local.lang in LANGUAGES else "en",
		"consents": [{"purpose": "Receipts", "granted": 1, "source": "Online Donation"}]
		if from_donate_form
		else [],
	}


def _donation_for(fact: StripeFact) -> str | None:
	"""The live donation that carries this payment's Stripe ids, if any."""
	for field, value in (
		("stripe_payment_intent", fact.payment_intent),
		("stripe_charge", fact.charge),
		("stripe_checkout_session", fact.checkout_session),
	):
		if value:
			name = frappe.db.get_value(DONATION, {field: value, "docstatus": ("<", 2)}, "name")
			if name:
				return name
	ref = metadata_ref(fact)
	if ref and ref[0] == DONATION and frappe.db.exists(DONATION, ref[1]):
		return ref[1]
	return None


def _require_donation(fact: StripeFact) -> str:
	"""For refunds and disputes: the donation of this charge, cancelled ones included (a repeat refund event)."""
	name = _donation_for(fact)
	for field, value in (("stripe_payment_intent", fact.payment_intent), ("stripe_charge", fact.charge)):
		if not name and value:
			name = frappe.db.get_value(DONATION, {field: value}, "name")
	if not name:
		raise PaymentNotMatchedError(
			_("No donation carries Stripe payment {0}").format(fact.payment_intent or fact.charge)
		)
	return name


def _fill_stripe_ids(donation, fact: StripeFact) -> None:
	"""Ids a later event knows and the record lacks (a charge, a payment intent); never overwrites one."""
	values = {
		field: value
		for field, value in (
			("stripe_payment_intent", fact.payment_intent),
			("stripe_charge", fact.charge),
			("stripe_checkout_session", fact.checkout_session),
		)
		if value and not donation.get(field)
	}
	if values:
		donation.db_set(values)


def _locked(doctype: str, name: str):
	"""The record, row-locked until commit: two events about one payment are handled one after the other."""
	if not frappe.db.exists(doctype, name):
		raise PaymentNotMatchedError(_("{0} {1} does not exist").format(_(doctype), name))
	return frappe.get_doc(doctype, name, for_update=True)


def _event_date(fact: StripeFact, timestamp: int | None = None) -> datetime.date:
	"""The day a payment was made, in the site's time zone (Thailand's): Stripe's times are Unix seconds,
	and a gift made at 01:00 in Bangkok is that day's gift there, not the previous day's in UTC."""
	moment = timestamp or fact.created
	if not moment:
		return now_datetime().date()
	utc = datetime.datetime.fromtimestamp(moment, datetime.UTC).replace(tzinfo=None)
	return convert_utc_to_system_timezone(utc).date()
