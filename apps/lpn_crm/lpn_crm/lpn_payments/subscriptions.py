"""A donor's own changes to a monthly card gift, through Stripe's Subscription API.

Each change checks with Stripe first (a subscription Stripe reports cancelled is refused), sends the one
request, and applies Stripe's answer to the local gift through the very handler customer.subscription.updated
events pass (records.subscription_changed), stamped with the time of the answer: whichever of the answer
and the event arrives first, the gift ends the same. The donor gets a confirmation in their language.
"""

import time

import frappe
import stripe
from frappe import _
from frappe.utils import flt

from lpn_crm.domain.checkout import GiftAmountError, idempotency_key, validate_gift_amount
from lpn_crm.domain.money import quantize, to_decimal, to_minor_units
from lpn_crm.domain.stripe_events import parse_event
from lpn_crm.fundraising import portal
from lpn_crm.i18n import error_message
from lpn_crm.lpn_payments import records
from lpn_crm.lpn_payments.client import refuse_after_stripe_error, stripe_client
from lpn_crm.lpn_payments.exceptions import GiftRefusedError, SubscriptionChangeError
from lpn_crm.lpn_payments.settings import get_settings, gift_cap

RECURRING = records.RECURRING
ENDED = ("canceled", "incomplete_expired")
EXPAND = ["default_payment_method"]


def change_amount(gift_name: str, amount: str) -> dict:
	"""The gift's amount from the next charge on (no proration: nothing is charged or credited now)."""
	gift = portal.own_card_gift(gift_name)
	try:
		value = validate_gift_amount(amount, gift.currency, gift_cap(gift.currency))
	except GiftAmountError as error:
		frappe.throw(error_message(error), GiftRefusedError)
	old = quantize(to_decimal(flt(gift.amount)), gift.currency)
	if value == old:
		frappe.throw(
			_("Your monthly gift is already {0}").format(_money(value, gift.currency)), GiftRefusedError
		)
	client = stripe_client()
	subscription = _live_subscription(client, gift)
	item = subscription["items"]["data"][0]
	price = item["price"]
	recurring = price.get("recurring") or {}
	minor = to_minor_units(value, gift.currency)
	params = {
		"items": [
			{
				"id": item["id"],
				"price_data": {
					"currency": gift.currency.lower(),
					"product": price["product"],
					"unit_amount": minor,
					"recurring": {
						"interval": recurring.get("interval") or "month",
						"interval_count": recurring.get("interval_count") or 1,
					},
				},
			}
		],
		"proration_behavior": "none",
	}
	gift = _apply(client, gift, params, f"amount:{minor}")
	portal.confirm(gift, "amount", _money(value, gift.currency), _money(old, gift.currency))
	return portal.gift_summary(gift)


def pause(gift_name: str) -> dict:
	"""Stripe stops collecting (its invoices are voided) until the donor resumes."""
	gift = portal.own_card_gift(gift_name)
	if gift.status == "Paused":
		frappe.throw(_("This monthly gift is already paused"), SubscriptionChangeError)
	client = stripe_client()
	_live_subscription(client, gift)
	gift = _apply(client, gift, {"pause_collection": {"behavior": "void"}}, "pause")
	portal.confirm(gift, "pause")
	return portal.gift_summary(gift)


def resume(gift_name: str) -> dict:
	gift = portal.own_card_gift(gift_name)
	if gift.status != "Paused":
		frappe.throw(_("Only a paused monthly gift can be resumed"), SubscriptionChangeError)
	client = stripe_client()
	_live_subscription(client, gift)
	gift = _apply(client, gift, {"pause_collection": ""}, "resume")
	portal.confirm(gift, "resume")
	return portal.gift_summary(gift)


def cancel_at_period_end(gift_name: str) -> dict:
	"""The gift stops after the period already paid for; nothing more is charged."""
	gift = portal.own_card_gift(gift_name)
	if gift.cancel_at_period_end:
		frappe.throw(_("This monthly gift is already set to end"), SubscriptionChangeError)
	client = stripe_client()
	_live_subscription(client, gift)
	gift = _apply(client, gift, {"cancel_at_period_end": True}, "cancel")
	ends = portal.format_day(gift.ends_on, portal.donor_language(gift.donor)) if gift.ends_on else ""
	portal.confirm(gift, "cancel", ends)
	return portal.gift_summary(gift)


