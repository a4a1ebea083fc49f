"""A logged-in donor's own records on the portal (/my-account): which donor and gifts are theirs, their
details, and the notices that confirm what they changed.

Ownership is one rule: the donor's `user` is the session user (the same condition the row-level permissions
use). A record of anybody else's is refused as if it did not exist, whichever endpoint names it.
"""

import frappe
from frappe import _
from frappe.utils import flt, get_url, getdate

from lpn_crm.domain.thai_dates import format_date_for
from lpn_crm.emails import render, template_for
from lpn_crm.fundraising.email_policy import SERVICE, may_email
from lpn_crm.fundraising.exceptions import DonorDetailsError

DONOR = "LPN Donor"
RECURRING = "LPN Recurring Donation"
CARD = "Card (Stripe)"
LANGUAGES = ("en", "th", "my")
# What a donor may change of their own record on the portal (email is their login: LPN changes it).
DETAIL_FIELDS = (
	"donor_name",
	"search_name",
	"address_line",
	"city",
	"postal_code",
	"phone",
	"preferred_language",
	"tax_id_type",
	"tax_id",
)
NOTICE_TEMPLATE = "LPN Donor Notice {kind} ({language})"
ACCOUNT_PAGE = "/my-account"


def own_donor_names(user: str | None = None) -> list[str]:
	user = user or frappe.session.user
	if user == "Guest":
		return []
	return frappe.get_all(DONOR, filters={"user": user, "erased": 0}, pluck="name", order_by="creation asc")


def own_donor(name: str | None = None):
	"""The session user's donor `name` (their first when not named); PermissionError for anyone else's."""
	names = own_donor_names()
	if not names:
		frappe.throw(_("Your account is not linked to a donor record"), frappe.PermissionError)
	if name and name not in names:
		frappe.throw(_("This is not your donor record"), frappe.PermissionError)
	doc = frappe.get_doc(DONOR, name or names[0])
	doc.check_permission("read")
	return doc


def check_donor_permission(name: str | None):
	"""Raise PermissionError unless donor `name` (or, unnamed, any donor) is the session user's own."""
	own_donor(name)


def check_gift_permission(name: str):
	"""Raise PermissionError unless recurring gift `name` is one of the session user's donors'."""
	own_gift(name)


def own_gift(name: str):
	"""The session user's recurring gift `name`; PermissionError for anyone else's (or one that is not)."""
	donor = frappe.db.get_value(RECURRING, name, "donor") if name else None
	if not donor or donor not in own_donor_names():
		frappe.throw(_("This is not your monthly gift"), frappe.PermissionError)
	doc = frappe.get_doc(RECURRING, name)
	doc.check_permission("read")
	return doc


def own_card_gift(name: str, allow_ended: bool = False):
	"""The session user's card gift on Stripe, still running unless `allow_ended`."""
	from lpn_crm.lpn_payments.exceptions import SubscriptionChangeError

	gift = own_gift(name)
	if gift.payment_method != CARD or not gift.stripe_subscription:
		frappe.throw(
			_("This gift is not paid by card online: please contact LPN to change it"),
			SubscriptionChangeError,
		)
	if not allow_ended and gift.status not in ("Active", "Paused", "Lapsed"):
		frappe.throw(
			_("This monthly gift is {0} and cannot be changed").format(_(gift.status)),
			SubscriptionChangeError,
		)
	return gift


def monthly_gifts(donors: list[str]) -> list[dict]:
	"""The donors' recurring gifts the portal shows (running ones, and those set to end)."""
	if not donors:
		return []
	return [
		gift_summary(row)
		for row in frappe.get_list(
			RECURRING,
			filters={"donor": ("in", donors), "status": ("in", ("Active", "Paused", "Lapsed"))},
			fields=["*"],
			order_by="creation asc",
		)
	]


