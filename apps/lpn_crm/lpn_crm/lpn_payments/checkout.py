"""Starting a gift on Stripe Checkout: the local record first, then the Stripe session.

The amount sent to Stripe is always read back from the saved record, never taken from the request. A guest's
Checkout makes a new Stripe customer from the email typed: an email proves nothing, so a stranger never opens
Checkout as someone else's customer. A logged-in donor's Checkout reuses the customer stored on their donor.
Drafts the form saved that never reached payment are deleted after a while (`delete_abandoned_checkouts`).
"""

from decimal import Decimal
from urllib.parse import urlencode

import frappe
import stripe
from frappe import _
from frappe.utils import add_days, cint, flt, now_datetime, today

from lpn_crm.domain.checkout import (
	PAYMENT,
	SUBSCRIPTION,
	GiftAmountError,
	checkout_session_params,
	idempotency_key,
	new_checkout_token,
	validate_gift_amount,
)
from lpn_crm.domain.money import quantize, to_decimal
from lpn_crm.fundraising.attribution import attribution_metadata, gift_attribution
from lpn_crm.i18n import error_message
from lpn_crm.lpn_payments import records
from lpn_crm.lpn_payments.client import stripe_client
from lpn_crm.lpn_payments.exceptions import CheckoutFailedError, GiftRefusedError, StripeNotConfiguredError
from lpn_crm.lpn_payments.settings import exchange_rate, get_settings, gift_cap, offered_currencies

ONE_OFF, MONTHLY = "One-off", "Monthly"
FREQUENCIES = {"one-off": ONE_OFF, "once": ONE_OFF, "monthly": MONTHLY}


def create_checkout(
	*,
	amount: str,
	currency: str,
	frequency: str,
	email: str,
	donor_name: str,
	campaign: str | None = None,
	fund: str | None = None,
	attribution: dict | None = None,
) -> dict:
	"""Validate the gift, save it as a draft donation or pending recurring gift, open a Checkout Session.

	Everything that can be refused is refused before Stripe is called. `attribution` (a supporter page, an
	appeal link's appeal, donor and token) credits a one-off gift where it is genuine and is dropped where
	it is not: the gift is taken either way (fundraising.attribution).
	"""
	settings = get_settings()
	mode = _mode_for(frequency)
	value, currency, email, donor_name = checked_gift(amount, currency, email, donor_name)
	campaign, fund = _designation(campaign, fund, settings.default_fund)
	donor = records.find_or_create_donor(email, donor_name, from_donate_form=True)
	doc = new_record(
		mode,
		donor,
		value,
		currency,
		fund,
		campaign,
		gift_attribution(campaign, attribution) if mode == PAYMENT else None,
	)
	return start_checkout(doc, email=email, donor_name=donor_name)


def checked_gift(amount: str, currency: str, email: str, donor_name: str) -> tuple[Decimal, str, str, str]:
	"""(amount, currency, email, name) of a gift a form asks for, each checked; refused with a clear message
	while online giving is closed, in a currency not offered, outside the amounts allowed, or without a
	valid email and a name. The donate form and the sponsor form (/sponsor) both start here."""
	if not get_settings().enabled:
		frappe.throw(_("Online giving is not open at the moment"), StripeNotConfiguredError)
	currency = (currency or "").strip().upper()
	if currency not in offered_currencies():
		frappe.throw(_("Gifts in {0} are not offered").format(currency), GiftRefusedError)
	try:
		value = validate_gift_amount(amount, currency, gift_cap(currency))
	except GiftAmountError as error:
		frappe.throw(error_message(error), GiftRefusedError)
	email = frappe.utils.validate_email_address((email or "").strip(), throw=True)
	if not (donor_name or "").strip():
		frappe.throw(_("Please give your name"), GiftRefusedError)
	return value, currency, email, donor_name.strip()


