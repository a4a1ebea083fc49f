"""A logged-in donor's own records on the portal (/my-account): which donor and gifts are theirs, their
details, and the notices that confirm what they changed.

Ownership is one rule: the donor's `user` is the session user (the same condition the row-level permissions
use). A record of anybody else's is refused as if it did not exist, whichever endpoint names it.
"""

import frappe
from frappe import _
from frappe.utils import flt, getdate

from lpn_crm.domain.thai_dates import format_date_for
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
NOTICE_TEMPLATE = "lpn_crm/templates/emails/donor_notice.html"


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


def notice_texts(language: str) -> dict[str, tuple[str, str]]:
	"""kind -> (subject, body template with {0}, {1}) in `language`."""
	return {
		"amount": (
			_("Your monthly gift has changed", lang=language),
			_("Your monthly gift is now {0}, from the next charge on. Before, it was {1}.", lang=language),
		),
		"pause": (
			_("Your monthly gift is paused", lang=language),
			_("Your monthly gift is paused. Nothing is charged until you resume it.", lang=language),
		),
		"resume": (
			_("Your monthly gift is running again", lang=language),
			_("Your monthly gift is running again. Thank you!", lang=language),
		),
		"cancel": (
			_("Your monthly gift will end", lang=language),
			_(
				"Your monthly gift ends after the current period ({0}). Nothing more will be charged.",
				lang=language,
			),
		),
		"export": (
			_("Your data from LPN is ready", lang=language),
			_(
				"The copy of your data you asked for is ready. Log in and download it before {0}:",
				lang=language,
			),
		),
		"erasure_requested": (
			_("We received your erasure request", lang=language),
			_(
				"We received your request to erase your personal data. LPN will answer by {0}.",
				lang=language,
			),
		),
		"erasure_rejected": (
			_("About your erasure request", lang=language),
			_("LPN cannot erase your data as asked: {0}", lang=language),
		),
		"erased": (
			_("Your personal data has been erased", lang=language),
			_(
				"Your personal data is erased from LPN's records. Your gifts and receipt numbers stay, without "
				"your name, because Thai receipt and accounting rules require them.",
				lang=language,
			),
		),
	}


def send_notice(
	donor,
	kind: str,
	*values,
	reference=None,
	email: str | None = None,
	language: str | None = None,
	link: str | None = None,
) -> bool:
	"""Email the donor a notice of `kind` in their language (a service email: it answers their own request);
	returns whether one was queued."""
	language = language or (donor.preferred_language if donor.preferred_language in LANGUAGES else "en")
	recipient = email or donor.email
	if not recipient or not (email or may_email(donor, SERVICE)):
		return False
	subject, body = notice_texts(language)[kind]
	reference = reference or donor
	frappe.sendmail(
		recipients=[recipient],
		subject=subject,
		message=frappe.render_template(
			NOTICE_TEMPLATE,
			{
				"body": body.format(*values),
				"donor_name": donor.donor_name,
				"language": language,
				"link": link,
			},
		),
		reference_doctype=reference.doctype,
		reference_name=reference.name,
		now=False,
	)
	return True


def confirm(gift, kind: str, *values) -> None:
	"""A comment on the gift saying what the donor changed, and the notice to them."""
	donor = frappe.get_doc(DONOR, gift.donor)
	_subject, body = notice_texts(frappe.local.lang or "en")[kind]
	gift.add_comment("Info", _("Changed by the donor on the portal: {0}").format(body.format(*values)))
	send_notice(donor, kind, *values, reference=gift)