def keep(gift_name: str) -> dict:
	"""The donor changed their mind before the end: the gift goes on as before."""
	gift = portal.own_card_gift(gift_name)
	if not gift.cancel_at_period_end:
		frappe.throw(_("This monthly gift is not set to end"), SubscriptionChangeError)
	client = stripe_client()
	_live_subscription(client, gift)
	gift = _apply(client, gift, {"cancel_at_period_end": False}, "keep")
	portal.confirm(gift, "resume")
	return portal.gift_summary(gift)


def card_update_session(gift_name: str) -> dict:
	"""A Stripe Billing Portal session where the donor saves a new card; {"url": …} to send them to."""
	gift = portal.own_card_gift(gift_name)
	if not gift.stripe_customer:
		frappe.throw(_("This monthly gift has no card on file with Stripe"), SubscriptionChangeError)
	base = get_settings().public_base_url
	try:
		session = stripe_client().v1.billing_portal.sessions.create(
			params={
				"customer": gift.stripe_customer,
				"return_url": f"{base}/my-account?card_updated={gift.name}#monthly",
				"flow_data": {
					"type": "payment_method_update",
				},
				"locale": portal.donor_language(gift.donor),
			}
		)
	except stripe.StripeError as error:
		_stripe_failed(gift, error)
	return {"url": session.url}


def refresh_card(gift_name: str) -> None:
	"""Read the gift's card (brand, last 4) from Stripe, e.g. back from the Billing Portal."""
	gift = portal.own_card_gift(gift_name, allow_ended=True)
	try:
		subscription = stripe_client().v1.subscriptions.retrieve(
			gift.stripe_subscription, params={"expand": EXPAND}
		)
	except stripe.StripeError:
		frappe.log_error(title=f"Card of {gift.name} could not be read from Stripe")
		return
	_follow(gift, subscription)


def refresh_cards(gifts: list[str]) -> None:
	"""Job entry (as the donor who opened their page): each gift's card from Stripe, committed one by one."""
	for gift in gifts:
		try:
			refresh_card(gift)
			frappe.db.commit()  # nosemgrep: a background job, each gift on its own
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=f"Card of {gift} could not be read from Stripe")


# --- one request, one answer ----------------------------------------------------------------------------


def _live_subscription(client: stripe.StripeClient, gift):
	"""The subscription as Stripe has it now; a change to one Stripe reports ended is refused."""
	try:
		subscription = client.v1.subscriptions.retrieve(gift.stripe_subscription).to_dict()
	except stripe.StripeError as error:
		_stripe_failed(gift, error)
	if subscription["status"] in ENDED:
		frappe.throw(
			_("Stripe reports this monthly gift as cancelled, so it cannot be changed. Please contact LPN."),
			SubscriptionChangeError,
		)
	return subscription


def _apply(client: stripe.StripeClient, gift, params: dict, purpose: str):
	"""Send the change, then apply Stripe's answer to the gift as an event of that moment would."""
	key = idempotency_key(RECURRING, gift.name, f"{purpose}:{gift.stripe_state_at or 0}")
	try:
		subscription = client.v1.subscriptions.update(
			gift.stripe_subscription, params={**params, "expand": EXPAND}, options={"idempotency_key": key}
		)
	except stripe.StripeError as error:
		_stripe_failed(gift, error)
	return _follow(gift, subscription)


def _follow(gift, subscription):
	# Never older than what the gift has: an event of the same second must not be read as newer.
	moment = max(int(time.time()), int(gift.stripe_state_at or 0))
	fact = parse_event(
		{
			"id": f"portal-{gift.name}-{moment}",
			"type": "customer.subscription.updated",
			"created": moment,
			"data": {"object": subscription.to_dict() if hasattr(subscription, "to_dict") else subscription},
		}
	)
	records.subscription_changed(fact)
	return frappe.get_doc(RECURRING, gift.name)


def _stripe_failed(gift, error: stripe.StripeError):
	refuse_after_stripe_error(
		f"Stripe change of {gift.name}",
		error,
		_("Stripe could not make this change just now. Nothing was changed; please try again later."),
		SubscriptionChangeError,
	)


def _money(value, currency: str) -> str:
	return frappe.utils.fmt_money(flt(value), currency=currency)
