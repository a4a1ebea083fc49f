"""A loopback stand-in for the Stripe API, for tests that run the real `stripe` library.

stripe.com cannot be reached from the test machines, so `StripeStub` answers on 127.0.0.1 the few endpoints
lpn_crm calls, with objects shaped like Stripe's, and records every request exactly as the library sent it
(form body decoded back into nested dicts and lists) so tests can check what would have gone to Stripe.
No Frappe here: Frappe site tests and plain-Python end-to-end tests both use it.

	with StripeStub() as stub:
		client = stub.client()
		client.v1.customers.create(params={"email": "a@example.org"})
		assert stub.requests[-1].form["email"] == "a@example.org"
"""

from __future__ import annotations

import copy
import itertools
import json
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import stripe

REPO = Path(__file__).resolve().parents[4]
FIXTURES = REPO / "fixtures" / "stripe"

API_VERSION = "2025-03-31.basil"
KEY_PATTERN = re.compile(r"^(sk|rk)_(test|live)_\S+$")

# Stripe's minimum charge per currency, in minor units; the stub refuses smaller sessions as Stripe does.
MINIMUM_MINOR = {"thb": 1000, "usd": 50, "eur": 50, "gbp": 30, "jpy": 50, "sgd": 50, "aud": 50}


class StripeStubError(Exception):
	"""An answer the stub gives as a Stripe error response."""

	def __init__(self, status: int, message: str, *, type: str = "invalid_request_error", **extra: Any):
		super().__init__(message)
		self.status = status
		self.body = {"error": {"type": type, "message": message, **extra}}


@dataclass
class RecordedRequest:
	"""One request as the stub received it.

	`query` and `form` are the query string and the form body decoded into nested dicts and lists; `pairs`
	are the request's parameters as flat (key, value) pairs as sent (the body of a POST, else the query).
	"""

	method: str
	path: str
	query: dict[str, Any]
	form: dict[str, Any]
	pairs: list[tuple[str, str]]
	headers: dict[str, str]
	status: int = 0
	replayed: bool = False
	response: dict[str, Any] = field(default_factory=dict)

	def header(self, name: str) -> str | None:
		"""A request header, looked up case-insensitively."""
		wanted = name.lower()
		return next((value for key, value in self.headers.items() if key.lower() == wanted), None)

	@property
	def idempotency_key(self) -> str | None:
		return self.header("Idempotency-Key")

	@property
	def stripe_version(self) -> str | None:
		return self.header("Stripe-Version")

	@property
	def api_key(self) -> str | None:
		auth = self.header("Authorization") or ""
		return auth[len("Bearer ") :] if auth.startswith("Bearer ") else None


def decode_form(pairs: list[tuple[str, str]]) -> dict[str, Any]:
	"""Stripe's form encoding (`a[b][0][c]=v`) back into nested dicts and lists.

	Indexed keys (`[0]`, `[1]`) and empty brackets (`expand[]`) become lists; everything else dicts.
	"""
	root: dict[str, Any] = {}
	for key, value in pairs:
		head, _, rest = key.partition("[")
		parts = [head, *re.findall(r"([^\[\]]*)\]", "[" + rest)] if rest else [head]
		node = root
		for index, part in enumerate(parts):
			last = index == len(parts) - 1
			if part == "":
				part = str(len(node))
			if last:
				node[part] = value
			else:
				if not isinstance(node.get(part), dict):
					node[part] = {}
				node = node[part]
	return _lists_from_indexed(root)


def _lists_from_indexed(node: Any) -> Any:
	if not isinstance(node, dict):
		return node
	converted = {key: _lists_from_indexed(value) for key, value in node.items()}
	if converted and all(key.isdigit() for key in converted):
		return [converted[key] for key in sorted(converted, key=int)]
	return converted


def sign_payload(payload: bytes | str, secret: str, timestamp: int | None = None) -> str:
	"""The `Stripe-Signature` header Stripe would send with `payload`, made by the library's own signer."""
	text = payload.decode("utf-8") if isinstance(payload, bytes | bytearray) else payload
	return stripe.WebhookSignature.generate_signature_header(text, secret, timestamp=timestamp)


