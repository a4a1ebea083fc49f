"""Campaign rules (lpn_crm.domain.campaigns): slugs, goals, dates, progress, languages, amounts, segments and
the signed tokens of appeal links."""

from datetime import date
from decimal import Decimal

import pytest

from lpn_crm.domain import campaigns as rules


def test_slugify_keeps_latin_letters_and_digits():
	assert rules.slugify("Flood Relief: Samut Sakhon 2026!") == "flood-relief-samut-sakhon-2026"
	assert rules.slugify("Café  au   lait") == "cafe-au-lait"
	assert rules.slugify("ช่วยน้ำท่วม") == ""  # a Thai title needs a slug typed by hand


@pytest.mark.parametrize("slug", ["", "Flood Relief", "flood--relief", "-flood", "a" * 81, "start"])
def test_bad_slugs_are_refused(slug):
	with pytest.raises(rules.CampaignError):
		rules.check_slug(slug)


def test_a_good_slug_is_kept_lower_case():
	assert rules.check_slug(" Museum-2027 ") == "museum-2027"


@pytest.mark.parametrize("goal", [0, -1, None])
def test_a_campaign_goal_must_be_above_zero(goal):
	with pytest.raises(rules.CampaignError, match="more than 0"):
		rules.check_goal(goal)


def test_a_supporter_page_may_have_no_goal_but_not_a_negative_one():
	rules.check_goal(None, required=False)
	rules.check_goal(0, required=False)
	with pytest.raises(rules.CampaignError):
		rules.check_goal(-5, required=False)


def test_end_before_start_is_refused():
	rules.check_dates(date(2026, 1, 1), date(2026, 1, 1))
	rules.check_dates(None, date(2026, 1, 1))
	with pytest.raises(rules.CampaignError, match="cannot end before it starts"):
		rules.check_dates(date(2026, 2, 1), date(2026, 1, 1))


def test_percent_of_goal():
	assert rules.percent_of_goal(125000, 500000) == 25.0
	assert rules.percent_of_goal(Decimal("1"), 3) == 33.3
	assert rules.percent_of_goal(600, 500) == 120.0  # past the goal
	assert rules.percent_of_goal(100, 0) == 0.0
	assert rules.percent_of_goal(100, None) == 0.0


def test_in_language_falls_back_to_english():
	row = {"title": "Relief", "title_th": "ช่วยเหลือ", "title_my": "  "}
	assert rules.in_language(row, "title", "th") == "ช่วยเหลือ"
	assert rules.in_language(row, "title", "th-TH") == "ช่วยเหลือ"
	assert rules.in_language(row, "title", "my") == "Relief"
	assert rules.in_language(row, "title", "fr") == "Relief"
	assert rules.in_language(row, "title", None) == "Relief"


def test_suggested_amounts():
	assert rules.parse_amounts("500, 1000;2500 1000") == [500, 1000, 2500]
	assert rules.parse_amounts("") == []
	assert rules.parse_amounts(None) == []
	for bad in ("500, lots", "0", "-5", "10.5"):
		with pytest.raises(rules.CampaignError):
			rules.parse_amounts(bad)


def test_segments_check_their_criteria():
	assert rules.Segment().kind == rules.EVERYONE
	for bad in ({"kind": "Everyone"}, {"language": "fr"}, {"minimum_given": Decimal("-1")}):
		with pytest.raises(rules.CampaignError):
			rules.Segment(**bad)


def test_appeal_tokens_are_signed_per_appeal_and_donor():
	token = rules.appeal_token("secret", "APL-2026-0001", "DNR-00001")
	assert len(token) == rules.TOKEN_LENGTH
	assert rules.token_is_valid("secret", "APL-2026-0001", "DNR-00001", token)
	assert not rules.token_is_valid("secret", "APL-2026-0002", "DNR-00001", token)
	assert not rules.token_is_valid("secret", "APL-2026-0001", "DNR-00002", token)
	assert not rules.token_is_valid("other", "APL-2026-0001", "DNR-00001", token)
	assert not rules.token_is_valid("secret", "APL-2026-0001", "DNR-00001", None)
	assert not rules.token_is_valid("secret", "APL-2026-0001", "DNR-00001", "0" * rules.TOKEN_LENGTH)
	with pytest.raises(ValueError):
		rules.appeal_token("", "APL-2026-0001", "DNR-00001")


def test_raised_per_baht():
	assert rules.raised_per_thb(2000, 400) == 5.0
	assert rules.raised_per_thb(1000, 3) == 333.33
	assert rules.raised_per_thb(1000, 0) is None
	assert rules.raised_per_thb(1000, None) is None
