"""Matching waiting sponsors with waiting children: holds that reserve a child for a prospective sponsor for
a few days and lapse by themselves, and the match itself.

A hold is a whole Document (Version rows, the desk's checks); the daily job lapses expired ones one by one,
as there are only ever a handful.
"""

import frappe
from frappe import _
from frappe.utils import getdate, today

from lpn_crm.domain.sponsorship_money import (
	SponsorshipMoneyError,
	age_band,
	age_in_years,
	hold_lapsed,
	hold_until,
	matches_preferences,
)
from lpn_crm.i18n import error_message
from lpn_crm.sponsorship.money_settings import setting

HOLD = "LPN Sponsorship Hold"
CHILD = "LPN Child"
SPONSORSHIP = "LPN Sponsorship"
ACTIVE, LAPSED, RELEASED, MATCHED = "Active", "Lapsed", "Released", "Matched"
CLOSED = (LAPSED, RELEASED, MATCHED)
WAITING_CHILD = ("Waiting", "Partly Sponsored")
PROPOSED = "Proposed"


class HoldRefusedError(frappe.ValidationError):
	pass


# ---- the hold document ------------------------------------------------------------------------------


def validate_hold(doc) -> None:
	"""A hold's checks: its length, what may be held for whom, and the one way its status moves."""
	before = None if doc.is_new() else doc.get_doc_before_save()
	if doc.is_new():
		doc.status = ACTIVE
		doc.placed_on = doc.placed_on or today()
		doc.days = doc.days or setting("hold_days")
	if doc.is_new() or (before and (before.days, before.placed_on) != (doc.days, doc.placed_on)):
		doc.until = _checked_until(int(doc.days or 0), doc.placed_on)
	if before and before.status != doc.status:
		_check_status_change(before.status, doc)
	if doc.status == ACTIVE:
		_check_holdable(doc)


def _check_status_change(previous: str, doc) -> None:
	if previous in CLOSED:
		frappe.throw(_("This hold is {0} and cannot change any more").format(_(previous)), HoldRefusedError)
	doc.closed_on = today()


def _check_holdable(doc) -> None:
	"""Only a waiting child, for a Proposed sponsorship not yet matched, and one active hold each."""
	# The child's row is locked until commit: two coordinators holding one child at once make one hold.
	child = frappe.db.sql(
		"select name, status from `tabLPN Child` where name = %s for update", doc.child, as_dict=True
	)
	if not child:
		frappe.throw(_("Child {0} does not exist").format(doc.child), HoldRefusedError)
	if child[0].status not in WAITING_CHILD:
		frappe.throw(
			_("Only a child waiting for a sponsor can be held; this child is {0}").format(_(child[0].status)),
			HoldRefusedError,
		)
	sponsorship = frappe.db.get_value(SPONSORSHIP, doc.sponsorship, ["status", "child"], as_dict=True)
	if not sponsorship or sponsorship.status != PROPOSED or sponsorship.child:
		frappe.throw(
			_("A child can be held only for a Proposed sponsorship that has no child yet"), HoldRefusedError
		)
	for field, value, message in (
		("child", doc.child, _("This child is already held for another sponsor until {0}")),
		("sponsorship", doc.sponsorship, _("This sponsorship already holds a child until {0}")),
	):
		other = frappe.db.get_value(
			HOLD, {field: value, "status": ACTIVE, "name": ("!=", doc.name or "")}, "until"
		)
		if other:
			frappe.throw(message.format(frappe.format(other, "Date")), HoldRefusedError)


# ---- what coordinators do ---------------------------------------------------------------------------


def place_hold(sponsorship: str, child: str, days: int | None = None):
	"""Reserve `child` for the sponsor of a Proposed `sponsorship` for `days` (None: the settings' default;
	an empty Days field in the desk means the same)."""
	if days is not None:
		_checked_until(days)
	doc = frappe.get_doc({"doctype": HOLD, "sponsorship": sponsorship, "child": child, "days": days})
	return doc.insert()


def _checked_until(days, start=None):
	try:
		return hold_until(getdate(start or today()), days)
	except SponsorshipMoneyError as error:
		frappe.throw(error_message(error), HoldRefusedError)


