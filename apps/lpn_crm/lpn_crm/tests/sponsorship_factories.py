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


# --- part A: sponsors who log in, consents, updates and photos -------------------------------------------

SPONSOR_PASSWORD = "lpn-Test-Sponsor-1"


def make_sponsor(email: str | None = None, language: str = "en"):
	"""A sponsor who logs in: a website user with the LPN Sponsor role and their LPN Donor record."""
	from lpn_crm.access import SPONSOR
	from lpn_crm.tests.factories import make_user

	email = email or f"sponsor.{random_string(8).lower()}@example.org"
	user = make_user(email, SPONSOR, user_type="Website User")
	user.new_password = SPONSOR_PASSWORD
	user.save(ignore_permissions=True)
	return make_donor(
		email=email, user=email, donor_name=f"Sponsor {random_string(5)}", preferred_language=language
	)


def consents(
	*purposes: str, given_by: str = "Guardian", on: str = "2025-01-10", given: int = 1
) -> list[dict]:
	return [{"purpose": p, "given": given, "given_by": given_by, "consent_date": on} for p in purposes]


ALL_CONSENTS = ("Data processing", "Photo use", "Story use")


def make_consented_child(**args):
	"""A child whose guardian agreed to every sponsor-facing use."""
	args.setdefault("consents", consents(*ALL_CONSENTS))
	args.setdefault("progress_this_year", "Reads Thai stories aloud to her class.")
	args.setdefault("grade", "Primary 3")
	args.setdefault("school", "Wat Mahachai School")
	args.setdefault("community", "Talad Kung")
	args.setdefault("address", "12/3 Soi Secret, Mahachai")
	args.setdefault("health_notes", "Asthma")
	args.setdefault("legal_status", "Pink Card (Migrant ID)")
	args.setdefault("case_notes", "Father detained in 2025")
	args.setdefault(
		"guardians",
		[{"guardian_name": "Mother Secretname", "relationship": "Mother", "phone": "+66812345678"}],
	)
	return make_child(**args)


def jpeg_with_gps() -> bytes:
	"""A small JPEG carrying EXIF: a GPS position, a camera model and a date."""
	import io

	from PIL import Image

	image = Image.new("RGB", (32, 24), (200, 120, 40))
	exif = Image.Exif()
	exif[0x0110] = "LPN Test Camera"  # Model
	exif[0x0132] = "2026:01:02 03:04:05"  # DateTime
	exif[0x8825] = {1: "N", 2: (13.0, 32.0, 54.0), 3: "E", 4: (100.0, 16.0, 30.0)}  # GPSInfo
	out = io.BytesIO()
	image.save(out, format="JPEG", exif=exif)
	return out.getvalue()


def attach_photo(update_name: str, content: bytes | None = None, is_private: int = 1):
	"""A photo uploaded to an update, as the desk's uploader does (File with content, attached to the field)."""
	return frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"photo-{random_string(6)}.jpg",
			"attached_to_doctype": "LPN Sponsor Update",
			"attached_to_name": update_name,
			"attached_to_field": "photo",
			"is_private": is_private,
			"content": content or jpeg_with_gps(),
		}
	).insert(ignore_permissions=True)


UPDATE_PATH = {"Draft": (), "Reviewed": ("Reviewed",), "Sent": ("Reviewed", "Sent")}


def make_update(sponsorship: str, status: str = "Draft", photo: bool = False, **args):
	"""An update inserted as Draft, its photo uploaded, then moved along the review workflow to `status`."""
	values = frappe._dict(type="Progress report", title="End of term", text="She passed every subject.")
	values.update(args)
	doc = frappe.get_doc({"doctype": "LPN Sponsor Update", "sponsorship": sponsorship, **values})
	doc.status = "Draft"
	doc.insert(ignore_permissions=True)
	if photo:
		doc.photo = attach_photo(doc.name).file_url
		doc.save(ignore_permissions=True)
	for state in UPDATE_PATH[status]:
		doc.status = state
		doc.save(ignore_permissions=True)
	return doc
