"""Cell values by kind (dates, yes/no, enumerations, lists, text): every form the contract
lists, and refusals."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csp_audit.model.contract import SECTOR_SYNONYMS, SECTORS
from csp_audit.workbook.cells import (
    EXCEL_EPOCH,
    CellError,
    parse_date,
    parse_day_month,
    parse_enum,
    parse_list,
    parse_text,
    parse_yes_no,
)

JUNE_13 = date(2024, 6, 13)
record_dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))


@pytest.mark.parametrize("value", [
    JUNE_13, datetime(2024, 6, 13, 10, 30), 45456, 45456.0, 45456.75, "45456",
    "2024-06-13", "2024-06-13 00:00:00", "2024-06-13T09:00:00", "2024/06/13",
    "13/06/2024", "13/6/2024", "13-06-24", "13-06-2024", "13.06.2024", " 13/06/2024 ",
    "13 June 2024", "13 Jun 2024", "13th Jun 2024", "13th June 2024", "13-Jun-2024",
    "Thursday 13 June 2024", "Thu 13th June 2024", "Thursday, 13th June 2024",
    "June 13, 2024", "13 JUNE 2024", "13th of June 2024",
])
def test_every_listed_date_form_reads_as_the_same_day(value: object) -> None:
    assert parse_date(value) == JUNE_13


def test_slashed_dates_are_day_first() -> None:
    assert parse_date("03/04/2024") == date(2024, 4, 3)
    assert parse_date("1st Sept 2024") == date(2024, 9, 1)


@pytest.mark.parametrize("value", ["", "  ", None])
def test_blank_is_no_date(value: object) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize("value, detail", [
    ("31/02/2024", "not a date that exists"),
    ("29/02/2023", "not a date that exists"),
    ("31 February 2024", "not a date that exists"),
    ("12/31/2024", "not a date that exists"),
    ("13", None),
    (13, "not a plausible date"),
    ("hello", None),
    ("next Tuesday", None),
    ("13 June", "all needed"),
    ("June 2024", "all needed"),
    ("13 Junk 2024", "not part of a date"),
    ("Monday 13 June 2024", "is a Thursday"),
    ("tbc", None),
    (True, None),
    (time(10, 0), "a time"),
    ("13/06/2404", "outside"),
    (datetime(1899, 12, 31), "outside"),
])
def test_refuses_what_it_would_have_to_guess(value: object, detail: str | None) -> None:
    with pytest.raises(CellError) as raised:
        parse_date(value)
    assert "date" in raised.value.expected
    if detail:
        assert detail in str(raised.value)


@given(record_dates)
def test_any_date_round_trips_through_every_text_form(day: date) -> None:
    forms = [
        day.isoformat(), f"{day:%d/%m/%Y}", f"{day.day}/{day.month}/{day.year}",
        f"{day:%d.%m.%Y}", f"{day:%d %B %Y}", f"{day:%d %b %Y}", f"{day:%A %d %B %Y}",
        f"{day.day}{_suffix(day.day)} {day:%b %Y}", f"{day:%B} {day.day}, {day.year}",
    ]
    for form in forms:
        assert parse_date(form) == day, form


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2069, 12, 31)))
def test_two_digit_years_are_this_century(day: date) -> None:
    assert parse_date(f"{day:%d-%m-%y}") == day


@given(record_dates, st.times())
def test_any_date_round_trips_as_an_excel_value(day: date, moment: time) -> None:
    serial = (day - EXCEL_EPOCH).days
    assert parse_date(serial) == day
    assert parse_date(float(serial) + moment.hour / 24) == day
    assert parse_date(datetime.combine(day, moment)) == day


@given(st.integers(min_value=1, max_value=31), st.integers(min_value=1, max_value=12),
       st.integers(min_value=1950, max_value=2100))
def test_a_day_first_date_is_accepted_exactly_when_it_exists(day: int, month: int,
                                                             year: int) -> None:
    try:
        expected = date(year, month, day)
    except ValueError:
        with pytest.raises(CellError):
            parse_date(f"{day:02d}/{month:02d}/{year}")
    else:
        assert parse_date(f"{day:02d}/{month:02d}/{year}") == expected


def _suffix(day: int) -> str:
    if day in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


@pytest.mark.parametrize("value", [
    "yes", "Yes", "YES", "y", "Y", "true", "TRUE", True, 1, 1.0, "1", "✓", "✔", "☑", " yes ",
])
def test_yes_forms(value: object) -> None:
    assert parse_yes_no(value) is True


@pytest.mark.parametrize("value", [
    "no", "No", "n", "N", "false", False, 0, 0.0, "0", "✗", "✘", "☒", "x", "X",
])
def test_no_forms(value: object) -> None:
    assert parse_yes_no(value) is False


@pytest.mark.parametrize("value", ["", "   ", None])
def test_blank_yes_no_is_not_recorded(value: object) -> None:
    assert parse_yes_no(value) is None


@pytest.mark.parametrize("value", ["maybe", "2", 2.0, "yes please", JUNE_13])
def test_anything_else_is_not_yes_or_no(value: object) -> None:
    with pytest.raises(CellError) as raised:
        parse_yes_no(value)
    assert "yes or no" in raised.value.expected


@pytest.mark.parametrize("value, expected", [
    ("police", "police"), ("Police", "police"), ("Youth Justice", "youth_justice"),
    ("youth-justice", "youth_justice"), (" POLICE_AUTHORITY ", "police_authority"),
    ("NHS", "health"), ("Fire and Rescue Service", "fire"), ("", None),
])
def test_enumerations_ignore_case_spaces_and_accept_synonyms(value: str,
                                                             expected: str | None) -> None:
    assert parse_enum(value, SECTORS, SECTOR_SYNONYMS) == expected


def test_an_unknown_enumeration_lists_the_choices() -> None:
    with pytest.raises(CellError) as raised:
        parse_enum("Library service", SECTORS, SECTOR_SYNONYMS)
    assert raised.value.expected.startswith("one of council, police")


def test_text_keeps_ids_as_typed() -> None:
    assert parse_text(7.0) == "7"
    assert parse_text(" B-2024-06 ") == "B-2024-06"
    assert parse_text("") is None
    assert parse_text(JUNE_13) == "2024-06-13"


@pytest.mark.parametrize("value, expected", [
    ("01-04", (1, 4)), ("1/4", (1, 4)), ("1 April", (1, 4)), ("01.09", (1, 9)),
    (datetime(2024, 4, 1), (1, 4)), (JUNE_13, (13, 6)), ("", None),
])
def test_year_start_forms(value: object, expected: tuple[int, int] | None) -> None:
    assert parse_day_month(value) == expected


@pytest.mark.parametrize("value", ["31-02", "April", "13", "1-13", timedelta(days=1)])
def test_year_start_refusals(value: object) -> None:
    with pytest.raises(CellError):
        parse_day_month(value)


@pytest.mark.parametrize(("typed", "said"), [
    ("07/16/2024", "07/16/2024 is not a date that exists (dates are day first: 16/07/2024?)"),
    ("7-13-24", "7-13-24 is not a date that exists (dates are day first: 13-07-24?)"),
    ("2024-16-07", "2024-16-07 is not a date that exists (year-first dates are year, month, "
                   "day: 2024-07-16?)"),
    ("31/02/2024", "31/02/2024 is not a date that exists"),
    ("2024-25", "2024-25 is a span of years, not a date; give the day, e.g. 01/04/2024"),
    ("2023/2024", "2023/2024 is a span of years, not a date; give the day, e.g. 01/04/2023"),
    ("TBC", "'TBC' is not a date; leave the cell blank until the date is known"),
    ("n/a", "'n/a' is not a date; leave the cell blank until the date is known"),
    ("13 Jnue 2024", "'Jnue' is not part of a date (June?)"),
])
def test_a_date_refused_says_what_was_probably_meant(typed: str, said: str) -> None:
    with pytest.raises(CellError) as refused:
        parse_date(typed)
    assert refused.value.detail == said


def test_a_year_and_month_is_not_taken_for_a_span_of_years() -> None:
    with pytest.raises(CellError) as refused:
        parse_date("2024-05")
    assert refused.value.detail is None


@pytest.mark.parametrize(("value", "items"), [
    ("Sefton Council; Merseyside Police", ("Sefton Council", "Merseyside Police")),
    ("Sefton Council\nMerseyside Police;", ("Sefton Council", "Merseyside Police")),
    (" ; ", None), ("", None), (None, None), (7, ("7",)),
])
def test_a_list_cell_is_split_on_semicolons_and_line_breaks(value: object,
                                                           items: tuple[str, ...] | None) -> None:
    assert parse_list(value) == items