def gift_summary(gift) -> dict:
	"""What the portal shows of one gift, and which actions it offers."""
	online = gift.payment_method == CARD and bool(gift.stripe_subscription)
	return {
		"name": gift.name,
		"amount": flt(gift.amount),
		"currency": gift.currency,
		"frequency": gift.frequency,
		"status": gift.status,
		"payment_method": gift.payment_method,
		"next_date": gift.next_expected_date
		if gift.status != "Paused" and not gift.cancel_at_period_end
		else None,
		"ends_on": gift.ends_on if gift.cancel_at_period_end else None,
		"card_brand": gift.card_brand,
		"card_last4": gift.card_last4,
		"self_service": online,
		"can_pause": online and gift.status in ("Active", "Lapsed") and not gift.cancel_at_period_end,
		"can_resume": online and gift.status == "Paused",
		"can_cancel": online and not gift.cancel_at_period_end,
		"can_keep": online and bool(gift.cancel_at_period_end),
	}


def update_details(donor_name: str, values: dict) -> dict:
	"""Save the donor's own changes to the fields a donor may edit; the Version history records them and the
	tax ID is checked as in the desk. Nothing is saved when anything is refused."""
	donor = own_donor(donor_name)
	unknown = set(values) - set(DETAIL_FIELDS)
	if unknown:
		frappe.throw(
			_("These details cannot be changed here: {0}").format(", ".join(sorted(unknown))),
			DonorDetailsError,
		)
	if "donor_name" in values and not (values["donor_name"] or "").strip():
		frappe.throw(_("Please give your name"), DonorDetailsError)
	if values.get("preferred_language") and values["preferred_language"] not in LANGUAGES:
		frappe.throw(_("Choose English, Thai or Burmese"), DonorDetailsError)
	for field, value in values.items():
		donor.set(field, (value or "").strip() if isinstance(value, str) else value)
	donor.flags.silent_duplicates = True
	donor.flags.ignore_permissions = True  # the donor role reads; ownership was checked above
	donor.save(ignore_version=False)  # the Version row is the record of what the donor changed
	return {field: donor.get(field) for field in DETAIL_FIELDS}


# --- notices ---------------------------------------------------------------------------------------------


def donor_language(donor: str) -> str:
	language = frappe.db.get_value(DONOR, donor, "preferred_language")
	return language if language in LANGUAGES else "en"


def format_day(day, language: str) -> str:
	return format_date_for(getdate(day), language) if day else ""


# kind -> (template kind, the names of send_notice's values, file stem in templates/emails, subject per
# language). Each is an Email Template per language, "LPN Donor Notice <Kind> (en|th|my)", made by the app's
# setup; staff may reword them in the desk.
NOTICES = {
	"amount": (
		"Amount Changed",
		("amount", "previous_amount"),
		"donor_notice_amount",
		{
			"en": "Your monthly gift has changed",
			"th": "การบริจาครายเดือนของท่านเปลี่ยนแปลงแล้ว",
			"my": "သင့်လစဉ်အလှူ ပြောင်းလဲပြီးပါပြီ",
		},
	),
	"pause": (
		"Paused",
		(),
		"donor_notice_paused",
		{
			"en": "Your monthly gift is paused",
			"th": "การบริจาครายเดือนของท่านหยุดชั่วคราวแล้ว",
			"my": "သင့်လစဉ်အလှူကို ခေတ္တရပ်ထားပါပြီ",
		},
	),
	"resume": (
		"Resumed",
		(),
		"donor_notice_resumed",
		{
			"en": "Your monthly gift is running again",
			"th": "การบริจาครายเดือนของท่านเริ่มต่อแล้ว",
			"my": "သင့်လစဉ်အလှူ ပြန်လည်စတင်ပါပြီ",
		},
	),
	"cancel": (
		"Ending",
		("ends_on",),
		"donor_notice_ending",
		{
			"en": "Your monthly gift will end",
			"th": "การบริจาครายเดือนของท่านจะสิ้นสุด",
			"my": "သင့်လစဉ်အလှူ ရပ်ဆိုင်းတော့မည်",
		},
	),
	"export": (
		"Export Ready",
		("expires_on",),
		"donor_notice_export",
		{
			"en": "Your data from LPN is ready",
			"th": "ข้อมูลของท่านจาก LPN พร้อมแล้ว",
			"my": "LPN ထံမှ သင့်ဒေတာ အဆင်သင့်ဖြစ်ပါပြီ",
		},
	),
	"erasure_requested": (
		"Erasure Requested",
		("deadline",),
		"donor_notice_erasure_requested",
		{
			"en": "We received your erasure request",
			"th": "เราได้รับคำขอลบข้อมูลของท่านแล้ว",
			"my": "သင့်ဒေတာဖျက်ရန် တောင်းဆိုချက်ကို လက်ခံရရှိပါပြီ",
		},
	),
	"erasure_rejected": (
		"Erasure Rejected",
		("reason",),
		"donor_notice_erasure_rejected",
		{
			"en": "About your erasure request",
			"th": "เกี่ยวกับคำขอลบข้อมูลของท่าน",
			"my": "သင့်ဒေတာဖျက်ရန် တောင်းဆိုချက်နှင့် ပတ်သက်၍",
		},
	),
	"erased": (
		"Erased",
		(),
		"donor_notice_erased",
		{
			"en": "Your personal data has been erased",
			"th": "ข้อมูลส่วนบุคคลของท่านถูกลบแล้ว",
			"my": "သင့်ကိုယ်ရေးဒေတာကို ဖျက်ပြီးပါပြီ",
		},
	),
}


