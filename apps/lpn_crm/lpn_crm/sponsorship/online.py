"""Becoming a sponsor online (/sponsor): the same Stripe Checkout subscription as a monthly gift of the
donate form (lpn_payments.checkout), to the child-education fund, with a Proposed LPN Sponsorship beside
the Pending recurring gift. A coordinator matches the child; every paid invoice becomes a donation that
carries the sponsorship (lpn_payments.records.invoice_gift, on both the one-event and the batch path).
"""

import math

import frappe
from frappe import _
from frappe.utils import flt, today

from lpn_crm.domain.checkout import SUBSCRIPTION
from lpn_crm.domain.sponsorship_money import monthly_need
from lpn_crm.lpn_payments import checkout, records
from lpn_crm.lpn_payments.exceptions import GiftRefusedError, StripeNotConfiguredError
from lpn_crm.lpn_payments.settings import donate_page_options
from lpn_crm.sponsorship.money_settings import child_education_fund, terms_per_year

SPONSORSHIP = "LPN Sponsorship"
STRIPE_MONTHLY = "Stripe Monthly"
PAGE = "/sponsor"
WAITING = ("Waiting", "Partly Sponsored")
PREFERENCES = ("preferred_age_band", "preferred_origin", "preferred_level")


def start(
	*,
	amount: str,
	currency: str,
	email: str,
	donor_name: str,
	age_band: str | None = None,
	origin: str | None = None,
	level: str | None = None,
) -> dict:
	"""Check the form, save the Pending recurring gift and its Proposed sponsorship, open Checkout.

	Everything that can be refused is refused before anything is written or Stripe is called.
	"""
	value, currency, email, donor_name = checkout.checked_gift(amount, currency, email, donor_name)
	preferences = checked_preferences(age_band, origin, level)
	fund = child_education_fund()
	if not fund:
		frappe.throw(_("Online sponsorship is not set up: no child-education fund"), StripeNotConfiguredError)
	donor = records.find_or_create_donor(email, donor_name, from_donate_form=True)
	gift = checkout.new_record(SUBSCRIPTION, donor, value, currency, fund, None)
	sponsorship = frappe.get_doc(
		{
			"doctype": SPONSORSHIP,
			"sponsor": donor,
			"monthly_amount": flt(value),
			"currency": currency,
			"start_date": today(),
			"payment_channel": STRIPE_MONTHLY,
			"recurring_donation": gift.name,
			**preferences,
		}
	).insert(ignore_permissions=True)
	gift.db_set("sponsorship", sponsorship.name)
	return checkout.start_checkout(
		gift,
		email=email,
		donor_name=donor_name,
		page=PAGE,
		description=_("Monthly sponsorship: a migrant child's education"),
	)


def checked_preferences(age_band: str | None, origin: str | None, level: str | None) -> dict:
	"""The sponsor's preferences as the sponsorship stores them; one not among its options is refused."""
	values = {}
	for field, value in zip(PREFERENCES, (age_band, origin, level), strict=True):
		value = (value or "").strip()
		if value and value not in preference_options(field):
			frappe.throw(_("Please choose one of the options offered"), GiftRefusedError)
		values[field] = value or None
	return values


def preference_options(field: str) -> list[str]:
	"""The choices of a preference field of LPN Sponsorship, "Any" first."""
	options = (frappe.get_meta(SPONSORSHIP).get_field(field).options or "").split("\n")
	return [option for option in options if option]


def page_context() -> dict:
	"""What /sponsor shows a stranger: no child, only how many wait and what a month of schooling costs."""
	waiting, average_need_per_term = frappe.db.sql(
		"""select count(*), avg(scholarship_need_per_term) from `tabLPN Child` where status in %(waiting)s""",
		{"waiting": WAITING},
	)[0]
	average_month = monthly_need(average_need_per_term or 0, terms_per_year())
	options = donate_page_options()
	return {
		"waiting": int(waiting or 0),
		"monthly_need": average_month,
		"shares": suggested_shares(average_month),
		"options": options,
		"enabled": options["enabled"] and bool(child_education_fund()),
		"preferences": {field: preference_options(field) for field in PREFERENCES},
	}


def suggested_shares(month) -> list[int]:
	"""A quarter, a half and the whole of a month's schooling in baht, rounded up to the next 100."""
	shares = []
	for part in (4, 2, 1):
		share = math.ceil(month / part / 100) * 100 if month else 0
		if share and share not in shares:
			shares.append(share)
	return shares


def delete_unpaid_sponsorship(gift: str) -> None:
	"""Before an abandoned sponsor form's Pending gift is deleted (lpn_payments.checkout), its Proposed,
	unmatched sponsorship goes first (to Deleted Documents, as in the desk); a matched one stays, and keeps
	the gift with it."""
	name = frappe.db.get_value("LPN Recurring Donation", gift, "sponsorship")
	if not name:
		return
	row = frappe.db.get_value(SPONSORSHIP, name, ["status", "child"], as_dict=True)
	if not row or row.status != "Proposed" or row.child:
		return
	frappe.db.set_value("LPN Recurring Donation", gift, "sponsorship", None, update_modified=False)
	frappe.delete_doc(SPONSORSHIP, name, ignore_permissions=True)
