"""Starting a gift on Stripe Checkout: the local record first, then the Stripe customer and session.

The amount sent to Stripe is always read back from the saved record, never taken from the request.
"""

from decimal import Decimal
from urllib.parse import urlencode

import frappe
import stripe
from frappe import _
from frappe.utils import flt, today

from lpn_crm.domain.checkout import (
	PAYMENT,
	SUBSCRIPTION,
	GiftAmountError,
	checkout_session_params,
	idempotency_key,
	validate_gift_amount,
)
from lpn_crm.domain.money import quantize, to_decimal
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
) -> dict:
	"""Validate the gift, save it as a draft donation or pending recurring gift, open a Checkout Session.

	Everything that can be refused is refused before Stripe is called.
	"""
	settings = get_settings()
	if not settings.enabled:
		frappe.throw(_("Online giving is not open at the moment"), StripeNotConfiguredError)
	currency = (currency or "").strip().upper()
	if currency not in offered_currencies():
		frappe.throw(_("Gifts in {0} are not offered").format(currency), GiftRefusedError)
	mode = _mode_for(frequency)
	try:
		value = validate_gift_amount(amount, currency, gift_cap(currency))
	except GiftAmountError as error:
		frappe.throw(error_message(error), GiftRefusedError)
	email = frappe.utils.validate_email_address((email or "").strip(), throw=True)
	if not (donor_name or "").strip():
		frappe.throw(_("Please give your name"), GiftRefusedError)
	campaign, fund = _designation(campaign, fund, settings.default_fund)
	donor = records.find_or_create_donor(email, donor_name, from_donate_form=True)
	doc = _new_record(mode, donor, value, currency, fund, campaign)
	return start_checkout(doc, email=email, donor_name=donor_name.strip())


def start_checkout(doc, *, email: str, donor_name: str) -> dict:
	"""Open the Checkout Session for a saved draft donation or pending recurring gift; returns {"url": …}."""
	settings = get_settings()
	mode = SUBSCRIPTION if doc.doctype == records.RECURRING else PAYMENT
	doc.reload()  # what is charged is what was saved
	amount: Decimal = quantize(to_decimal(flt(doc.amount)), doc.currency)
	client = stripe_client()
	try:
		customer = find_or_create_customer(client, email, donor_name, doc.donor)
		params = checkout_session_params(
			mode=mode,
			amount=amount,
			currency=doc.currency,
			customer=customer,
			success_url=f"{settings.public_base_url}/donate/thanks",
			cancel_url=_cancel_url(settings.public_base_url, doc.campaign),
			metadata={"lpn_doctype": doc.doctype, "lpn_name": doc.name, "lpn_donor": doc.donor},
			description=_description(mode, doc.campaign),
		)
		session = client.v1.checkout.sessions.create(
			params=params, options={"idempotency_key": idempotency_key(doc.doctype, doc.name, "checkout")}
		)
	except stripe.StripeError as error:
		frappe.log_error(title=f"Stripe Checkout for {doc.name}", message=str(error))
		frappe.throw(
			_("The payment page could not be opened. Nothing was charged; please try again."),
			CheckoutFailedError,
		)
	values = {"stripe_checkout_session": session.id}
	if mode == SUBSCRIPTION:
		values["stripe_customer"] = customer
	doc.db_set(values)
	return {"url": session.url}


def find_or_create_customer(client: stripe.StripeClient, email: str, name: str, donor: str) -> str:
	"""The Stripe customer with this email (the newest), else a new one linked to the donor."""
	found = client.v1.customers.list(params={"email": email, "limit": 1})
	if found.data:
		return found.data[0].id
	customer = client.v1.customers.create(
		params={"email": email, "name": name, "metadata": {"lpn_donor": donor}},
		options={"idempotency_key": idempotency_key(records.DONOR, donor, f"customer:{email}")},
	)
	return customer.id


def _mode_for(frequency: str) -> str:
	found = FREQUENCIES.get((frequency or "").strip().lower())
	if not found:
		frappe.throw(_("Choose a one-off or a monthly gift"), GiftRefusedError)
	return SUBSCRIPTION if found == MONTHLY else PAYMENT


def _designation(campaign: str | None, fund: str | None, default_fund: str | None) -> tuple[str | None, str]:
	"""(campaign, fund) of the gift: an active campaign's fund, else the chosen fund, else the default."""
	if campaign:
		row = frappe.db.get_value("LPN Campaign", campaign, ["status", "fund"], as_dict=True)
		if not row or row.status != "Active":
			frappe.throw(_("This campaign is not taking gifts"), GiftRefusedError)
		fund = row.fund or fund
	if fund and not frappe.db.exists("LPN Fund", fund):
		frappe.throw(_("Unknown fund {0}").format(fund), GiftRefusedError)
	fund = fund or default_fund
	if not fund:
		frappe.throw(_("Online giving is not set up: no default fund"), StripeNotConfiguredError)
	return campaign or None, fund


def _new_record(mode: str, donor: str, amount: Decimal, currency: str, fund: str, campaign: str | None):
	common = {
		"donor": donor,
		"amount": flt(amount),
		"currency": currency,
		"fund": fund,
		"campaign": campaign,
		"payment_method": records.CARD,
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
			}
		)
	return doc.insert(ignore_permissions=True)


def _cancel_url(base: str, campaign: str | None) -> str:
	return f"{base}/donate" + (f"?{urlencode({'campaign': campaign})}" if campaign else "")


def _description(mode: str, campaign: str | None) -> str:
	title = frappe.db.get_value("LPN Campaign", campaign, "title") if campaign else None
	gift = _("Monthly gift") if mode == SUBSCRIPTION else _("Gift")
	where = title or _("Labour Protection Network")
	return f"{gift}: {where}"
