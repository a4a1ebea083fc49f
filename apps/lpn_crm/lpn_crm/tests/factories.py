"""Test factories, all in one place, so tests read as stories (`make_donor(email=...)`)."""

import frappe
from frappe.utils import random_string, today

# A valid Thai national ID (check digit computed): 1-1037-00456-00-1 style numbers in tests use this.
VALID_THAI_ID = "1101700230708"


def make_fund(name: str = "General Fund", **args) -> str:
	if not frappe.db.exists("LPN Fund", name):
		frappe.get_doc({"doctype": "LPN Fund", "fund_name": name, **args}).insert(ignore_permissions=True)
	return name


def make_campaign(**args):
	values = frappe._dict(title=f"Campaign {random_string(6)}", status="Live", goal=100000)
	values.update(args)
	values.setdefault("fund", make_fund())
	return frappe.get_doc({"doctype": "LPN Campaign", **values}).insert(ignore_permissions=True)


def consent(purpose: str, **args) -> dict:
	return {"purpose": purpose, "granted": 1, "granted_on": args.pop("granted_on", "2020-01-01"), **args}


def make_donor(**args):
	values = frappe._dict(
		donor_name=args.pop("donor_name", f"Donor {random_string(8)}"),
		email=args.pop("email", f"{random_string(10).lower()}@example.org"),
		preferred_language="en",
		consents=[consent("Receipts")],
	)
	values.update(args)
	doc = frappe.get_doc({"doctype": "LPN Donor", **values})
	doc.flags.silent_duplicates = True
	return doc.insert(ignore_permissions=True)


def make_donation(submit: bool = True, **args):
	values = frappe._dict(
		amount=1000,
		currency="THB",
		donation_date=today(),
		payment_method="Bank Transfer",
		fund=make_fund(),
	)
	values.update(args)
	if not values.get("donor"):
		values.donor = make_donor().name
	doc = frappe.get_doc({"doctype": "LPN Donation", **values}).insert(ignore_permissions=True)
	if submit:
		doc.submit()
	return doc


def make_recurring(**args):
	values = frappe._dict(
		amount=500, currency="THB", frequency="Monthly", fund=make_fund(), start_date=today()
	)
	values.update(args)
	if not values.get("donor"):
		values.donor = make_donor().name
	return frappe.get_doc({"doctype": "LPN Recurring Donation", **values}).insert(ignore_permissions=True)


def make_user(email: str, *roles: str, user_type: str = "System User"):
	if frappe.db.exists("User", email):
		user = frappe.get_doc("User", email)
	else:
		user = frappe.get_doc(
			{"doctype": "User", "email": email, "first_name": email.split("@")[0], "send_welcome_email": 0}
		).insert(ignore_permissions=True)
	user.add_roles(*roles)
	return user


# --- payments -------------------------------------------------------------------------------------------

STRIPE_SECRET_KEY = "sk_test_lpnsite"
STRIPE_WEBHOOK_SECRET = "whsec_lpn_test_secret"


def configure_stripe(**args):
	"""LPN Stripe Settings as a test site has them: test keys, THB/USD/EUR offered, a default fund."""
	values = frappe._dict(
		enabled=1,
		publishable_key="pk_test_lpnsite",
		secret_key=STRIPE_SECRET_KEY,
		webhook_secret=STRIPE_WEBHOOK_SECRET,
		default_currency="THB",
		default_fund=make_fund(),
		public_base_url="https://give.lpn.test",
		currencies=[
			{"currency": "THB", "suggested_amounts": "300, 500, 1000", "max_gift_amount": 500000},
			{
				"currency": "USD",
				"suggested_amounts": "10, 25, 50",
				"max_gift_amount": 10000,
				"exchange_rate": 35,
			},
			{
				"currency": "EUR",
				"suggested_amounts": "10, 25, 50",
				"max_gift_amount": 10000,
				"exchange_rate": 38,
			},
		],
	)
	values.update(args)
	settings = frappe.get_single("LPN Stripe Settings")
	settings.set("currencies", [])
	settings.update(values)
	settings.save(ignore_permissions=True)
	frappe.clear_document_cache("LPN Stripe Settings", "LPN Stripe Settings")
	return settings


