from datetime import date, datetime

import pytest

from lpn_crm.domain.thai_dates import (
	THAI_MONTHS,
	FiscalYearError,
	buddhist_year,
	fiscal_year,
	fiscal_year_start,
	format_date_for,
	format_english_date,
	format_thai_date,
	giving_year_bounds,
)


def test_buddhist_year_adds_543():
	assert buddhist_year(date(2026, 1, 1)) == 2569
	assert buddhist_year(date(2026, 12, 31)) == 2569
	assert buddhist_year(date(2000, 6, 15)) == 2543


def test_thai_months_are_the_twelve_full_names():
	assert len(THAI_MONTHS) == 12
	assert THAI_MONTHS[0] == "มกราคม"
	assert THAI_MONTHS[1] == "กุมภาพันธ์"
	assert THAI_MONTHS[10] == "พฤศจิกายน"
	assert THAI_MONTHS[11] == "ธันวาคม"
	assert len(set(THAI_MONTHS)) == 12


def test_format_thai_date():
	assert format_thai_date(date(2026, 11, 26)) == "26 พฤศจิกายน 2569"
	assert format_thai_date(date(2027, 1, 1)) == "1 มกราคม 2570"
	assert format_thai_date(date(2024, 2, 29)) == "29 กุมภาพันธ์ 2567"


def test_format_english_date():
	assert format_english_date(date(2026, 11, 26)) == "26 November 2026"
	assert format_english_date(date(2026, 5, 1)) == "1 May 2026"


def test_every_month_formats():
	for month in range(1, 13):
		d = date(2026, month, 1)
		assert format_thai_date(d) == f"1 {THAI_MONTHS[month - 1]} 2569"
		assert format_english_date(d).endswith(" 2026")


def test_datetimes_format_as_their_date():
	assert format_thai_date(datetime(2026, 11, 26, 23, 59)) == "26 พฤศจิกายน 2569"


@pytest.mark.parametrize("language", ["th", "TH", "th-TH", "th_TH", " th "])
def test_format_date_for_thai(language):
	assert format_date_for(date(2026, 11, 26), language) == "26 พฤศจิกายน 2569"


@pytest.mark.parametrize("language", ["en", "en-US", "lo", "km", "", None, "thai"])
def test_format_date_for_anything_else_is_english(language):
	assert format_date_for(date(2026, 11, 26), language) == "26 November 2026"


def test_fiscal_year_from_january_is_the_calendar_year():
	assert fiscal_year(date(2026, 1, 1)) == 2026
	assert fiscal_year(date(2026, 12, 31)) == 2026
	assert fiscal_year(date(2026, 6, 30), start_month=1) == 2026


def test_fiscal_year_from_october_is_named_by_the_year_it_ends():
	assert fiscal_year(date(2026, 9, 30), start_month=10) == 2026
	assert fiscal_year(date(2026, 10, 1), start_month=10) == 2027
	assert fiscal_year(date(2026, 12, 31), start_month=10) == 2027
	assert fiscal_year(date(2027, 1, 1), start_month=10) == 2027


def test_fiscal_year_from_april():
	assert fiscal_year(date(2026, 3, 31), start_month=4) == 2026
	assert fiscal_year(date(2026, 4, 1), start_month=4) == 2027


def test_fiscal_year_starting_in_december():
	assert fiscal_year(date(2026, 11, 30), start_month=12) == 2026
	assert fiscal_year(date(2026, 12, 1), start_month=12) == 2027


@pytest.mark.parametrize("start_month", [0, 13, -1, True, 1.0, "10", None])
def test_fiscal_year_rejects_bad_start_months(start_month):
	with pytest.raises(FiscalYearError, match="month from 1 to 12"):
		fiscal_year(date(2026, 1, 1), start_month=start_month)


def test_fiscal_year_error_is_a_value_error():
	assert issubclass(FiscalYearError, ValueError)


def test_fiscal_year_start_is_the_first_day_of_the_named_year():
	assert fiscal_year_start(2026) == date(2026, 1, 1)
	assert fiscal_year_start(2027, start_month=10) == date(2026, 10, 1)
	assert fiscal_year_start(2026, start_month=4) == date(2025, 4, 1)


@pytest.mark.parametrize("start_month", range(1, 13))
def test_fiscal_year_start_and_fiscal_year_agree(start_month):
	start = fiscal_year_start(2030, start_month)
	assert fiscal_year(start, start_month) == 2030
	assert fiscal_year(date.fromordinal(start.toordinal() - 1), start_month) == 2029


def test_fiscal_year_helpers_refuse_bad_start_months():
	for bad in (0, 13, True, "1"):
		with pytest.raises(FiscalYearError):
			fiscal_year_start(2026, bad)


def test_giving_year_bounds_follow_a_calendar_year_from_january():
	assert giving_year_bounds(date(2026, 6, 30)) == (date(2025, 1, 1), date(2026, 1, 1))
	assert giving_year_bounds(date(2026, 1, 1), 1) == (date(2025, 1, 1), date(2026, 1, 1))
	assert giving_year_bounds(date(2026, 12, 31), 1) == (date(2025, 1, 1), date(2026, 1, 1))


def test_giving_year_bounds_follow_the_fiscal_year_the_reports_use():
	# An October year: 15 November 2026 is in fiscal 2027, which began on 1 October 2026.
	assert giving_year_bounds(date(2026, 11, 15), 10) == (date(2025, 10, 1), date(2026, 10, 1))
	assert giving_year_bounds(date(2026, 9, 30), 10) == (date(2024, 10, 1), date(2025, 10, 1))
	assert giving_year_bounds(date(2026, 10, 1), 10) == (date(2025, 10, 1), date(2026, 10, 1))
	assert giving_year_bounds(date(2027, 3, 31), 4) == (date(2025, 4, 1), date(2026, 4, 1))


@pytest.mark.parametrize("start_month", range(1, 13))
def test_giving_year_bounds_hold_the_day_and_agree_with_fiscal_year(start_month):
	for ordinal in range(date(2029, 1, 1).toordinal(), date(2031, 1, 1).toordinal(), 13):
		on = date.fromordinal(ordinal)
		last_start, this_start = giving_year_bounds(on, start_month)
		assert last_start < this_start <= on
		assert fiscal_year(this_start, start_month) == fiscal_year(on, start_month)
		assert fiscal_year(last_start, start_month) == fiscal_year(on, start_month) - 1


def test_giving_year_bounds_refuse_bad_start_months():
	with pytest.raises(FiscalYearError):
		giving_year_bounds(date(2026, 1, 1), 0)


def test_format_date_for_burmese_uses_burmese_months_and_myanmar_digits():
	assert format_date_for(date(2026, 11, 26), "my") == "၂၀၂၆ ခုနှစ် နိုဝင်ဘာလ ၂၆ ရက်"
	assert format_date_for(date(2026, 1, 5), "my") == "၂၀၂၆ ခုနှစ် ဇန်နဝါရီလ ၅ ရက်"
