"""The public sponsor form's endpoint: /api/method/lpn_crm.api.sponsor.start_sponsorship."""

import frappe
from frappe.rate_limiter import rate_limit

from lpn_crm.sponsorship import online


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=30, seconds=60 * 60)
def start_sponsorship(
	amount: str,
	currency: str,
	email: str,
	donor_name: str,
	age_band: str | None = None,
	origin: str | None = None,
	level: str | None = None,
) -> dict:
	"""Become a monthly sponsor: anyone may, so everything is checked server-side and saved before Stripe.
	Answers {"url": Stripe Checkout's page}."""
	return online.start(
		amount=amount,
		currency=currency,
		email=email,
		donor_name=donor_name,
		age_band=age_band,
		origin=origin,
		level=level,
	)