def start_checkout(
	doc, *, email: str, donor_name: str, page: str = "/donate", description: str | None = None
) -> dict:
	"""Open the Checkout Session for a saved draft donation or pending recurring gift; returns {"url": …}.

	`page` is the form the giver came from: Stripe sends them back to it if they cancel, and to its
	`/thanks` page once paid."""
	settings = get_settings()
	mode = SUBSCRIPTION if doc.doctype == records.RECURRING else PAYMENT
	doc.reload()  # what is charged is what was saved
	token = _checkout_token(doc)
	amount: Decimal = quantize(to_decimal(flt(doc.amount)), doc.currency)
	client = stripe_client()
	try:
		customer = logged_in_donor_customer(client, doc.donor, email, donor_name, token)
		params = checkout_session_params(
			mode=mode,
			amount=amount,
			currency=doc.currency,
			customer=customer,
			customer_email=None if customer else email,
			success_url=f"{settings.public_base_url}{page}/thanks",
			cancel_url=_cancel_url(settings.public_base_url, page, doc.campaign),
			metadata={
				"lpn_doctype": doc.doctype,
				"lpn_name": doc.name,
				"lpn_donor": doc.donor,
				**attribution_metadata(doc),
			},
			description=description or _description(mode, doc.campaign),
		)
		session = client.v1.checkout.sessions.create(
			params=params, options={"idempotency_key": idempotency_key(doc.doctype, token, "checkout")}
		)
	except stripe.StripeError as error:
		# The request fails and rolls back: the log is written outside it (deferred), or it would go too.
		frappe.log_error(
			title=f"Stripe Checkout for {doc.name}",
			message=f"{type(error).__name__}: {error}\n{doc.doctype} {doc.name}, checkout token {token}",
			defer_insert=True,
		)
		frappe.throw(
			_("The payment page could not be opened. Nothing was charged; please try again."),
			CheckoutFailedError,
		)
	values = {"stripe_checkout_session": session.id}
	if mode == SUBSCRIPTION and customer:
		# A guest's customer is made by Checkout: the completed session's event brings its id.
		values["stripe_customer"] = customer
	doc.db_set(values)
	return {"url": session.url}


def logged_in_donor_customer(
	client: stripe.StripeClient, donor: str, email: str, name: str, token: str
) -> str | None:
	"""The Stripe customer of the logged-in user's own donor record: the one stored there, else a new one,
	then stored. None for anybody else (a guest, or a user giving under a donor that is not theirs)."""
	user = frappe.session.user
	if user == "Guest":
		return None
	linked_user, stored = frappe.db.get_value(records.DONOR, donor, ["user", "stripe_customer"]) or (
		None,
		None,
	)
	if linked_user != user:
		return None
	if stored:
		return stored
	customer = client.v1.customers.create(
		params={"email": email, "name": name, "metadata": {"lpn_donor": donor}},
		options={"idempotency_key": idempotency_key(records.DONOR, donor, f"customer:{token}")},
	)
	frappe.db.set_value(records.DONOR, donor, "stripe_customer", customer.id, update_modified=False)
	return customer.id


def _checkout_token(doc) -> str:
	"""The draft's random checkout token; a draft made before tokens existed gets one now."""
	if not doc.get("checkout_token"):
		doc.db_set("checkout_token", new_checkout_token(), update_modified=False)
	return doc.checkout_token


def _mode_for(frequency: str) -> str:
	found = FREQUENCIES.get((frequency or "").strip().lower())
	if not found:
		frappe.throw(_("Choose a one-off or a monthly gift"), GiftRefusedError)
	return SUBSCRIPTION if found == MONTHLY else PAYMENT


def _designation(campaign: str | None, fund: str | None, default_fund: str | None) -> tuple[str | None, str]:
	"""(campaign, fund) of the gift: an active campaign's fund, else the chosen fund, else the default."""
	if campaign:
		row = frappe.db.get_value("LPN Campaign", campaign, ["status", "fund"], as_dict=True)
		if not row or row.status != "Live":
			frappe.throw(_("This campaign is not taking gifts"), GiftRefusedError)
		fund = row.fund or fund
	if fund and not frappe.db.exists("LPN Fund", fund):
		frappe.throw(_("Unknown fund {0}").format(fund), GiftRefusedError)
	fund = fund or default_fund
	if not fund:
		frappe.throw(_("Online giving is not set up: no default fund"), StripeNotConfiguredError)
	return campaign or None, fund


