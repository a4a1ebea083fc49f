"""The public donate form's endpoint: /api/method/lpn_crm.api.donate.create_checkout."""

import frappe
from frappe.rate_limiter import rate_limit

from lpn_crm.lpn_payments import checkout


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=60, seconds=60 * 60)
def create_checkout(
	amount: str,
	currency: str,
	frequency: str,
	email: str,
	donor_name: str,
	campaign: str | None = None,
	fund: str | None = None,
	supporter_page: str | None = None,
	appeal: str | None = None,
	appeal_donor: str | None = None,
	appeal_token: str | None = None,
) -> dict:
	"""Start a gift: anyone may, so everything is checked server-side and the amount is saved before Stripe."""
	return checkout.create_checkout(
		amount=amount,
		currency=currency,
		frequency=frequency,
		email=email,
		donor_name=donor_name,
		campaign=campaign,
		fund=fund,
		attribution={
			"supporter_page": supporter_page,
			"appeal": appeal,
			"appeal_donor": appeal_donor,
			"appeal_token": appeal_token,
		},
	)
