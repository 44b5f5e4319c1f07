"""Reporting years, working days and calendar months, as rules.md defines them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csp_audit.model.errors import UsageError
from csp_audit.model.periods import (
    add_months,
    audit_period,
    is_working_day,
    nth_working_day_after,
    parse_year,
    period_containing,
    working_days_between,
)

days = st.dates(min_value=date(2010, 1, 1), max_value=date(2035, 12, 31))


def test_rules_md_papers_example_across_the_may_bank_holiday() -> None:
    assert working_days_between(date(2024, 5, 2), date(2024, 5, 13)) == 5


def test_rules_md_minutes_example_across_the_spring_bank_holiday() -> None:
    assert nth_working_day_after(date(2024, 5, 14), 10) == date(2024, 5, 29)


@pytest.mark.parametrize("day", [date(2022, 9, 19), date(2023, 5, 8), date(2022, 6, 3),
                                 date(2020, 12, 28), date(2024, 5, 6), date(2024, 12, 26)])
def test_substitute_and_one_off_bank_holidays_are_not_working_days(day: date) -> None:
    assert not is_working_day(day)


def test_an_ordinary_weekday_is_a_working_day_and_a_weekend_is_not() -> None:
    assert is_working_day(date(2024, 6, 13))
    assert not is_working_day(date(2024, 6, 15))


def test_year_labels() -> None:
    assert period_containing(date(2025, 3, 31)).label == "2024-25"
    assert period_containing(date(2025, 4, 1)).label == "2025-26"
    assert period_containing(date(2024, 7, 1), 1, 1).label == "2024"
    assert period_containing(date(1999, 12, 1)).label == "1999-00"


@pytest.mark.parametrize("text", ["2024-25", "2024/25", "2024-2025", "2024", " 2024-25 "])
def test_parse_year_forms(text: str) -> None:
    period = parse_year(text)
    assert (period.start, period.end) == (date(2024, 4, 1), date(2025, 3, 31))


@pytest.mark.parametrize("text", ["2024-26", "24-25", "next year", "2024-2026", ""])
def test_bad_years_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError, match="bad year"):
        parse_year(text)


def test_calendar_year_partnership_refuses_a_split_year() -> None:
    assert parse_year("2024", 1, 1).end == date(2024, 12, 31)
    with pytest.raises(UsageError, match="calendar year"):
        parse_year("2024-25", 1, 1)


def test_as_of_defaults_to_year_end_or_today_while_running() -> None:
    today = date(2025, 1, 10)
    assert audit_period("2023-24", None, today)[1] == date(2024, 3, 31)
    period, as_of = audit_period("2024-25", None, today)
    assert as_of == today and period.label == "2024-25"
    assert audit_period(None, None, today)[0].label == "2024-25"
    assert audit_period(None, date(2023, 6, 1), today)[0].label == "2023-24"


def test_as_of_outside_the_year_and_a_future_year_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="outside"):
        audit_period("2023-24", date(2024, 4, 1), date(2025, 1, 1))
    with pytest.raises(UsageError, match="not started"):
        audit_period("2026-27", None, date(2025, 1, 1))


def test_calendar_months_clip_to_month_end() -> None:
    assert add_months(date(2024, 5, 13), 1) == date(2024, 6, 13)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


@given(days, st.integers(1, 4), st.integers(1, 31))
def test_every_day_falls_in_exactly_one_year(day: date, month: int, start_day: int) -> None:
    start_day = min(start_day, 28)
    period = period_containing(day, month, start_day)
    assert period.start <= day <= period.end
    following = period_containing(period.end + timedelta(days=1), month, start_day)
    assert following.start == period.end + timedelta(days=1)


@given(days, st.integers(0, 30))
def test_nth_working_day_after_is_a_working_day_with_n_minus_one_between(
        day: date, n: int) -> None:
    end = nth_working_day_after(day, n)
    if n == 0:
        assert end == day
    else:
        assert is_working_day(end)
        assert working_days_between(day, end) == n - 1


@given(days, days)
def test_working_days_between_is_additive_and_bounded(a: date, b: date) -> None:
    earlier, later = sorted((a, b))
    count = working_days_between(earlier, later)
    assert 0 <= count <= max((later - earlier).days - 1, 0)
    middle = earlier + (later - earlier) / 2
    if earlier < middle < later:
        assert count == (working_days_between(earlier, middle) + is_working_day(middle)
                         + working_days_between(middle, later))


def test_bank_holidays_are_the_holidays_package_own_for_england_and_wales() -> None:
    """The calendar is loaded from the package's United Kingdom module alone (for speed):
    every day from 1995 to 2045 must be rated as the package's own front door rates it."""
    import holidays

    reference = holidays.country_holidays("GB", subdiv="ENG", years=range(1995, 2046))
    day = date(1995, 1, 1)
    while day.year < 2046:
        assert is_working_day(day) == (day.weekday() < 5 and day not in reference), day
        day += timedelta(days=1)


def test_check_periods_hints_at_the_single_year_only_when_it_would_serve() -> None:
    from datetime import date

    from csp_audit.model.errors import UsageError
    from csp_audit.model.periods import check_periods

    today = date(2026, 12, 5)
    april = {f"p{number:02d}": (4, 1) for number in range(7)}
    with pytest.raises(UsageError) as refused:
        check_periods({"cal": (1, 1), **april}, "2027-28", None, today)
    assert str(refused.value).splitlines() == [
        "cal: its reporting year is the calendar year, so --year 2027-28 names none of its "
        "years: write --year 2027",
        "error: p00, p01, p02, p03, p04 and 2 more: the reporting year 2027-28 has not "
        "started yet (it starts on 1 April 2027)"]
    with pytest.raises(UsageError, match="\nhint: --year 2024 audits"):
        check_periods({**april, "cal": (1, 1)}, "2024-25", None, today)
    check_periods(april, "2024", date(2025, 3, 31), today)
