"""Money of child sponsorship: a child's monthly need and how much of it sponsors cover, school terms,
arrears of a sponsorship (expected monthly payments against what was received), reminder levels, holds
and age bands for matching.

The arrears rule is written to agree, to the day, with the set-based SQL that computes it for every
sponsorship at once (`sponsorship/finance.py`): a sponsorship owes its first month on its start date and
one more on the same day of each later month (MariaDB's TIMESTAMPDIFF(MONTH, …) counts whole months
the same way: from 31 January the next month is due on 1 March, as February has no 31st).
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from lpn_crm.domain.errors import DomainError
from lpn_crm.domain.money import to_decimal

CENT = Decimal("0.01")
# Months paid are counted from received / monthly rounded to this: a month paid a fraction of a satang
# short through currency conversion still counts as paid.
PAID_MONTHS_PLACES = Decimal("0.0001")

FULLY, PARTLY, NOT_SPONSORED = "Fully Sponsored", "Partly Sponsored", "Not Sponsored"
COVERAGE_STATES = (FULLY, PARTLY, NOT_SPONSORED)

# Reminders go out at 1, 2 and 3 missed months; after the third a coordinator calls.
MAX_REMINDER_LEVEL = 3

MIN_HOLD_DAYS, MAX_HOLD_DAYS = 1, 60

# (label, youngest, oldest) in whole years: the sponsor's choice on /sponsor and the matching filter.
# The youngest band takes the kindergarten children under four, the oldest anyone still in school past 18.
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
	("4-6", 0, 6),
	("7-9", 7, 9),
	("10-12", 10, 12),
	("13-15", 13, 15),
	("16-18", 16, 99),
)
# The preference a sponsor gives when any child will do (as no preference at all).
ANY = "Any"


class SponsorshipMoneyError(DomainError):
	"""A sponsorship amount, term, hold or disbursement that cannot be used."""


# ---- need and coverage ------------------------------------------------------------------------------


def _terms(terms_per_year: object) -> int:
	if isinstance(terms_per_year, bool) or not isinstance(terms_per_year, int) or terms_per_year < 1:
		raise SponsorshipMoneyError(
			"Terms per year must be a whole number of one or more, not {0}", terms_per_year
		)
	if 12 % terms_per_year:
		raise SponsorshipMoneyError(
			"Terms per year must divide the year into whole months, not {0}", terms_per_year
		)
	return terms_per_year


def monthly_need(need_per_term: object, terms_per_year: int) -> Decimal:
	"""What a child's schooling costs a month: the need per term × terms per year / 12, to the satang."""
	need = to_decimal(need_per_term or 0)
	return (need * _terms(terms_per_year) / 12).quantize(CENT, ROUND_HALF_UP)


def coverage_state(need: object, covered: object) -> str:
	"""Fully Sponsored when the active sponsorships cover the monthly need, Partly when they cover some,
	Not Sponsored when none do."""
	need, covered = to_decimal(need or 0), to_decimal(covered or 0)
	if covered <= 0:
		return NOT_SPONSORED
	return FULLY if covered >= need else PARTLY


def monthly_gap(need: object, covered: object) -> Decimal:
	"""THB a month still to find for a child; never below zero."""
	return max(Decimal(0), to_decimal(need or 0) - to_decimal(covered or 0))


def term_pledged(covered_monthly: object, terms_per_year: int) -> Decimal:
	"""What the active sponsorships pledge for one term: their monthly THB × the months of a term."""
	return (to_decimal(covered_monthly or 0) * 12 / _terms(terms_per_year)).quantize(CENT, ROUND_HALF_UP)


def term_bounds(school_year: int, term: int, terms_per_year: int, first_month: int = 5) -> tuple[date, date]:
	"""(first day, first day after) of a school term. Thai schools start their year in May: with two terms
	a year, term 1 of 2026 is May–October 2026 and term 2 is November 2026–April 2027."""
	terms = _terms(terms_per_year)
	if isinstance(term, bool) or not isinstance(term, int) or not 1 <= term <= terms:
		raise SponsorshipMoneyError("Term must be between 1 and {0}, not {1}", terms, term)
	if not 1 <= first_month <= 12:
		raise SponsorshipMoneyError("The school year's first month must be 1 to 12, not {0}", first_month)
	length = 12 // terms
	start = _month_start(school_year, first_month + (term - 1) * length)
	return start, _month_start(start.year, start.month + length)


def term_of(day: date, terms_per_year: int, first_month: int = 5) -> tuple[int, int]:
	"""(school year, term) that a day falls in."""
	length = 12 // _terms(terms_per_year)
	offset = (day.month - first_month) % 12
	school_year = day.year if day.month >= first_month else day.year - 1
	return school_year, offset // length + 1


def term_label(school_year: int, term: int) -> str:
	return f"{school_year}-T{term}"


def _month_start(year: int, month: int) -> date:
	extra, month0 = divmod(month - 1, 12)
	return date(year + extra, month0 + 1, 1)


