"""The real `stripe` library against the loopback StripeStub, and webhook signatures made by the library."""

import json
import time
from decimal import Decimal

import pytest
import stripe

from lpn_crm.domain.checkout import checkout_session_params, idempotency_key
from lpn_crm.domain.stripe_events import PAYMENT_SUCCEEDED, metadata_ref, parse_event
from lpn_crm.tests.stripe_stub import StripeStub, decode_form, load_event, make_event, sign_payload

META = {"lpn_doctype": "LPN Donation", "lpn_name": "DON-2025-000042"}
MONTHLY_META = {"lpn_doctype": "LPN Recurring Donation", "lpn_name": "RCG-00007"}
SECRET = "whsec_lpn_test_secret"


@pytest.fixture
def stub():
	with StripeStub() as running:
		yield running


@pytest.fixture
def client(stub):
	return stub.client()


def make_customer(client, email="somchai.donor@example.org"):
	return client.v1.customers.create(
		params={"email": email, "name": "Somchai", "metadata": {"lpn_donor": "DNR-00001"}}
	)


def session_params(customer_id, **overrides):
	args = {
		"mode": "payment",
		"amount": Decimal("1500"),
		"currency": "THB",
		"customer": customer_id,
		"success_url": "https://lpn.localhost/give/thanks",
		"cancel_url": "https://lpn.localhost/give",
		"metadata": dict(META),
		"description": "Gift to LPN",
	}
	args.update(overrides)
	return checkout_session_params(**args)


def create_session(client, customer_id, key=None, **overrides):
	options = {"idempotency_key": key} if key else None
	return client.v1.checkout.sessions.create(
		params=session_params(customer_id, **overrides), options=options
	)


def test_client_points_at_the_stub(stub, client):
	assert stub.url.startswith("http://127.0.0.1:")
	assert client._requestor._options.base_addresses["api"] == stub.url


def test_create_customer_and_find_it_by_email(stub, client):
	customer = make_customer(client)
	assert customer.id.startswith("cus_") and customer.email == "somchai.donor@example.org"
	recorded = stub.calls("POST", "/v1/customers")[0]
	assert recorded.form == {
		"email": "somchai.donor@example.org",
		"name": "Somchai",
		"metadata": {"lpn_donor": "DNR-00001"},
	}
	assert ("metadata[lpn_donor]", "DNR-00001") in recorded.pairs
	assert recorded.header("authorization") == "Bearer sk_test_lpn"
	assert recorded.api_key == "sk_test_lpn"
	# StripeClient pins the API version its types were generated for and sends it on every request.
	assert recorded.stripe_version == client._requestor._options.stripe_version
	assert recorded.idempotency_key  # the library adds one to every POST
	make_customer(client, email="someone.else@example.org")

	found = client.v1.customers.list(params={"email": "somchai.donor@example.org", "limit": 1})
	assert [c.id for c in found.data] == [customer.id]
	assert stub.requests[-1].query == {"email": "somchai.donor@example.org", "limit": "1"}
	searched = client.v1.customers.search(params={"query": "email:'somchai.donor@example.org'"})
	assert [c.id for c in searched.data] == [customer.id]
	assert client.v1.customers.retrieve(customer.id).email == "somchai.donor@example.org"


def test_checkout_session_is_recorded_as_the_library_sent_it(stub, client):
	customer = make_customer(client)
	key = idempotency_key("LPN Donation", "DON-2025-000042", "checkout")
	session = create_session(client, customer.id, key)

	assert session.id.startswith("cs_test_")
	assert session.url == f"https://checkout.stripe.com/c/pay/{session.id}"
	assert (session.amount_total, session.currency, session.mode) == (150000, "thb", "payment")
	assert (session.status, session.payment_status) == ("open", "unpaid")
	assert session.customer == customer.id and session.metadata.to_dict() == META

	recorded = stub.calls("POST", "/v1/checkout/sessions")[0]
	form = recorded.form
	assert form["mode"] == "payment"
	assert form["line_items"][0]["price_data"]["unit_amount"] == "150000"
	assert form["line_items"][0]["price_data"]["currency"] == "thb"
	assert form["line_items"][0]["quantity"] == "1"
	assert form["payment_method_types"] == ["card", "promptpay"]
	assert ("payment_method_types[1]", "promptpay") in recorded.pairs
	assert form["metadata"] == META and form["payment_intent_data"]["metadata"] == META
	assert form["client_reference_id"] == "DON-2025-000042"
	assert form["success_url"] == "https://lpn.localhost/give/thanks?session_id={CHECKOUT_SESSION_ID}"
	assert recorded.idempotency_key == key
	assert recorded.replayed is False
	assert client.v1.checkout.sessions.retrieve(session.id).id == session.id


