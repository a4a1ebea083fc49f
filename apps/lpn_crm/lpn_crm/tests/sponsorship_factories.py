"""Factories for child sponsorship tests: children, sponsorships walked through their workflow, payments."""

import frappe
from frappe.utils import add_months, random_string, today

from lpn_crm.sponsorship.money_settings import child_education_fund
from lpn_crm.tests.factories import make_donation, make_donor

# The workflow's way to each state from Proposed (lpn_crm.sponsorship.setup).
PATH_TO = {
	"Proposed": (),
	"Active": ("Active",),
	"Paused": ("Active", "Paused"),
	"Ended": ("Active", "Ended"),
}


def make_child(**args):
	values = frappe._dict(
		first_name=f"Child{random_string(5)}",
		family_name="Testfamily",
		date_of_birth=add_months(today(), -12 * 9 - 3),
		gender="Female",
		origin="Myanmar",
		education_level="Primary",
		scholarship_need_per_term=6000,
	)
	values.update(args)
	return frappe.get_doc({"doctype": "LPN Child", **values}).insert(ignore_permissions=True)


def make_sponsorship(status: str = "Active", **args):
	"""A sponsorship inserted Proposed and moved along the workflow to `status` (as a coordinator would)."""
	values = frappe._dict(
		monthly_amount=500,
		currency="THB",
		start_date=add_months(today(), -3),
		payment_channel="Bank Standing Order",
	)
	values.update(args)
	if values.currency == "THB":
		values.setdefault("base_monthly_amount", values.monthly_amount)
	if not values.get("sponsor"):
		values.sponsor = make_donor().name
	if status != "Proposed" and "child" not in values:
		values.child = make_child().name
	doc = frappe.get_doc({"doctype": "LPN Sponsorship", **values})
	doc.status = "Proposed"
	doc.insert(ignore_permissions=True)
	for state in PATH_TO[status]:
		doc.status = state
		if state == "Ended":
			doc.end_reason = doc.end_reason or "The family moved back to Myanmar"
			doc.end_date = doc.end_date or today()
		doc.save(ignore_permissions=True)
	return doc


def pay(sponsorship, amount, donation_date=None, **args):
	"""A submitted payment of a sponsorship, as staff record a bank transfer."""
	return make_donation(
		donor=sponsorship.payer or sponsorship.sponsor,
		amount=amount,
		currency=args.pop("currency", sponsorship.currency),
		donation_date=donation_date or today(),
		fund=child_education_fund(),
		sponsorship=sponsorship.name,
		**args,
	)
