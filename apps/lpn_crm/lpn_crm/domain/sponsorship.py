"""Rules of child sponsorship that protect the child: what a sponsor may be shown, when consent allows a
photo or a story, how a child's status follows the sponsorships, when a sponsorship may be taken, and
what a sponsorship's dates and amount must be.

The money side (monthly need, arrears, holds, age bands) is `domain.sponsorship_money`; this module reuses
it. Plain Python: the sponsorship module reads the records, these functions decide.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lpn_crm.domain.errors import DomainError
from lpn_crm.domain.money import to_decimal
from lpn_crm.domain.sponsorship_money import FULLY, NOT_SPONSORED, age_in_years, coverage_state

# The only facts about a child a sponsor is ever shown (issue 12, item 5). Everything else stays with staff.
SPONSOR_CHILD_FIELDS = ("first_name", "age", "grade", "origin", "progress_this_year")
# Of a sponsor update: what the portal shows once the update is approved.
SPONSOR_UPDATE_FIELDS = ("name", "type", "title", "text", "update_date", "status")
# Of a payment: the sponsor's own donations for the sponsorship.
SPONSOR_PAYMENT_FIELDS = ("name", "donation_date", "amount", "currency", "status")

# Sponsorship states in which the sponsor is the child's sponsor (the portal shows the child).
CURRENT_SPONSORSHIP_STATES = ("Active", "Paused")
# The sponsorships whose monthly amounts count towards a child's need.
COUNTING_SPONSORSHIP_STATES = ("Active",)
ENDED = "Ended"

# A child's states that follow the sponsorships; the others are set by a coordinator and stay.
WAITING, PARTLY_SPONSORED, SPONSORED = "Waiting", "Partly Sponsored", "Sponsored"
COVERAGE_STATUSES = (WAITING, PARTLY_SPONSORED, SPONSORED)
CHILD_STATUS_OF_COVERAGE = {NOT_SPONSORED: WAITING, FULLY: SPONSORED}

# Update states the sponsor may read; Draft has not been reviewed.
APPROVED_UPDATE_STATES = ("Reviewed", "Sent")
LETTER_FROM_SPONSOR = "Letter from sponsor"

DATA_PROCESSING, PHOTO_USE, STORY_USE = "Data processing", "Photo use", "Story use"
CONSENT_PURPOSES = (DATA_PROCESSING, PHOTO_USE, STORY_USE)
GUARDIAN = "Guardian"
# Below this age only a guardian's consent counts.
GUARDIAN_CONSENT_BELOW_AGE = 10

# Thai grades (and a migrant learning centre's) by the level a sponsor may prefer.
LEVEL_OF_GRADE_PREFIX = (
	("Kindergarten", "Pre-school"),
	("Primary", "Primary"),
	("Secondary 1", "Lower Secondary"),
	("Secondary 2", "Lower Secondary"),
	("Secondary 3", "Lower Secondary"),
	("Secondary", "Upper Secondary"),
	("Vocational", "Vocational"),
	("Higher Education", "Vocational"),
	("Learning Centre", "Non-formal"),
)


class SponsorshipError(DomainError):
	"""A sponsorship, an update or a consent breaks a rule that protects the child or the sponsor."""


@dataclass(frozen=True)
class Consent:
	"""One recorded consent (or refusal, or withdrawal) for a purpose."""

	purpose: str
	given: bool
	given_by: str
	on: date


def education_level(grade: str | None) -> str | None:
	"""The level (Pre-school, Primary, Lower / Upper Secondary, Vocational, Non-formal) of a grade."""
	for prefix, level in LEVEL_OF_GRADE_PREFIX:
		if grade and grade.startswith(prefix):
			return level
	return None


def consent_allows(consents: Iterable[Consent], purpose: str, born: date | None, today: date) -> bool:
	"""Whether the latest consent recorded for `purpose` allows it today.

	The latest record counts (a withdrawal after a consent withdraws it). A child under ten needs a guardian's
	consent; a child's own consent does not count for them. No date of birth: treated as under ten.
	"""
	if purpose not in CONSENT_PURPOSES:
		raise SponsorshipError("{0} is not a consent purpose", purpose)
	under_age = born is None or age_in_years(born, today) < GUARDIAN_CONSENT_BELOW_AGE
	rows = [
		c
		for c in consents
		if c.purpose == purpose and c.on <= today and not (under_age and c.given_by != GUARDIAN)
	]
	latest = None
	for row in rows:
		# same day: the row recorded later (given later) counts
		if latest is None or row.on >= latest.on:
			latest = row
	return bool(latest and latest.given)


def may_show_to_sponsor(consents: Iterable[Consent], born: date | None, today: date) -> bool:
	"""Anything about a child reaches a sponsor only with the consent to process the child's data."""
	return consent_allows(consents, DATA_PROCESSING, born, today)