def test_repeated_idempotency_key_replays_the_first_answer(stub, client):
	customer = make_customer(client)
	key = idempotency_key("LPN Donation", "DON-2025-000042", "checkout")
	first = create_session(client, customer.id, key)
	second = create_session(client, customer.id, key)
	assert second.id == first.id
	assert [r.replayed for r in stub.calls("POST", "/v1/checkout/sessions")] == [False, True]
	assert len(stub.sessions) == 1


def test_idempotency_key_reused_with_other_params_is_refused(stub, client):
	customer = make_customer(client)
	create_session(client, customer.id, "lpn-same-key")
	with pytest.raises(stripe.IdempotencyError):
		create_session(client, customer.id, "lpn-same-key", amount=Decimal("2000"))
	assert len(stub.sessions) == 1


def test_subscription_session_and_its_lifecycle(stub, client):
	customer = make_customer(client)
	session = create_session(
		client, customer.id, mode="subscription", amount=Decimal("1000"), metadata=MONTHLY_META
	)
	form = stub.calls("POST", "/v1/checkout/sessions")[0].form
	assert form["payment_method_types"] == ["card"]
	assert form["line_items"][0]["price_data"]["recurring"] == {"interval": "month"}
	assert form["subscription_data"]["metadata"] == MONTHLY_META

	completed = stub.complete_session(session.id, email="aye@example.org")
	subscription = client.v1.subscriptions.retrieve(completed["subscription"])
	assert subscription.status == "active" and subscription.metadata.to_dict() == MONTHLY_META
	updated = client.v1.subscriptions.update(subscription.id, params={"cancel_at_period_end": True})
	assert updated.cancel_at_period_end is True
	assert stub.requests[-1].form == {"cancel_at_period_end": "true"}
	canceled = client.v1.subscriptions.cancel(subscription.id)
	assert canceled.status == "canceled"
	assert stub.requests[-1].method == "DELETE"
	with pytest.raises(stripe.InvalidRequestError):
		client.v1.subscriptions.cancel(subscription.id)


def test_refunds_against_a_completed_payment(stub, client):
	customer = make_customer(client)
	session = create_session(client, customer.id)
	intent = stub.complete_session(session.id)["payment_intent"]
	refund = client.v1.refunds.create(params={"payment_intent": intent, "amount": 50000, "metadata": META})
	assert (refund.amount, refund.status, refund.payment_intent) == (50000, "succeeded", intent)
	assert stub.requests[-1].form["amount"] == "50000"
	with pytest.raises(stripe.InvalidRequestError) as raised:
		client.v1.refunds.create(params={"payment_intent": intent, "amount": 100001})
	assert raised.value.code == "amount_too_large"
	rest = client.v1.refunds.create(params={"payment_intent": intent})
	assert rest.amount == 100000
	assert stub.charges[rest.charge]["refunded"] is True


def test_completed_session_makes_an_event_the_app_reads(stub, client):
	customer = make_customer(client)
	session = create_session(client, customer.id)
	event = make_event("checkout.session.completed", stub.complete_session(session.id))
	fact = parse_event(json.loads(json.dumps(event)))
	assert fact.kind == PAYMENT_SUCCEEDED
	assert fact.amount == Decimal("1500.00")
	assert metadata_ref(fact) == ("LPN Donation", "DON-2025-000042")
	assert fact.payment_intent == stub.sessions[session.id]["payment_intent"]


def test_missing_objects_are_stripe_errors(client):
	with pytest.raises(stripe.InvalidRequestError) as raised:
		client.v1.checkout.sessions.retrieve("cs_test_nope")
	assert raised.value.code == "resource_missing"
	with pytest.raises(stripe.InvalidRequestError):
		client.v1.checkout.sessions.create(params=session_params("cus_unknown"))


def test_stub_refuses_what_stripe_refuses(client):
	customer = make_customer(client)
	with pytest.raises(stripe.InvalidRequestError, match="promptpay"):
		client.v1.checkout.sessions.create(
			params={
				**session_params(customer.id, currency="USD"),
				"payment_method_types": ["card", "promptpay"],
			}
		)
	with pytest.raises(stripe.InvalidRequestError, match="at least"):
		create_session(client, customer.id, amount=Decimal("5"))


def test_api_key_is_required(stub):
	with pytest.raises(stripe.AuthenticationError):
		stub.client(api_key="not-a-key").v1.customers.create(params={"email": "a@example.org"})
	assert stub.requests[-1].status == 401
	assert stub.customers == {}