def load_event(name: str, *, object_overrides: dict[str, Any] | None = None, **overrides: Any) -> dict:
	"""A fixture event from fixtures/stripe/<name>.json, with top-level and data.object keys replaced."""
	event = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
	event.update(overrides)
	if object_overrides:
		event["data"]["object"].update(object_overrides)
	return event


def make_event(event_type: str, obj: dict[str, Any], *, previous_attributes: dict | None = None) -> dict:
	"""Wrap a Stripe object (e.g. one the stub returned) in an event envelope like a webhook body."""
	data: dict[str, Any] = {"object": copy.deepcopy(obj)}
	if previous_attributes is not None:
		data["previous_attributes"] = previous_attributes
	return {
		"id": _new_id("evt_"),
		"object": "event",
		"api_version": API_VERSION,
		"created": int(time.time()),
		"data": data,
		"livemode": False,
		"pending_webhooks": 1,
		"request": {"id": None, "idempotency_key": None},
		"type": event_type,
	}


def _new_id(prefix: str, length: int = 24) -> str:
	alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	return prefix + "".join(secrets.choice(alphabet) for _ in range(length))


def _missing(kind: str, object_id: str, param: str) -> StripeStubError:
	return StripeStubError(404, f"No such {kind}: '{object_id}'", code="resource_missing", param=param)


def _list(data: list[dict], url: str) -> dict:
	return {"object": "list", "data": data, "has_more": False, "url": url}


def _merge_metadata(current: dict[str, str], update: Any) -> dict[str, str]:
	"""Stripe's metadata update: keys set to "" are removed, others replaced; metadata="" clears all."""
	if update == "":
		return {}
	merged = dict(current)
	for key, value in (update or {}).items():
		if value == "":
			merged.pop(key, None)
		else:
			merged[key] = value
	return merged