def notice_template(kind: str, language: str) -> str:
	return NOTICE_TEMPLATE.format(kind=NOTICES[kind][0], language=language)


def notice_templates() -> list[tuple[str, str, str]]:
	"""(name, subject, body file) of the donor notices' Email Templates, for the app's setup to create
	(lpn_crm.setup.email_templates)."""
	return [
		(notice_template(kind, language), subject, f"{stem}_{language}.html")
		for kind, (_kind, _values, stem, subjects) in NOTICES.items()
		for language, subject in subjects.items()
	]


def notice_values(kind: str, values: tuple) -> dict:
	"""send_notice's positional values under the names the notice's template uses."""
	return dict(zip(NOTICES[kind][1], values, strict=True))


def send_notice(
	donor,
	kind: str,
	*values,
	reference=None,
	email: str | None = None,
	language: str | None = None,
	link: str | None = None,
) -> bool:
	"""Email the donor a notice of `kind` from its Email Template in their language (English when that
	template is missing); a service email: it answers their own request. Returns whether one was queued."""
	language = language or (donor.preferred_language if donor.preferred_language in LANGUAGES else "en")
	recipient = email or donor.email
	if not recipient or not (email or may_email(donor, SERVICE)):
		return False
	template, _fell_back = template_for(NOTICE_TEMPLATE.replace("{kind}", NOTICES[kind][0]), language)
	subject, message = render(
		template,
		{
			"donor_name": donor.donor_name,
			"account_url": get_url(ACCOUNT_PAGE),
			"link": link,
			**notice_values(kind, values),
		},
	)
	reference = reference or donor
	frappe.sendmail(
		recipients=[recipient],
		subject=subject,
		message=message,
		reference_doctype=reference.doctype,
		reference_name=reference.name,
		now=False,
	)
	return True


def change_texts(language: str) -> dict[str, str]:
	"""kind -> what the donor changed of a monthly gift, with {0}, {1}: the comment staff read on the gift."""
	return {
		"amount": _(
			"Your monthly gift is now {0}, from the next charge on. Before, it was {1}.", lang=language
		),
		"pause": _("Your monthly gift is paused. Nothing is charged until you resume it.", lang=language),
		"resume": _("Your monthly gift is running again. Thank you!", lang=language),
		"cancel": _(
			"Your monthly gift ends after the current period ({0}). Nothing more will be charged.",
			lang=language,
		),
	}


def confirm(gift, kind: str, *values) -> None:
	"""A comment on the gift saying what the donor changed, and the notice to them."""
	donor = frappe.get_doc(DONOR, gift.donor)
	change = change_texts(frappe.local.lang or "en")[kind]
	gift.add_comment("Info", _("Changed by the donor on the portal: {0}").format(change.format(*values)))
	send_notice(donor, kind, *values, reference=gift)