def make_pending_recurring(**args):
	"""A monthly gift as the donate form leaves it before Checkout completes."""
	values = frappe._dict(status="Pending", payment_method="Card (Stripe)", amount=1000, currency="THB")
	values.update(args)
	return make_recurring(**values)


def make_stripe_donation(submit: bool = False, **args):
	"""A card donation as the donate form leaves it (a draft), or as Stripe completed it (`submit=True`)."""
	values = frappe._dict(payment_method="Card (Stripe)", amount=1500, currency="THB")
	values.update(args)
	return make_donation(submit=submit, **values)


# --- volunteering ---------------------------------------------------------------------------------------


def make_skill(name: str = "Social work") -> str:
	if not frappe.db.exists("LPN Skill", name):
		frappe.get_doc({"doctype": "LPN Skill", "skill_name": name}).insert(ignore_permissions=True)
	return name


def make_language(name: str = "Burmese") -> str:
	if not frappe.db.exists("LPN Language", name):
		frappe.get_doc({"doctype": "LPN Language", "language_name": name}).insert(ignore_permissions=True)
	return name


def make_volunteer_user(email: str | None = None) -> str:
	"""A website user with the LPN Volunteer role (what an accepted applicant gets)."""
	email = email or f"vol-{random_string(10).lower()}@example.org"
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": email.split("@")[0],
				"user_type": "Website User",
				"send_welcome_email": 0,
				"roles": [{"role": "LPN Volunteer"}],
			}
		).insert(ignore_permissions=True)
	return email


def make_volunteer(languages: tuple[str, ...] = (), skills: tuple[str, ...] = (), **args):
	"""An Active volunteer with a website login (as a coordinator records one LPN already works with)."""
	values = frappe._dict(
		full_name=f"Volunteer {random_string(6)}",
		status="Active",
		organisation="MAP Foundation",
		background_check="Cleared",
		languages=[{"language": make_language(lang), "level": "Fluent"} for lang in languages],
		skills=[{"skill": make_skill(skill)} for skill in skills],
	)
	values.update(args)
	if "user" not in values:
		values.user = make_volunteer_user(values.get("email"))
	values.setdefault("email", values.user or f"{random_string(10).lower()}@example.org")
	return frappe.get_doc({"doctype": "LPN Volunteer", **values}).insert(ignore_permissions=True)


def make_clinic(name: str | None = None, **args) -> str:
	name = name or f"Clinic {random_string(6)}"
	if not frappe.db.exists("LPN Clinic", name):
		frappe.get_doc(
			{"doctype": "LPN Clinic", "clinic_name": name, "place": "Samut Sakhon", **args}
		).insert(ignore_permissions=True)
	return name


def make_shift(languages: dict | None = None, skills: dict | None = None, **args):
	"""An Open shift a week from today, 09:00–13:00, two seats, unless told otherwise."""
	from frappe.utils import add_days

	values = frappe._dict(
		shift_date=add_days(today(), 7),
		start_time="09:00:00",
		end_time="13:00:00",
		capacity=2,
		status="Open",
		required_languages=[
			{"language": make_language(lang), "min_count": n} for lang, n in (languages or {}).items()
		],
		required_skills=[{"skill": make_skill(skill), "min_count": n} for skill, n in (skills or {}).items()],
	)
	values.update(args)
	values.setdefault("clinic", make_clinic())
	return frappe.get_doc({"doctype": "LPN Clinic Shift", **values}).insert(ignore_permissions=True)


# --- social enterprise ----------------------------------------------------------------------------------


def make_product(**args) -> str:
	values = frappe._dict(product_name=f"Product {random_string(6)}", price=100, stock_on_hand=10, active=1)
	values.update(args)
	return frappe.get_doc({"doctype": "LPN Product", **values}).insert(ignore_permissions=True).name


def make_sale(lines: list[tuple[str, float]], submit: bool = True, **args):
	"""A sale of (product, qty) lines at the products' prices."""
	values = frappe._dict(sale_date=today(), channel="Shop", payment_method="Cash")
	values.update(args)
	doc = frappe.get_doc(
		{
			"doctype": "LPN Sale",
			**values,
			"items": [{"product": product, "qty": qty} for product, qty in lines],
		}
	)
	doc.insert(ignore_permissions=True)
	if submit:
		doc.flags.ignore_permissions = True
		doc.submit()
	return doc
