"""Rules that protect the child (lpn_crm.domain.sponsorship): consent, what a sponsor is shown, the child's
status from coverage, and the checks a sponsorship or an update must pass."""

from datetime import date
from decimal import Decimal

import pytest

from lpn_crm.domain import sponsorship as rules
from lpn_crm.domain.sponsorship import Consent, SponsorshipError

TODAY = date(2026, 12, 2)
NINE = date(2017, 6, 1)
TWELVE = date(2014, 6, 1)


def given(purpose, by="Guardian", on=date(2025, 1, 1), yes=True):
	return Consent(purpose=purpose, given=yes, given_by=by, on=on)


def test_no_consent_recorded_allows_nothing():
	assert not rules.consent_allows([], rules.PHOTO_USE, TWELVE, TODAY)


def test_the_latest_record_counts_and_a_withdrawal_withdraws():
	records = [given(rules.PHOTO_USE), given(rules.PHOTO_USE, on=date(2026, 3, 1), yes=False)]
	assert not rules.consent_allows(records, rules.PHOTO_USE, TWELVE, TODAY)
	records.append(given(rules.PHOTO_USE, on=date(2026, 5, 1)))
	assert rules.consent_allows(records, rules.PHOTO_USE, TWELVE, TODAY)


def test_a_withdrawal_on_the_same_day_recorded_later_wins():
	same_day = date(2026, 3, 1)
	records = [given(rules.PHOTO_USE, on=same_day), given(rules.PHOTO_USE, on=same_day, yes=False)]
	assert not rules.consent_allows(records, rules.PHOTO_USE, TWELVE, TODAY)


def test_under_ten_only_a_guardian_s_consent_counts():
	child_said_yes = [given(rules.PHOTO_USE, by="Child")]
	assert not rules.consent_allows(child_said_yes, rules.PHOTO_USE, NINE, TODAY)
	assert rules.consent_allows(child_said_yes, rules.PHOTO_USE, TWELVE, TODAY)
	assert rules.consent_allows([given(rules.PHOTO_USE)], rules.PHOTO_USE, NINE, TODAY)
	assert not rules.consent_allows(child_said_yes, rules.PHOTO_USE, None, TODAY)


def test_a_consent_dated_ahead_does_not_count_yet():
	assert not rules.consent_allows(
		[given(rules.STORY_USE, on=date(2027, 1, 1))], rules.STORY_USE, TWELVE, TODAY
	)


def test_an_unknown_purpose_is_an_error():
	with pytest.raises(SponsorshipError):
		rules.consent_allows([], "Marketing", TWELVE, TODAY)


def test_a_photo_needs_approval_data_and_photo_consent():
	both = [given(rules.DATA_PROCESSING), given(rules.PHOTO_USE)]
	assert rules.photo_may_be_shown("Sent", True, both, TWELVE, TODAY)
	assert rules.photo_may_be_shown("Reviewed", True, both, TWELVE, TODAY)
	assert not rules.photo_may_be_shown("Draft", True, both, TWELVE, TODAY)
	assert not rules.photo_may_be_shown("Sent", False, both, TWELVE, TODAY)
	assert not rules.photo_may_be_shown("Sent", True, [given(rules.PHOTO_USE)], TWELVE, TODAY)


def test_approving_a_photo_without_consent_is_refused():
	with pytest.raises(SponsorshipError, match="photo consent"):
		rules.check_photo_approval(True, [], TWELVE, TODAY)
	rules.check_photo_approval(False, [], TWELVE, TODAY)
	rules.check_photo_approval(True, [given(rules.PHOTO_USE)], NINE, TODAY)


def test_sent_only_after_reviewed():
	for before in (None, "Draft"):
		with pytest.raises(SponsorshipError):
			rules.check_review_before_send(before, "Sent")
	rules.check_review_before_send("Reviewed", "Sent")
	rules.check_review_before_send("Draft", "Reviewed")


def test_the_sponsor_view_is_the_whitelist_and_nothing_else():
	child = {
		"first_name": "Aye",
		"family_name": "Secret",
		"date_of_birth": TWELVE,
		"grade": "Primary 6",
		"origin": "Myanmar",
		"school": "Wat School",
		"community": "Mahachai",
		"progress_this_year": "Reads well",
		"health_notes": "Asthma",
	}
	view = rules.sponsor_child_view(child, TODAY)
	assert tuple(view) == rules.SPONSOR_CHILD_FIELDS
	assert view == {
		"first_name": "Aye",
		"age": 12,
		"grade": "Primary 6",
		"origin": "Myanmar",
		"progress_this_year": "Reads well",
	}


@pytest.mark.parametrize(
	("current", "need", "covered", "expected"),
	[
		("Waiting", 1000, 0, "Waiting"),
		("Waiting", 1000, 1, "Partly Sponsored"),
		("Sponsored", 1000, 999.99, "Partly Sponsored"),
		("Partly Sponsored", 1000, 1000, "Sponsored"),
		("Waiting", 0, 100, "Sponsored"),
		("Graduated", 1000, 0, "Graduated"),
		("Left Programme", 1000, 1000, "Left Programme"),
	],
)
def test_child_status_follows_coverage(current, need, covered, expected):
	assert rules.child_status(current, Decimal(str(need)), Decimal(str(covered))) == expected


def test_coverage_refuses_a_covered_child_without_a_coordinator_s_reason():
	rules.check_coverage(1000, 999, None, False)
	rules.check_coverage(0, 0, None, False)
	with pytest.raises(SponsorshipError, match="already covered"):
		rules.check_coverage(1000, 1000, None, True)
	with pytest.raises(SponsorshipError, match="Only a Sponsorship Coordinator"):
		rules.check_coverage(1000, 1200, "exam fees", False)
	rules.check_coverage(1000, 1200, "exam fees", True)
	with pytest.raises(SponsorshipError):
		rules.check_coverage(1000, 1000, "   ", True)


def test_dates_amount_end_reason_and_child():
	with pytest.raises(SponsorshipError):
		rules.check_dates(date(2026, 5, 1), date(2026, 4, 30))
	rules.check_dates(date(2026, 5, 1), date(2026, 5, 1))
	rules.check_dates(date(2026, 5, 1), None)
	for amount in (0, -1, None):
		with pytest.raises(SponsorshipError):
			rules.check_monthly_amount(amount)
	assert rules.check_monthly_amount("250.50") == Decimal("250.50")
	with pytest.raises(SponsorshipError):
		rules.check_end_reason("Ended", " ")
	rules.check_end_reason("Active", None)
	with pytest.raises(SponsorshipError):
		rules.check_needs_child("Active", None)
	rules.check_needs_child("Proposed", None)


@pytest.mark.parametrize(
	("grade", "level"),
	[
		("Kindergarten 2", "Pre-school"),
		("Primary 4", "Primary"),
		("Secondary 1", "Lower Secondary"),
		("Secondary 3", "Lower Secondary"),
		("Secondary 4", "Upper Secondary"),
		("Vocational", "Vocational"),
		("Learning Centre (non-formal)", "Non-formal"),
		(None, None),
	],
)
def test_education_level_of_a_grade(grade, level):
	assert rules.education_level(grade) == level