def new_record(
	mode: str,
	donor: str,
	amount: Decimal,
	currency: str,
	fund: str,
	campaign: str | None,
	attribution: dict | None = None,
):
	"""The donate form's draft donation (one-off, with its supporter page and appeal if any) or Pending
	recurring gift (monthly), inserted."""
	common = {
		"donor": donor,
		"amount": flt(amount),
		"currency": currency,
		"fund": fund,
		"campaign": campaign,
		"payment_method": records.CARD,
		# Marks the record as the donate form's (staff entries have none) and keys its Stripe requests.
		"checkout_token": new_checkout_token(),
	}
	if mode == SUBSCRIPTION:
		doc = frappe.get_doc(
			{
				"doctype": records.RECURRING,
				**common,
				"frequency": "Monthly",
				"start_date": today(),
				"status": "Pending",
			}
		)
	else:
		doc = frappe.get_doc(
			{
				"doctype": records.DONATION,
				**common,
				"exchange_rate": exchange_rate(currency),
				"donation_date": today(),
				**(attribution or {}),
			}
		)
	return doc.insert(ignore_permissions=True)


def _cancel_url(base: str, page: str, campaign: str | None) -> str:
	return f"{base}{page}" + (f"?{urlencode({'campaign': campaign})}" if campaign else "")


def _description(mode: str, campaign: str | None) -> str:
	title = frappe.db.get_value("LPN Campaign", campaign, "title") if campaign else None
	gift = _("Monthly gift") if mode == SUBSCRIPTION else _("Gift")
	where = title or _("Labour Protection Network")
	return f"{gift}: {where}"


# --- unpaid drafts -------------------------------------------------------------------------------------

# Stripe keeps a Checkout Session open for 24 hours at most: a draft two days old can no longer be paid.
MINIMUM_AGE_DAYS = 2
CLEANUP_BATCH = 500


def delete_abandoned_checkouts() -> dict[str, int]:
	"""Daily: delete the donate form's drafts that never reached payment, after the settings' number of days.

	Only records the form made (they carry a checkout token; staff entries never do): draft donations with
	no Stripe payment on them and not held for review, and Pending monthly gifts Stripe never started.
	Anything submitted, paid, held or linked stays. Deleted records go to Deleted Documents, as in the
	desk. 0 days keeps them all. Returns how many of each were deleted.
	"""
	days = cint(get_settings().abandoned_checkout_days)
	if days <= 0:
		return {records.DONATION: 0, records.RECURRING: 0}
	cutoff = add_days(now_datetime(), -max(days, MINIMUM_AGE_DAYS))
	unpaid = {
		records.DONATION: {
			"docstatus": 0,
			"needs_review": 0,
			"stripe_payment_intent": ("is", "not set"),
			"stripe_charge": ("is", "not set"),
			"stripe_invoice": ("is", "not set"),
		},
		records.RECURRING: {"status": "Pending", "stripe_subscription": ("is", "not set")},
	}
	deleted = {}
	for doctype, filters in unpaid.items():
		names = frappe.get_all(
			doctype,
			filters={**filters, "checkout_token": ("is", "set"), "creation": ("<", cutoff)},
			pluck="name",
			order_by="creation asc",
			limit=CLEANUP_BATCH,
		)
		deleted[doctype] = sum(_delete_unpaid(doctype, name) for name in names)
	return deleted


def _delete_unpaid(doctype: str, name: str) -> bool:
	"""Delete one unpaid draft; one that something links to (a donation of a pending gift) is kept. A sponsor
	form's gift goes with the Proposed sponsorship it made, unless a coordinator has matched it meanwhile."""
	frappe.db.savepoint("lpn_abandoned_checkout")
	try:
		if doctype == records.RECURRING:
			from lpn_crm.sponsorship.online import delete_unpaid_sponsorship

			delete_unpaid_sponsorship(name)
		frappe.delete_doc(doctype, name, ignore_permissions=True)
	except frappe.LinkExistsError:
		frappe.db.rollback(save_point="lpn_abandoned_checkout")
		return False
	return True