def close_hold(name: str, status: str = RELEASED) -> None:
	doc = frappe.get_doc(HOLD, name)
	if doc.status != ACTIVE:
		return
	doc.status = status
	doc.save(ignore_permissions=True)


def match(sponsorship: str, child: str) -> str:
	"""Give a Proposed sponsorship its child. A child held for another sponsor is refused; this sponsorship's
	hold on the child becomes Matched and any other hold it has is released. The sponsorship's own checks
	(a fully covered child needs an override reason) run as it is saved."""
	held_for = frappe.db.get_value(
		HOLD, {"child": child, "status": ACTIVE}, ["sponsorship", "until"], as_dict=True
	)
	if held_for and held_for.sponsorship != sponsorship:
		frappe.throw(
			_("This child is already held for another sponsor until {0}").format(
				frappe.format(held_for.until, "Date")
			),
			HoldRefusedError,
		)
	doc = frappe.get_doc(SPONSORSHIP, sponsorship)
	if doc.status != PROPOSED or doc.child:
		frappe.throw(_("Only a Proposed sponsorship without a child can be matched"), HoldRefusedError)
	doc.child = child
	doc.save()
	for name, held_child in frappe.get_all(
		HOLD, filters={"sponsorship": sponsorship, "status": ACTIVE}, fields=["name", "child"], as_list=True
	):
		close_hold(name, MATCHED if held_child == child else RELEASED)
	return doc.name


def lapse_holds() -> int:
	"""Daily: every active hold whose last day is behind us lapses; the child is free again."""
	today_ = getdate(today())
	lapsed = 0
	for name, until in frappe.get_all(
		HOLD, filters={"status": ACTIVE, "until": ("<", today_)}, fields=["name", "until"], as_list=True
	):
		if hold_lapsed(getdate(until), today_):
			close_hold(name, LAPSED)
			lapsed += 1
	return lapsed


# ---- the matching board -----------------------------------------------------------------------------


def waiting_sponsorships() -> list[dict]:
	"""Proposed sponsorships still without a child, oldest first, with their preferences."""
	return frappe.get_all(
		SPONSORSHIP,
		filters={"status": PROPOSED, "child": ("is", "not set")},
		fields=[
			"name",
			"sponsor",
			"sponsor_name",
			"monthly_amount",
			"currency",
			"base_monthly_amount",
			"payment_channel",
			"preferred_age_band",
			"preferred_origin",
			"preferred_level",
			"creation",
		],
		order_by="creation asc",
	)


# What the board shows of a child: nothing sensitive (no family name, school, community or guardians).
BOARD_CHILD_FIELDS = (
	"name",
	"first_name",
	"date_of_birth",
	"gender",
	"origin",
	"education_level",
	"grade",
	"status",
	"monthly_need",
	"sponsored_monthly",
	"monthly_gap",
)


def waiting_children(for_sponsorship: str | None = None) -> list[dict]:
	"""Children waiting for (more) sponsors, the largest monthly gap first, each with its age band and any
	active hold; with `for_sponsorship`, only those fitting that sponsorship's preferences."""
	wanted = None
	if for_sponsorship:
		wanted = frappe.db.get_value(
			SPONSORSHIP,
			for_sponsorship,
			["preferred_age_band", "preferred_origin", "preferred_level"],
			as_dict=True,
		)
	holds = {
		row.child: row
		for row in frappe.get_all(
			HOLD, filters={"status": ACTIVE}, fields=["name", "child", "sponsorship", "sponsor_name", "until"]
		)
	}
	on = getdate(today())
	children = []
	for row in frappe.get_all(
		CHILD,
		filters={"status": ("in", WAITING_CHILD)},
		fields=list(BOARD_CHILD_FIELDS),
		order_by="monthly_gap desc, creation asc",
	):
		age = age_in_years(getdate(row.date_of_birth), on) if row.date_of_birth else None
		if wanted and not matches_preferences(
			age,
			row.origin,
			row.education_level,
			age_band_wanted=wanted.preferred_age_band,
			origin_wanted=wanted.preferred_origin,
			level_wanted=wanted.preferred_level,
		):
			continue
		row.pop("date_of_birth")
		row.update(age=age, age_band=age_band(age) if age is not None else None, hold=holds.get(row.name))
		children.append(row)
	return children