def photo_may_be_shown(
	update_status: str, has_photo: bool, consents: Iterable[Consent], born: date | None, today: date
) -> bool:
	"""A photo reaches the sponsor once its update is approved and the photo consent (a guardian's, under
	ten) stands today: a withdrawn consent hides photos already approved."""
	consents = tuple(consents)
	return (
		has_photo
		and update_status in APPROVED_UPDATE_STATES
		and may_show_to_sponsor(consents, born, today)
		and consent_allows(consents, PHOTO_USE, born, today)
	)


def check_photo_approval(
	has_photo: bool, consents: Iterable[Consent], born: date | None, today: date
) -> None:
	"""Refuse to approve an update whose photo the child's consents do not allow."""
	if has_photo and not consent_allows(tuple(consents), PHOTO_USE, born, today):
		raise SponsorshipError(
			"This update has a photo, but there is no photo consent for the child (a guardian's, for a child "
			"under {0}): remove the photo or record the consent first",
			GUARDIAN_CONSENT_BELOW_AGE,
		)


def check_review_before_send(status_before: str | None, status: str) -> None:
	"""An update reaches the sponsor only after a review: Sent comes from Reviewed."""
	if status == "Sent" and status_before not in ("Reviewed", "Sent"):
		raise SponsorshipError("An update is sent only after it was reviewed")


def sponsor_child_view(child: Mapping, today: date) -> dict:
	"""The whitelist of a child as a sponsor sees it: first name, age in years, grade, origin, progress."""
	born = child.get("date_of_birth")
	view = {
		"first_name": child.get("first_name"),
		"age": age_in_years(born, today) if born else None,
		"grade": child.get("grade"),
		"origin": child.get("origin"),
		"progress_this_year": child.get("progress_this_year"),
	}
	return view


def child_status(current: str, need: object, covered: object) -> str:
	"""The child's status once their sponsorships changed: Waiting, Partly Sponsored or Sponsored from
	the coverage, unless a coordinator set Graduated or Left Programme."""
	if current not in COVERAGE_STATUSES:
		return current
	state = coverage_state(need, covered)
	return CHILD_STATUS_OF_COVERAGE.get(state, PARTLY_SPONSORED)


def check_coverage(
	need: object, covered_by_others: object, override_reason: str | None, may_override: bool
) -> None:
	"""Refuse a sponsorship of a child whose need the others already cover, unless a coordinator
	overrides with a reason."""
	need, covered = to_decimal(need or 0), to_decimal(covered_by_others or 0)
	if need <= 0 or covered < need:
		return
	if not (override_reason or "").strip():
		raise SponsorshipError(
			"This child's need of {0} THB a month is already covered ({1} THB a month): only a Sponsorship "
			"Coordinator can add a sponsor, giving a coverage override reason",
			need,
			covered,
		)
	if not may_override:
		raise SponsorshipError("Only a Sponsorship Coordinator can override a child's coverage")


def check_dates(start: date | None, end: date | None) -> None:
	if start and end and end < start:
		raise SponsorshipError("The end date {0} is before the start date {1}", end, start)


def check_monthly_amount(amount: object) -> Decimal:
	value = to_decimal(amount or 0)
	if value <= 0:
		raise SponsorshipError("The monthly amount must be more than zero, not {0}", value)
	return value


def check_end_reason(status: str, reason: str | None) -> None:
	if status == ENDED and not (reason or "").strip():
		raise SponsorshipError("Say why the sponsorship ends")


def check_needs_child(status: str, child: str | None) -> None:
	"""Only a proposed sponsorship waits for a child; an active or paused one sponsors someone."""
	if status in CURRENT_SPONSORSHIP_STATES and not child:
		raise SponsorshipError("Match a child before the sponsorship becomes {0}", status)