# ---- arrears ---------------------------------------------------------------------------------------


def months_between(start: date, end: date) -> int:
	"""Whole months from start to end, as MariaDB's TIMESTAMPDIFF(MONTH, start, end) counts them."""
	months = (end.year - start.year) * 12 + end.month - start.month
	if months > 0 and end.day < start.day:
		months -= 1
	elif months < 0 and end.day > start.day:
		months += 1
	return months


def add_months(day: date, months: int) -> date:
	"""day + months, clamped to the month's end, as MariaDB's DATE_ADD(day, INTERVAL months MONTH)."""
	year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
	return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def months_due(start: date, end: date | None, as_of: date) -> int:
	"""Monthly payments a sponsorship owes by `as_of`: the first on its start date, then one a month,
	none after its end date."""
	until = min(as_of, end) if end else as_of
	if until < start:
		return 0
	return months_between(start, until) + 1


def months_paid(received: object, monthly_amount: object) -> int:
	"""Whole months the money received pays for (a yearly transfer pays for twelve)."""
	monthly = to_decimal(monthly_amount)
	if monthly <= 0:
		raise SponsorshipMoneyError("The monthly amount must be more than zero, not {0}", monthly)
	ratio = (to_decimal(received or 0) / monthly).quantize(PAID_MONTHS_PLACES, ROUND_HALF_UP)
	return max(0, int(ratio.to_integral_value(ROUND_FLOOR)))


@dataclass(frozen=True)
class Arrears:
	"""Where one sponsorship's payments stand on a day."""

	expected: int
	paid: int
	missed: int
	amount: Decimal
	first_unpaid: date
	reminder_level: int


def arrears_of(
	start: date,
	end: date | None,
	as_of: date,
	monthly_amount: object,
	received: object,
	grace_days: int = 0,
) -> Arrears:
	"""Expected monthly payments against the money received, `grace_days` after each due date.

	`first_unpaid` is the due date of the first month not paid for: reminders are keyed by it, so a sponsor
	who catches up and later falls behind again gets reminded from level 1 again.
	"""
	if isinstance(grace_days, bool) or not isinstance(grace_days, int) or grace_days < 0:
		raise SponsorshipMoneyError("Grace days must be a whole number of zero or more, not {0}", grace_days)
	expected = months_due(start, end, as_of - timedelta(days=grace_days))
	paid = months_paid(received, monthly_amount)
	missed = max(0, expected - paid)
	return Arrears(
		expected=expected,
		paid=paid,
		missed=missed,
		amount=(missed * to_decimal(monthly_amount)).quantize(CENT, ROUND_HALF_UP),
		first_unpaid=add_months(start, paid),
		reminder_level=reminder_level(missed),
	)


def reminder_level(missed: int) -> int:
	"""0 when nothing is missed, else 1, 2 or 3 (three months or more)."""
	return min(max(missed, 0), MAX_REMINDER_LEVEL)


# ---- holds and matching -----------------------------------------------------------------------------


def hold_until(start: date, days: object) -> date:
	"""The last day a hold of `days` days placed on `start` reserves the child."""
	if isinstance(days, bool) or not isinstance(days, int) or not MIN_HOLD_DAYS <= days <= MAX_HOLD_DAYS:
		raise SponsorshipMoneyError(
			"A hold lasts {0} to {1} days, not {2}", MIN_HOLD_DAYS, MAX_HOLD_DAYS, days
		)
	return start + timedelta(days=days)


def hold_lapsed(until: date, today: date) -> bool:
	"""Whether a hold's last day is behind us."""
	return until < today


def age_in_years(born: date, on: date) -> int:
	"""Age in whole years on a day (a child born on 29 February turns a year older on 1 March)."""
	return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_band(age: int) -> str:
	for label, youngest, oldest in AGE_BANDS:
		if youngest <= age <= oldest:
			return label
	return AGE_BANDS[-1][0]


def age_band_bounds(label: str) -> tuple[int, int]:
	for band, youngest, oldest in AGE_BANDS:
		if band == label:
			return youngest, oldest
	raise SponsorshipMoneyError(
		"{0} is not an age band: use one of {1}", label, ", ".join(b[0] for b in AGE_BANDS)
	)


def matches_preferences(
	age: int | None,
	origin: str | None,
	level: str | None,
	*,
	age_band_wanted: str | None,
	origin_wanted: str | None,
	level_wanted: str | None,
) -> bool:
	"""Whether a waiting child fits a sponsor's preferences; an empty preference or "Any" accepts anyone."""
	age_band_wanted, origin_wanted, level_wanted = (
		None if wanted == ANY else wanted for wanted in (age_band_wanted, origin_wanted, level_wanted)
	)
	if age_band_wanted and (age is None or age_band(age) != age_band_wanted):
		return False
	if origin_wanted and origin != origin_wanted:
		return False
	return not (level_wanted and level != level_wanted)
