"""Dates as Thai receipts and letters write them (Buddhist Era), and fiscal years."""

from datetime import date

from lpn_crm.domain.errors import DomainError

BUDDHIST_ERA_OFFSET = 543

THAI_MONTHS: tuple[str, ...] = (
	"มกราคม",
	"กุมภาพันธ์",
	"มีนาคม",
	"เมษายน",
	"พฤษภาคม",
	"มิถุนายน",
	"กรกฎาคม",
	"สิงหาคม",
	"กันยายน",
	"ตุลาคม",
	"พฤศจิกายน",
	"ธันวาคม",
)

# Spelled out rather than taken from calendar.month_name, which follows the process locale.
ENGLISH_MONTHS: tuple[str, ...] = (
	"January",
	"February",
	"March",
	"April",
	"May",
	"June",
	"July",
	"August",
	"September",
	"October",
	"November",
	"December",
)


class FiscalYearError(DomainError):
	"""A fiscal year setting that cannot be used."""


# The Gregorian months as Burmese writes them, and Myanmar digits.
BURMESE_MONTHS: tuple[str, ...] = (
	"ဇန်နဝါရီ",
	"ဖေဖော်ဝါရီ",
	"မတ်",
	"ဧပြီ",
	"မေ",
	"ဇွန်",
	"ဇူလိုင်",
	"ဩဂုတ်",
	"စက်တင်ဘာ",
	"အောက်တိုဘာ",
	"နိုဝင်ဘာ",
	"ဒီဇင်ဘာ",
)
MYANMAR_DIGITS = str.maketrans("0123456789", "၀၁၂၃၄၅၆၇၈၉")


def buddhist_year(d: date) -> int:
	"""The Buddhist Era year of a date (2026 -> 2569)."""
	return d.year + BUDDHIST_ERA_OFFSET


def format_thai_date(d: date) -> str:
	"""A date in Thai with the Buddhist Era year: "26 พฤศจิกายน 2569"."""
	return f"{d.day} {THAI_MONTHS[d.month - 1]} {buddhist_year(d)}"


def format_english_date(d: date) -> str:
	"""A date in English with the Common Era year: "26 November 2026"."""
	return f"{d.day} {ENGLISH_MONTHS[d.month - 1]} {d.year}"


def format_burmese_date(d: date) -> str:
	"""A date in Burmese with the Common Era year and Myanmar digits: "၂၀၂၆ ခုနှစ် နိုဝင်ဘာလ ၂၆ ရက်"."""
	return f"{d.year} ခုနှစ် {BURMESE_MONTHS[d.month - 1]}လ {d.day} ရက်".translate(MYANMAR_DIGITS)


def format_date_for(d: date, language: str) -> str:
	"""The date for a reader of the language: Thai for "th" (also "th-TH", "th_TH"), Burmese for "my",
	else English."""
	primary = (language or "").strip().lower().replace("_", "-").split("-")[0]
	if primary == "th":
		return format_thai_date(d)
	if primary == "my":
		return format_burmese_date(d)
	return format_english_date(d)


def fiscal_year(d: date, start_month: int = 1) -> int:
	"""The fiscal year of a date, named by the calendar year in which that fiscal year ends.

	With start_month=1 this is the calendar year. With start_month=10 (the Thai government's year,
	October to September) 1 October 2026 falls in fiscal year 2027 and 30 September 2026 in 2026.
	"""
	_check_start_month(start_month)
	if start_month > 1 and d.month >= start_month:
		return d.year + 1
	return d.year


def fiscal_year_start(year: int, start_month: int = 1) -> date:
	"""The first day of a fiscal year (named as fiscal_year() names it): (2027, 10) -> 1 October 2026."""
	_check_start_month(start_month)
	return date(year if start_month == 1 else year - 1, start_month, 1)


def giving_year_bounds(on: date, start_month: int = 1) -> tuple[date, date]:
	"""(first day of last fiscal year, first day of this one) for the fiscal year `on` falls in.

	A donor's "current year" and "last year" totals are these fiscal years, as the reports count them:
	with start_month=10, on 15 November 2026 this year began on 1 October 2026 and last year on
	1 October 2025.
	"""
	year = fiscal_year(on, start_month)
	return fiscal_year_start(year - 1, start_month), fiscal_year_start(year, start_month)


def _check_start_month(start_month: int) -> None:
	if isinstance(start_month, bool) or not isinstance(start_month, int) or not 1 <= start_month <= 12:
		raise FiscalYearError(
			"The fiscal year must start in a month from 1 to 12, not {0}", repr(start_month)
		)
