"""What a donor's own changes to a monthly gift rest on: the subscription state read from an event or an API
answer (paused collection, scheduled end, card), the rule that skips older events, and the stub's answers to
the requests the portal sends (items with a new price, pause_collection, Billing Portal, customer delete)."""

import pytest
import stripe

from lpn_crm.domain import stripe_events as se
from lpn_crm.domain.stripe_events import is_stale, parse_event, recurring_status_for
from lpn_crm.tests.stripe_stub import StripeStub, load_event, make_event


def subscription_event(created=1767336000, **object_overrides):
	event = load_event("customer_subscription_updated", object_overrides=object_overrides)
	event["created"] = created
	return parse_event(event)


def test_a_paused_collection_pauses_the_gift_though_stripe_says_active():
	fact = subscription_event(status="active", pause_collection={"behavior": "void", "resumes_at": None})
	assert fact.collection_paused
	assert recurring_status_for(fact, "Active") == "Paused"
	resumed = subscription_event(status="active", pause_collection=None)
	assert recurring_status_for(resumed, "Paused") == "Active"
	assert recurring_status_for(fact, "Cancelled") == "Cancelled"


def test_scheduled_end_and_expanded_card_are_read():
	card = {"id": "pm_1", "object": "payment_method", "card": {"brand": "visa", "last4": "4242"}}
	fact = subscription_event(cancel_at_period_end=True, cancel_at=1769582400, default_payment_method=card)
	assert (fact.cancel_at_period_end, fact.cancel_at) == (True, 1769582400)
	assert (fact.payment_method, fact.card_brand, fact.card_last4) == ("pm_1", "visa", "4242")
	plain = subscription_event(default_payment_method="pm_2")
	assert (plain.payment_method, plain.card_last4) == ("pm_2", None)


def test_older_updates_are_stale_deletions_never():
	assert is_stale(subscription_event(created=100), 200)
	assert not is_stale(subscription_event(created=200), 200)
	assert not is_stale(subscription_event(created=100), None)
	deleted = parse_event({**load_event("customer_subscription_deleted"), "created": 100})
	assert deleted.kind == se.SUBSCRIPTION_DELETED
	assert not is_stale(deleted, 200)


@pytest.fixture
def stub():
	with StripeStub() as running:
		yield running


def monthly(stub):
	client = stub.client()
	customer = client.v1.customers.create(params={"email": "naw.paw@example.org"})
	session = client.v1.checkout.sessions.create(
		params={
			"mode": "subscription",
			"customer": customer.id,
			"line_items": [
				{
					"price_data": {
						"currency": "thb",
						"unit_amount": 50000,
						"recurring": {"interval": "month"},
						"product_data": {"name": "Monthly gift"},
					},
					"quantity": 1,
				}
			],
			"success_url": "https://give.lpn.test/donate/thanks",
		}
	)
	return client, customer.id, stub.complete_session(session.id)["subscription"]


def test_new_price_on_the_item_and_the_card_expanded(stub):
	client, _, sub_id = monthly(stub)
	subscription = client.v1.subscriptions.retrieve(sub_id, params={"expand": ["default_payment_method"]})
	item = subscription["items"]["data"][0]
	assert subscription["default_payment_method"]["card"]["last4"] == "4242"
	updated = client.v1.subscriptions.update(
		sub_id,
		params={
			"items": [
				{
					"id": item["id"],
					"price_data": {
						"currency": "thb",
						"product": item["price"]["product"],
						"unit_amount": 80000,
						"recurring": {"interval": "month"},
					},
				}
			],
			"proration_behavior": "none",
		},
	)
	assert updated["items"]["data"][0]["price"]["unit_amount"] == 80000
	assert parse_event(make_event("customer.subscription.updated", updated.to_dict())).amount == 800
	with pytest.raises(stripe.InvalidRequestError):
		client.v1.subscriptions.update(sub_id, params={"proration_behavior": "sometimes"})


def test_pause_resume_portal_and_customer_delete(stub):
	client, customer, sub_id = monthly(stub)
	paused = client.v1.subscriptions.update(sub_id, params={"pause_collection": {"behavior": "void"}})
	assert paused["pause_collection"]["behavior"] == "void"
	assert client.v1.subscriptions.update(sub_id, params={"pause_collection": ""})["pause_collection"] is None
	portal = client.v1.billing_portal.sessions.create(
		params={
			"customer": customer,
			"return_url": "https://give.lpn.test/my-account",
			"flow_data": {"type": "payment_method_update"},
		}
	)
	assert portal.url.startswith("https://billing.stripe.com/")
	assert stub.update_card(sub_id)["default_payment_method"]["card"]["last4"] == "4444"
	assert client.v1.customers.delete(customer)["deleted"] is True
	assert stub.subscriptions[sub_id]["status"] == "canceled"
	with pytest.raises(stripe.InvalidRequestError):
		client.v1.customers.delete(customer)
	with pytest.raises(stripe.InvalidRequestError):
		client.v1.subscriptions.update(sub_id, params={"pause_collection": {"behavior": "void"}})
