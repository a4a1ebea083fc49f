"""Stripe's webhook endpoint: /api/method/lpn_crm.api.stripe.webhook."""

import json

import frappe
from frappe.rate_limiter import rate_limit
from werkzeug.wrappers import Response

from lpn_crm.lpn_payments import webhooks

# Stripe sends bursts (a busy appeal day, a retry wave after an outage) from a handful of addresses.
WEBHOOK_RATE_LIMIT = 1200


def webhook_rate_limit() -> int:
	"""Per-minute cap per address; site config `lpn_webhook_rate_limit` raises it (load tests, big appeals)."""
	return int(frappe.conf.get("lpn_webhook_rate_limit") or WEBHOOK_RATE_LIMIT)


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=webhook_rate_limit, seconds=60)
def webhook() -> Response:
	"""Verify and log one Stripe event; processing happens in a background job."""
	status, body = webhooks.receive(
		frappe.request.get_data(cache=True), frappe.get_request_header("Stripe-Signature")
	)
	return Response(json.dumps(body), status=status, mimetype="application/json")