class StripeStub:
	"""A fake Stripe API on 127.0.0.1 (a context manager); `.client()` gives a real StripeClient for it.

	`api_key`, when given, is the only secret key accepted (to prove the app sends the configured one);
	otherwise any well-formed `sk_`/`rk_` key passes.
	"""

	def __init__(self, api_key: str | None = None):
		self.api_key = api_key
		self.requests: list[RecordedRequest] = []
		self.customers: dict[str, dict] = {}
		self.sessions: dict[str, dict] = {}
		self.subscriptions: dict[str, dict] = {}
		self.payment_intents: dict[str, dict] = {}
		self.charges: dict[str, dict] = {}
		self.invoices: dict[str, dict] = {}
		self.refunds: dict[str, dict] = {}
		self.payment_methods: dict[str, dict] = {}
		self.portal_sessions: dict[str, dict] = {}
		self.deleted_customers: set[str] = set()
		self._line_items: dict[str, list[dict]] = {}
		self._session_params: dict[str, dict] = {}
		self._idempotent: dict[str, tuple[str, str, list[tuple[str, str]], int, dict]] = {}
		self._failures: list[tuple[int, dict]] = []
		self._lock = threading.RLock()
		self._server: ThreadingHTTPServer | None = None
		self._thread: threading.Thread | None = None
		self._routes: list[tuple[str, re.Pattern, Callable[..., tuple[int, dict]]]] = [
			("POST", re.compile(r"/v1/customers"), self._create_customer),
			("GET", re.compile(r"/v1/customers"), self._list_customers),
			("GET", re.compile(r"/v1/customers/search"), self._search_customers),
			("GET", re.compile(r"/v1/customers/(?P<id>[^/]+)"), self._get_customer),
			("DELETE", re.compile(r"/v1/customers/(?P<id>[^/]+)"), self._delete_customer),
			("POST", re.compile(r"/v1/billing_portal/sessions"), self._create_portal_session),
			("POST", re.compile(r"/v1/checkout/sessions"), self._create_session),
			("GET", re.compile(r"/v1/checkout/sessions/(?P<id>[^/]+)"), self._get_session),
			("GET", re.compile(r"/v1/subscriptions/(?P<id>[^/]+)"), self._get_subscription),
			("POST", re.compile(r"/v1/subscriptions/(?P<id>[^/]+)"), self._update_subscription),
			("DELETE", re.compile(r"/v1/subscriptions/(?P<id>[^/]+)"), self._cancel_subscription),
			("POST", re.compile(r"/v1/refunds"), self._create_refund),
		]

	# --- lifecycle --------------------------------------------------------------------------------

	def __enter__(self) -> StripeStub:
		self.start()
		return self

	def __exit__(self, *exc_info: object) -> None:
		self.stop()

	def start(self) -> None:
		stub = self

		class Handler(_Handler):
			pass

		Handler.stub = stub
		self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
		self._server.daemon_threads = True
		# A short poll interval keeps stop() (which waits for the next poll) from costing half a second.
		self._thread = threading.Thread(
			target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="stripe-stub", daemon=True
		)
		self._thread.start()

	def stop(self) -> None:
		if self._server is not None:
			self._server.shutdown()
			self._server.server_close()
			self._server = None
		if self._thread is not None:
			self._thread.join()
			self._thread = None

	@property
	def url(self) -> str:
		if self._server is None:
			raise RuntimeError("StripeStub is not running; use it as a context manager or call start()")
		host, port = self._server.server_address[:2]
		return f"http://{host}:{port}"

	def client(self, api_key: str = "sk_test_lpn") -> stripe.StripeClient:
		"""A real StripeClient whose API base is this stub, with the library's retries off."""
		return stripe.StripeClient(api_key, base_addresses={"api": self.url}, max_network_retries=0)

	# --- test controls ------------------------------------------------------------------------------

	def fail_next(self, status: int, error: dict[str, Any]) -> None:
		"""Answer the next request with this Stripe error (the inner `error` object, or a full body)."""
		body = error if "error" in error else {"error": {"type": "api_error", **error}}
		with self._lock:
			self._failures.append((status, body))

	def calls(self, method: str, path: str) -> list[RecordedRequest]:
		"""The recorded requests for one endpoint, e.g. calls("POST", "/v1/checkout/sessions")."""
		return [r for r in self.requests if r.method == method and r.path == path]

	def complete_session(
		self,
		session_id: str,
		*,
		email: str = "donor@example.org",
		name: str = "Test Donor",
		payment_status: str = "paid",
	) -> dict:
		"""Play the donor finishing Checkout: the session turns complete, and a PaymentIntent and charge
		(payment mode) or a subscription and its first invoice (subscription mode) appear. A session opened
		without a customer gets a new one, as Stripe makes it (subscription mode, or `customer_creation`
		"always"), from the email the session was given, else the one the donor typed.

		Returns the session as Stripe would now return it; wrap it with `make_event` for a webhook.
		"""
		with self._lock:
			session = self.sessions[session_id]
			params = self._session_params[session_id]
			now = int(time.time())
			session.update(
				status="complete",
				payment_status=payment_status,
				url=None,
				customer_details={"email": email, "name": name, "address": None, "phone": None},
			)
			if not session["customer"] and (
				session["mode"] == "subscription" or session.get("customer_creation") == "always"
			):
				_, customer = self._create_customer(
					RecordedRequest(
						"POST",
						"/v1/customers",
						{},
						{"email": session["customer_email"] or email, "name": name},
						[],
						{},
					)
				)
				session["customer"] = customer["id"]
			if session["mode"] == "payment":
				intent_metadata = (params.get("payment_intent_data") or {}).get("metadata") or {}
				intent = self._new_payment(session["amount_total"], session["currency"], intent_metadata)
				intent["customer"] = session["customer"]
				session["payment_intent"] = intent["id"]
			else:
				session["subscription"], session["invoice"] = self._new_subscription(session, params, now)
			return copy.deepcopy(session)

	def _new_payment(self, amount: int, currency: str, metadata: dict[str, str]) -> dict:
		now = int(time.time())
		intent_id, charge_id = _new_id("pi_"), _new_id("ch_")
		intent = {
			"id": intent_id,
			"object": "payment_intent",
			"amount": amount,
			"amount_received": amount if amount else 0,
			"created": now,
			"currency": currency,
			"customer": None,
			"latest_charge": charge_id,
			"livemode": False,
			"metadata": dict(metadata),
			"status": "succeeded",
		}
		self.payment_intents[intent_id] = intent
		self.charges[charge_id] = {
			"id": charge_id,
			"object": "charge",
			"amount": amount,
			"amount_captured": amount,
			"amount_refunded": 0,
			"created": now,
			"currency": currency,
			"livemode": False,
			"metadata": dict(metadata),
			"paid": True,
			"payment_intent": intent_id,
			"refunded": False,
			"status": "succeeded",
		}
		return intent

	def _new_subscription(self, session: dict, params: dict, now: int) -> tuple[str, str]:
		sub_id, item_id, invoice_id = _new_id("sub_"), _new_id("si_", 14), _new_id("in_")
		price = params["line_items"][0]["price_data"]
		metadata = dict((params.get("subscription_data") or {}).get("metadata") or {})
		period_end = now + 30 * 86400
		payment_method = self.add_card(session["customer"])
		self.subscriptions[sub_id] = {
			"id": sub_id,
			"object": "subscription",
			"cancel_at": None,
			"cancel_at_period_end": False,
			"canceled_at": None,
			"created": now,
			"currency": session["currency"],
			"customer": session["customer"],
			"default_payment_method": payment_method["id"],
			"ended_at": None,
			"items": _list(
				[
					{
						"id": item_id,
						"object": "subscription_item",
						"current_period_start": now,
						"current_period_end": period_end,
						"price": {
							"id": _new_id("price_"),
							"object": "price",
							"currency": price["currency"],
							"product": _new_id("prod_", 14),
							"recurring": {"interval": price["recurring"]["interval"], "interval_count": 1},
							"type": "recurring",
							"unit_amount": int(price["unit_amount"]),
						},
						"quantity": int(params["line_items"][0].get("quantity", 1)),
						"subscription": sub_id,
					}
				],
				f"/v1/subscription_items?subscription={sub_id}",
			),
			"latest_invoice": invoice_id,
			"livemode": False,
			"metadata": metadata,
			"pause_collection": None,
			"start_date": now,
			"status": "active",
		}
		intent = self._new_payment(session["amount_total"], session["currency"], {})
		self.invoices[invoice_id] = {
			"id": invoice_id,
			"object": "invoice",
			"amount_due": session["amount_total"],
			"amount_paid": session["amount_total"],
			"billing_reason": "subscription_create",
			"currency": session["currency"],
			"customer": session["customer"],
			"parent": {
				"type": "subscription_details",
				"subscription_details": {"metadata": metadata, "subscription": sub_id},
			},
			"payments": _list(
				[
					{
						"object": "invoice_payment",
						"payment": {"type": "payment_intent", "payment_intent": intent["id"]},
					}
				],
				f"/v1/invoice_payments?invoice={invoice_id}",
			),
			"status": "paid",
		}
		return sub_id, invoice_id

	def add_card(self, customer: str | None, brand: str = "visa", last4: str = "4242") -> dict:
		"""A card payment method of `customer`, as Stripe keeps one Checkout or the Billing Portal saved."""
		payment_method = {
			"id": _new_id("pm_"),
			"object": "payment_method",
			"card": {"brand": brand, "last4": last4, "exp_month": 12, "exp_year": 2030},
			"customer": customer,
			"type": "card",
		}
		self.payment_methods[payment_method["id"]] = payment_method
		return payment_method

	def update_card(self, subscription_id: str, brand: str = "mastercard", last4: str = "4444") -> dict:
		"""Play the donor saving a new card in the Billing Portal: it becomes the subscription's default."""
		with self._lock:
			subscription = self.subscriptions[subscription_id]
			payment_method = self.add_card(subscription["customer"], brand, last4)
			subscription["default_payment_method"] = payment_method["id"]
			return self._expanded(subscription, ["default_payment_method"])

	def _expanded(self, subscription: dict, expand: Any) -> dict:
		"""The subscription as returned, with `expand` ids replaced by their objects (the ones the stub has)."""
		answer = copy.deepcopy(subscription)
		if "default_payment_method" in (expand or []) and answer.get("default_payment_method"):
			answer["default_payment_method"] = copy.deepcopy(
				self.payment_methods.get(answer["default_payment_method"], answer["default_payment_method"])
			)
		return answer

	# --- request handling ---------------------------------------------------------------------------

	def handle(
		self, method: str, raw_path: str, headers: dict[str, str], body: str
	) -> tuple[int, dict, dict]:
		"""Answer one request: (status, JSON body, extra headers). Called by the HTTP handler thread."""
		split = urlsplit(raw_path)
		query_pairs = parse_qsl(split.query, keep_blank_values=True)
		form_pairs = parse_qsl(body, keep_blank_values=True) if body else []
		record = RecordedRequest(
			method=method,
			path=split.path,
			query=decode_form(query_pairs),
			form=decode_form(form_pairs),
			pairs=form_pairs if method == "POST" else query_pairs,
			headers=dict(headers),
		)
		with self._lock:
			self.requests.append(record)
			try:
				status, payload, extra = self._answer(record)
			except Exception as error:
				# A bug in the stub must surface in the test as an API error, not as a dropped connection.
				status, payload, extra = 500, {"error": {"type": "api_error", "message": repr(error)}}, {}
			record.status, record.response = status, payload
		return status, payload, extra

	def _answer(self, record: RecordedRequest) -> tuple[int, dict, dict]:
		key = record.api_key
		if not key or not KEY_PATTERN.match(key) or (self.api_key and key != self.api_key):
			error = StripeStubError(401, f"Invalid API Key provided: {key or '(none)'}")
			return error.status, error.body, {}
		if self._failures:
			status, body = self._failures.pop(0)
			return status, copy.deepcopy(body), {"Stripe-Should-Retry": "false"}

		idempotency_key = record.idempotency_key
		if record.method == "POST" and idempotency_key in self._idempotent:
			method, path, pairs, status, body = self._idempotent[idempotency_key]
			if (method, path, sorted(pairs)) != (record.method, record.path, sorted(record.pairs)):
				error = StripeStubError(
					400,
					"Keys for idempotent requests can only be used with the same parameters they were first used "
					f"with. Try using a key other than '{idempotency_key}' if you meant to execute a different "
					"request.",
					type="idempotency_error",
				)
				return error.status, error.body, {}
			record.replayed = True
			return (
				status,
				copy.deepcopy(body),
				{"Idempotent-Replayed": "true", "Original-Request": "req_stub"},
			)

		try:
			status, body = self._route(record)
		except StripeStubError as error:
			status, body = error.status, error.body
		if record.method == "POST" and idempotency_key:
			self._idempotent[idempotency_key] = (
				record.method,
				record.path,
				sorted(record.pairs),
				status,
				copy.deepcopy(body),
			)
		return status, body, {}

	def _route(self, record: RecordedRequest) -> tuple[int, dict]:
		for method, pattern, handler in self._routes:
			match = pattern.fullmatch(record.path)
			if match and method == record.method:
				return handler(record, **match.groupdict())
		raise StripeStubError(404, f"Unrecognized request URL ({record.method}: {record.path}).")

	# --- customers ----------------------------------------------------------------------------------

	def _create_customer(self, record: RecordedRequest) -> tuple[int, dict]:
		form = record.form
		customer = {
			"id": _new_id("cus_", 14),
			"object": "customer",
			"address": None,
			"balance": 0,
			"created": int(time.time()),
			"currency": None,
			"default_source": None,
			"delinquent": False,
			"description": form.get("description"),
			"email": form.get("email"),
			"invoice_prefix": secrets.token_hex(4).upper(),
			"invoice_settings": {"custom_fields": None, "default_payment_method": None, "footer": None},
			"livemode": False,
			"metadata": _merge_metadata({}, form.get("metadata")),
			"name": form.get("name"),
			"phone": form.get("phone"),
			"preferred_locales": form.get("preferred_locales", []),
			"shipping": None,
			"tax_exempt": "none",
			"test_clock": None,
		}
		self.customers[customer["id"]] = customer
		return 200, customer

	def _list_customers(self, record: RecordedRequest) -> tuple[int, dict]:
		email = record.query.get("email")
		# Stripe's email filter is exact and case-sensitive; newest first.
		found = [c for c in self.customers.values() if email is None or c["email"] == email]
		limit = int(record.query.get("limit", 10))
		return 200, _list([copy.deepcopy(c) for c in reversed(found)][:limit], "/v1/customers")

	def _search_customers(self, record: RecordedRequest) -> tuple[int, dict]:
		query = record.query.get("query", "")
		match = re.fullmatch(r"\s*email\s*:\s*['\"](?P<email>[^'\"]*)['\"]\s*", query)
		if not match:
			raise StripeStubError(400, f"The stub only searches `email:'…'`, not {query!r}", param="query")
		found = [copy.deepcopy(c) for c in reversed(self.customers.values()) if c["email"] == match["email"]]
		return 200, {
			"object": "search_result",
			"data": found,
			"has_more": False,
			"next_page": None,
			"url": "/v1/customers/search",
		}

	def _get_customer(self, record: RecordedRequest, id: str) -> tuple[int, dict]:
		if id not in self.customers:
			raise _missing("customer", id, "id")
		return 200, copy.deepcopy(self.customers[id])

	def _delete_customer(self, record: RecordedRequest, id: str) -> tuple[int, dict]:
		"""Stripe deletes the customer's data and cancels its subscriptions at once."""
		if id not in self.customers:
			raise _missing("customer", id, "id")
		del self.customers[id]
		self.deleted_customers.add(id)
		now = int(time.time())
		for subscription in self.subscriptions.values():
			if subscription["customer"] == id and subscription["status"] != "canceled":
				subscription.update(status="canceled", canceled_at=now, ended_at=now)
		return 200, {"id": id, "object": "customer", "deleted": True}

	# --- billing portal -----------------------------------------------------------------------------

	def _create_portal_session(self, record: RecordedRequest) -> tuple[int, dict]:
		form = record.form
		customer = form.get("customer")
		if not customer:
			raise StripeStubError(400, "Missing required param: customer.", param="customer")
		if customer not in self.customers:
			raise _missing("customer", customer, "customer")
		flow = form.get("flow_data") or {}
		if flow and flow.get("type") not in (
			"payment_method_update",
			"subscription_cancel",
			"subscription_update",
		):
			raise StripeStubError(
				400, f"Invalid flow_data[type]: {flow.get('type')!r}", param="flow_data[type]"
			)
		session_id = _new_id("bps_")
		session = {
			"id": session_id,
			"object": "billing_portal.session",
			"created": int(time.time()),
			"customer": customer,
			"flow": flow or None,
			"livemode": False,
			"locale": form.get("locale"),
			"return_url": form.get("return_url"),
			"url": f"https://billing.stripe.com/p/session/test_{session_id}",
		}
		self.portal_sessions[session_id] = session
		return 200, copy.deepcopy(session)

	# --- checkout sessions --------------------------------------------------------------------------

	def _create_session(self, record: RecordedRequest) -> tuple[int, dict]:
		form = record.form
		mode = form.get("mode")
		if mode not in ("payment", "subscription"):
			raise StripeStubError(
				400, f"Invalid mode: {mode!r}; the stub knows payment and subscription", param="mode"
			)
		items = form.get("line_items")
		if not isinstance(items, list) or not items:
			raise StripeStubError(400, "line_items is required", param="line_items")
		customer = form.get("customer")
		if customer and customer not in self.customers:
			raise _missing("customer", customer, "customer")
		if customer and form.get("customer_email"):
			raise StripeStubError(
				400, "You may only specify one of these parameters: customer, customer_email."
			)
		if "customer_creation" in form and (customer or mode != "payment"):
			raise StripeStubError(
				400,
				"`customer_creation` can only be used in `payment` mode and without `customer`.",
				param="customer_creation",
			)
		currency, total = self._check_line_items(items, mode)
		methods = form.get("payment_method_types") or ["card"]
		if "promptpay" in methods and (currency != "thb" or mode != "payment"):
			raise StripeStubError(
				400,
				"The payment method type `promptpay` is only available for one-time payments in THB.",
				param="payment_method_types",
			)
		if total < MINIMUM_MINOR.get(currency, 0):
			raise StripeStubError(
				400,
				f"The Checkout Session's total amount due must add up to at least {MINIMUM_MINOR[currency]} "
				f"{currency} (minor units)",
				param="line_items",
			)
		session_id = _new_id("cs_test_", 58)
		now = int(time.time())
		session = {
			"id": session_id,
			"object": "checkout.session",
			"amount_subtotal": total,
			"amount_total": total,
			"cancel_url": form.get("cancel_url"),
			"client_reference_id": form.get("client_reference_id"),
			"created": now,
			"currency": currency,
			"customer": customer,
			"customer_creation": form.get("customer_creation", "if_required") if not customer else None,
			"customer_details": None,
			"customer_email": form.get("customer_email"),
			"expires_at": now + 86400,
			"invoice": None,
			"livemode": False,
			"locale": form.get("locale"),
			"metadata": _merge_metadata({}, form.get("metadata")),
			"mode": mode,
			"payment_intent": None,
			"payment_link": None,
			"payment_method_types": methods,
			"payment_status": "unpaid",
			"status": "open",
			"submit_type": form.get("submit_type"),
			"subscription": None,
			"success_url": form.get("success_url"),
			"ui_mode": "hosted",
			"url": f"https://checkout.stripe.com/c/pay/{session_id}",
		}
		self.sessions[session_id] = session
		self._session_params[session_id] = form
		self._line_items[session_id] = items
		return 200, copy.deepcopy(session)

	def _check_line_items(self, items: list[dict], mode: str) -> tuple[str, int]:
		currencies, total = set(), 0
		for index, item in enumerate(items):
			price = item.get("price_data")
			if not isinstance(price, dict):
				raise StripeStubError(
					400, "The stub needs price_data on every line item", param=f"line_items[{index}]"
				)
			unit_amount = price.get("unit_amount", "")
			if not re.fullmatch(r"\d+", unit_amount):
				raise StripeStubError(
					400,
					f"Invalid integer: {unit_amount}",
					param=f"line_items[{index}][price_data][unit_amount]",
				)
			if ("recurring" in price) != (mode == "subscription"):
				raise StripeStubError(
					400,
					"You must provide at least one recurring price in `subscription` mode and only one-time prices "
					"in `payment` mode.",
					param=f"line_items[{index}][price_data][recurring]",
				)
			currencies.add(price.get("currency", ""))
			total += int(unit_amount) * int(item.get("quantity", "1"))
		if len(currencies) != 1 or not re.fullmatch(r"[a-z]{3}", next(iter(currencies))):
			raise StripeStubError(400, f"Line items need one lower-case currency, got {sorted(currencies)}")
		return currencies.pop(), total

	def _get_session(self, record: RecordedRequest, id: str) -> tuple[int, dict]:
		if id not in self.sessions:
			raise _missing("checkout.session", id, "session")
		return 200, copy.deepcopy(self.sessions[id])

	# --- subscriptions ------------------------------------------------------------------------------

	def _subscription(self, id: str) -> dict:
		if id not in self.subscriptions:
			raise _missing("subscription", id, "id")
		return self.subscriptions[id]

	def _get_subscription(self, record: RecordedRequest, id: str) -> tuple[int, dict]:
		return 200, self._expanded(self._subscription(id), record.query.get("expand"))

	def _update_subscription(self, record: RecordedRequest, id: str) -> tuple[int, dict]:
		subscription = self._subscription(id)
		if subscription["status"] == "canceled":
			raise StripeStubError(
				400,
				"A canceled subscription can only update its cancellation_details and metadata.",
			)
		form = record.form
		if "cancel_at_period_end" in form:
			at_end = form["cancel_at_period_end"] == "true"
			period_end = subscription["items"]["data"][0]["current_period_end"]
			subscription.update(
				cancel_at_period_end=at_end,
				cancel_at=period_end if at_end else None,
				canceled_at=int(time.time()) if at_end else None,
			)
		if "metadata" in form:
			subscription["metadata"] = _merge_metadata(subscription["metadata"], form["metadata"])
		if "pause_collection" in form:
			pause = form["pause_collection"] or None
			if pause and pause.get("behavior") not in ("keep_as_draft", "mark_uncollectible", "void"):
				raise StripeStubError(
					400,
					f"Invalid pause_collection[behavior]: {pause.get('behavior')!r}",
					param="pause_collection",
				)
			subscription["pause_collection"] = pause
		if "proration_behavior" in form and form["proration_behavior"] not in (
			"none",
			"create_prorations",
			"always_invoice",
		):
			raise StripeStubError(400, "Invalid proration_behavior", param="proration_behavior")
		if "items" in form:
			self._update_items(subscription, form["items"])
		return 200, self._expanded(subscription, form.get("expand"))

	def _update_items(self, subscription: dict, items: Any) -> None:
		"""Items updated by id with new price_data, as a changed gift amount is sent (Stripe needs a product)."""
		current = {item["id"]: item for item in subscription["items"]["data"]}
		for index, update in enumerate(items if isinstance(items, list) else []):
			item = current.get(update.get("id"))
			if item is None:
				raise _missing("subscription_item", update.get("id"), f"items[{index}][id]")
			price = update.get("price_data")
			if price is None:
				continue
			if not price.get("product"):
				raise StripeStubError(
					400, "Missing required param: product.", param=f"items[{index}][price_data][product]"
				)
			if not re.fullmatch(r"\d+", price.get("unit_amount", "")):
				raise StripeStubError(
					400, "Invalid integer", param=f"items[{index}][price_data][unit_amount]"
				)
			if price.get("currency") != subscription["currency"]:
				raise StripeStubError(400, "A subscription's prices must all be in its currency.")
			recurring = price.get("recurring") or {}
			item["price"] = {
				"id": _new_id("price_"),
				"object": "price",
				"currency": price["currency"],
				"product": price["product"],
				"recurring": {
					"interval": recurring.get("interval", "month"),
					"interval_count": int(recurring.get("interval_count", 1)),
				},
				"type": "recurring",
				"unit_amount": int(price["unit_amount"]),
			}

	def _cancel_subscription(self, record: RecordedRequest, id: str) -> tuple[int, dict]:
		subscription = self._subscription(id)
		if subscription["status"] == "canceled":
			raise StripeStubError(400, f"Subscription {id} is already canceled.")
		now = int(time.time())
		subscription.update(status="canceled", canceled_at=now, ended_at=now)
		return 200, copy.deepcopy(subscription)

	# --- refunds ------------------------------------------------------------------------------------

	def _create_refund(self, record: RecordedRequest) -> tuple[int, dict]:
		form = record.form
		if form.get("payment_intent"):
			intent_id = form["payment_intent"]
			if intent_id not in self.payment_intents:
				raise _missing("payment_intent", intent_id, "payment_intent")
			charge = self.charges[self.payment_intents[intent_id]["latest_charge"]]
		elif form.get("charge"):
			if form["charge"] not in self.charges:
				raise _missing("charge", form["charge"], "charge")
			charge = self.charges[form["charge"]]
		else:
			raise StripeStubError(400, "One of `charge` or `payment_intent` is required.")
		remaining = charge["amount"] - charge["amount_refunded"]
		if remaining <= 0:
			raise StripeStubError(
				400,
				f"Charge {charge['id']} has already been refunded.",
				code="charge_already_refunded",
			)
		amount = int(form.get("amount", remaining))
		if amount > remaining:
			raise StripeStubError(
				400,
				f"Refund amount ({amount}) is greater than unrefunded amount on charge ({remaining})",
				code="amount_too_large",
				param="amount",
			)
		charge["amount_refunded"] += amount
		charge["refunded"] = charge["amount_refunded"] >= charge["amount"]
		refund = {
			"id": _new_id("re_"),
			"object": "refund",
			"amount": amount,
			"balance_transaction": _new_id("txn_"),
			"charge": charge["id"],
			"created": int(time.time()),
			"currency": charge["currency"],
			"metadata": _merge_metadata({}, form.get("metadata")),
			"payment_intent": charge["payment_intent"],
			"reason": form.get("reason"),
			"status": "succeeded",
		}
		self.refunds[refund["id"]] = refund
		return 200, copy.deepcopy(refund)


_request_ids = itertools.count(1)


class _Handler(BaseHTTPRequestHandler):
	stub: StripeStub
	server_version = "stripe-stub/1"

	def _serve(self) -> None:
		length = int(self.headers.get("Content-Length") or 0)
		body = self.rfile.read(length).decode("utf-8") if length else ""
		status, payload, extra = self.stub.handle(self.command, self.path, dict(self.headers.items()), body)
		data = json.dumps(payload).encode("utf-8")
		self.send_response(status)
		self.send_header("Content-Type", "application/json")
		self.send_header("Content-Length", str(len(data)))
		self.send_header("Request-Id", f"req_stub{next(_request_ids):06d}")
		self.send_header("Stripe-Version", self.headers.get("Stripe-Version") or API_VERSION)
		for name, value in extra.items():
			self.send_header(name, value)
		self.end_headers()
		self.wfile.write(data)

	do_GET = do_POST = do_DELETE = _serve

	def log_message(self, format: str, *args: Any) -> None:
		"""Keep test output quiet; the stub records requests instead."""