def test_pinned_api_key():
	with StripeStub(api_key="sk_test_configured") as pinned:
		with pytest.raises(stripe.AuthenticationError):
			pinned.client(api_key="sk_test_other").v1.customers.create(params={"email": "a@example.org"})
		assert (
			pinned.client(api_key="sk_test_configured")
			.v1.customers.create(params={"email": "a@example.org"})
			.id
		)


def test_fail_next_answers_one_stripe_error(stub, client):
	stub.fail_next(402, {"type": "card_error", "code": "card_declined", "message": "Your card was declined."})
	with pytest.raises(stripe.CardError) as raised:
		make_customer(client)
	assert raised.value.code == "card_declined"
	stub.fail_next(500, {"message": "Something went wrong on Stripe's end."})
	with pytest.raises(stripe.APIError):
		make_customer(client)
	assert make_customer(client).id.startswith("cus_")
	assert [r.status for r in stub.requests] == [402, 500, 200]


def test_webhook_signature_made_by_the_library_is_accepted():
	payload = json.dumps(load_event("checkout_session_completed_payment")).encode()
	event = stripe.Webhook.construct_event(payload, sign_payload(payload, SECRET), SECRET, tolerance=300)
	assert event.type == "checkout.session.completed"
	assert event.data.object.metadata["lpn_name"] == "DON-2025-000042"
	header = sign_payload(payload, SECRET, timestamp=1764139200)
	assert header.startswith("t=1764139200,v1=")


def test_tampered_payload_is_rejected():
	payload = json.dumps(load_event("checkout_session_completed_payment")).encode()
	header = sign_payload(payload, SECRET)
	tampered = payload.replace(b"150000", b"150")
	assert tampered != payload
	with pytest.raises(stripe.SignatureVerificationError):
		stripe.Webhook.construct_event(tampered, header, SECRET, tolerance=300)


def test_wrong_secret_is_rejected():
	payload = json.dumps(load_event("invoice_paid")).encode()
	with pytest.raises(stripe.SignatureVerificationError):
		stripe.Webhook.construct_event(
			payload, sign_payload(payload, "whsec_someone_else"), SECRET, tolerance=300
		)


def test_old_timestamp_is_rejected():
	payload = json.dumps(load_event("invoice_paid")).encode()
	header = sign_payload(payload, SECRET, timestamp=int(time.time()) - 301)
	with pytest.raises(stripe.SignatureVerificationError, match="tolerance"):
		stripe.Webhook.construct_event(payload, header, SECRET, tolerance=300)


def test_load_event_overrides():
	event = load_event("invoice_paid", id="evt_override", object_overrides={"amount_paid": 1})
	assert event["id"] == "evt_override"
	assert event["data"]["object"]["amount_paid"] == 1
	assert event["data"]["object"]["currency"] == "thb"
	assert load_event("invoice_paid")["data"]["object"]["amount_paid"] == 100000


def test_decode_form_builds_stripe_nesting():
	pairs = [
		("metadata[lpn_name]", "X"),
		("line_items[0][price_data][unit_amount]", "1000"),
		("line_items[0][quantity]", "1"),
		("payment_method_types[0]", "card"),
		("payment_method_types[1]", "promptpay"),
		("expand[]", "customer"),
		("expand[]", "payment_intent"),
		("email", ""),
	]
	assert decode_form(pairs) == {
		"metadata": {"lpn_name": "X"},
		"line_items": [{"price_data": {"unit_amount": "1000"}, "quantity": "1"}],
		"payment_method_types": ["card", "promptpay"],
		"expand": ["customer", "payment_intent"],
		"email": "",
	}


# --- a guest's Checkout: the email alone, the customer made by Checkout -----------------------------------


@pytest.mark.parametrize("mode", ["payment", "subscription"])
def test_a_guest_session_gets_a_customer_of_its_own_when_completed(stub, client, mode):
	params = session_params(None, customer_email="guest@example.org", mode=mode, metadata=dict(MONTHLY_META))
	session = client.v1.checkout.sessions.create(params=params)
	assert session.customer is None and session.customer_email == "guest@example.org"
	completed = stub.complete_session(session.id, email="typed@example.org")
	customer = stub.customers[completed["customer"]]
	assert customer["email"] == "guest@example.org"  # the session's email, as Stripe fixes it
	assert [r.path for r in stub.requests] == ["/v1/checkout/sessions"]


def test_the_stub_refuses_what_stripe_refuses_about_customers(client):
	customer = make_customer(client).id
	guest = {"customer_email": "guest@example.org"}
	for params in (
		{
			**session_params(None, mode="subscription", metadata=dict(MONTHLY_META), **guest),
			"customer_creation": "always",
		},
		{**session_params(customer), "customer_creation": "always"},
		{**session_params(customer), **guest},
	):
		with pytest.raises(stripe.InvalidRequestError):
			client.v1.checkout.sessions.create(params=params)
