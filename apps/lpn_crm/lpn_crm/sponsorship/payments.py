"""Sponsorship payments are gifts like any other: an LPN Donation to the child-education fund with its
`sponsorship` set, submitted, and so posted by `fundraising.posting.post` (receipt, rollups, e-Donation,
thank-you) however it arrived (the desk, Stripe's invoice.paid, a coordinator recording a transfer)."""

import frappe
from frappe import _
from frappe.utils import flt, today

from lpn_crm.domain.sponsorship import CURRENT_SPONSORSHIP_STATES
from lpn_crm.sponsorship.exceptions import SponsorshipValidationError
from lpn_crm.sponsorship.money_settings import child_education_fund

# How many months one payment may cover (a yearly transfer pays twelve).
MAX_MONTHS = 12


def check_donation(donation) -> None:
	"""LPN Donation validate: a sponsorship's payment goes to the child-education fund, from the sponsor or
	the payer, in the sponsorship's currency."""
	if not donation.sponsorship:
		return
	sponsorship = frappe.db.get_value(
		"LPN Sponsorship", donation.sponsorship, ["sponsor", "payer", "currency"], as_dict=True
	)
	if not sponsorship:
		frappe.throw(
			_("Sponsorship {0} does not exist").format(donation.sponsorship), frappe.LinkValidationError
		)
	fund = child_education_fund()
	if fund and not donation.fund:
		donation.fund = fund
	if fund and donation.fund != fund:
		frappe.throw(
			_("A sponsorship payment goes to the child-education fund {0}, not {1}").format(
				fund, donation.fund
			),
			SponsorshipValidationError,
		)
	payers = {sponsorship.sponsor, sponsorship.payer} - {None, ""}
	if not donation.donor:
		donation.donor = sponsorship.payer or sponsorship.sponsor
	if donation.donor not in payers:
		frappe.throw(
			_("Donor {0} neither sponsors nor pays for sponsorship {1}").format(
				donation.donor, donation.sponsorship
			),
			SponsorshipValidationError,
		)


def record_payment(
	sponsorship: str,
	months: int = 1,
	donation_date: str | None = None,
	payment_method: str = "Bank Transfer",
	payment_reference: str | None = None,
):
	"""A payment received outside Stripe (standing order, yearly transfer): `months` × the monthly amount,
	as a submitted donation. The amount comes from the sponsorship, never from the caller."""
	from lpn_crm.lpn_payments.settings import exchange_rate

	doc = frappe.get_doc("LPN Sponsorship", sponsorship)
	if doc.status not in CURRENT_SPONSORSHIP_STATES:
		frappe.throw(
			_("Sponsorship {0} is {1}: payments are recorded for active or paused sponsorships").format(
				doc.name, _(doc.status)
			),
			SponsorshipValidationError,
		)
	if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= MAX_MONTHS:
		frappe.throw(
			_("A payment covers 1 to {0} months, not {1}").format(MAX_MONTHS, months),
			SponsorshipValidationError,
		)
	donation = frappe.get_doc(
		{
			"doctype": "LPN Donation",
			"donor": doc.payer or doc.sponsor,
			"sponsorship": doc.name,
			"amount": flt(doc.monthly_amount) * months,
			"currency": doc.currency,
			"exchange_rate": exchange_rate(doc.currency),
			"donation_date": donation_date or today(),
			"payment_method": payment_method,
			"payment_reference": payment_reference,
			"fund": child_education_fund(),
		}
	)
	donation.flags.ignore_permissions = True
	donation.insert()
	donation.submit()
	return donation
