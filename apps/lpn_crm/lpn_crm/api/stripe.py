"""Stripe's webhook endpoint: /api/method/lpn_crm.api.stripe.webhook."""

import json

import frappe
from werkzeug.wrappers import Response

from lpn_crm.lpn_payments import webhooks


# No limit on verified deliveries: Stripe sends bursts (a busy appeal day, a retry wave after an outage)
# from a handful of addresses, and a 429 would leave them on Stripe's retry schedule for up to three days.
@frappe.whitelist(allow_guest=True, methods=["POST"])
@webhooks.rate_limit_unverified
def webhook() -> Response:
	"""Verify and log one Stripe event; processing happens in a background job."""
	status, body = webhooks.receive(
		frappe.request.get_data(cache=True), frappe.get_request_header("Stripe-Signature")
	)
	return Response(json.dumps(body), status=status, mimetype="application/json")
