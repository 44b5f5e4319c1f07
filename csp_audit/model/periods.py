"""Reporting years, working days and calendar months, as rules.md defines them.

Every date rule in the checklists goes through these functions, so that "5 working days
before" and "within one month" mean the same thing everywhere.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path

from dateutil.relativedelta import relativedelta

from csp_audit.model.errors import UsageError
from csp_audit.model.wording import counted

EARLIEST = date(1950, 1, 1)
"""The first day a workbook date may fall on; reporting years are bounded by it too."""
LATEST = date(2100, 12, 31)
"""The last day a workbook date may fall on."""


@dataclass(frozen=True)
class Period:
    """One reporting year: from `start` to `end` inclusive (the day before the next start)."""

    start: date
    end: date
    label: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def _start_in(year: int, month: int, day: int) -> date:
    """The year start in `year`; a 29 February start falls back to 28 February."""
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, 28)


def year_label(start: date) -> str:
    """`2024` for a calendar year, `2024-25` for any other year start."""
    if (start.month, start.day) == (1, 1):
        return str(start.year)
    return f"{start.year}-{(start.year + 1) % 100:02d}"


def period_starting(year: int, month: int = 4, day: int = 1) -> Period:
    start = _start_in(year, month, day)
    end = _start_in(year + 1, month, day) - timedelta(days=1)
    return Period(start, end, year_label(start))


def period_containing(day: date, month: int = 4, day_of_month: int = 1) -> Period:
    """The reporting year that `day` falls in."""
    year = day.year if day >= _start_in(day.year, month, day_of_month) else day.year - 1
    return period_starting(year, month, day_of_month)


_YEAR = re.compile(r"^\s*(\d{4})(?:\s*[-/]\s*(\d{2}|\d{4}))?\s*$")


def parse_year(text: str, month: int = 4, day: int = 1) -> Period:
    """Read `--year`: `2024-25`, `2024/25` or `2024-2025`; `2024` for a calendar year.

    A plain `2024` for a partnership whose year starts elsewhere means the year starting in
    2024, so `2024` and `2024-25` both name April 2024 to March 2025.
    """
    match = _YEAR.match(text)
    if not match:
        raise UsageError(f"bad year {text!r}: expected a reporting year such as 2024-25")
    first = int(match.group(1))
    second = match.group(2)
    calendar = (month, day) == (1, 1)
    if not EARLIEST.year <= first <= LATEST.year:
        raise UsageError(f"bad year {text!r}: a workbook's dates run from {EARLIEST.year} to "
                         f"{LATEST.year}, so no reporting year starts in {first}")
    if second is not None:
        if calendar:
            raise UsageError(f"its reporting year is the calendar year, so --year "
                             f"{text.strip()} names none of its years: write --year {first}")
        wanted = first + 1 if len(second) == 4 else (first + 1) % 100
        if int(second) != wanted:
            raise UsageError(f"bad year {text!r}: the second year must follow the first "
                             f"(e.g. {first}-{(first + 1) % 100:02d})")
    return period_starting(first, month, day)


def audit_period(year: str | None, as_of: date | None, today: date, month: int = 4,
                 day: int = 1) -> tuple[Period, date]:
    """The period to audit and the as-of day, from `--year` and `--as-of` (either optional).

    Without `--as-of`: the end of the year, or today while the year runs. Without `--year`:
    the year containing as-of (or today). As-of never falls outside the year.
    """
    if year is not None:
        period = parse_year(year, month, day)
    else:
        period = period_containing(as_of or today, month, day)
    if as_of is None:
        if today < period.start:
            raise UsageError(f"the reporting year {period.label} has not started yet "
                             f"(it starts on {long_date(period.start)})")
        as_of = min(today, period.end)
    elif as_of not in period:
        raise UsageError(f"--as-of {as_of.isoformat()} is outside the reporting year "
                         f"{period.label} ({long_date(period.start)} to "
                         f"{long_date(period.end)})")
    return period, as_of


def check_periods(starts: Mapping[str, tuple[int, int]], year: str | None,
                  as_of: date | None, today: date) -> None:
    """--year and --as-of checked against each partnership's year start (code -> month,
    day) before any is audited, so a run over many stops at once, naming every partnership
    they do not fit, with nothing half-done; UsageError says what and for whom."""
    if year is not None:
        parse_year(year)  # its form and range, the same for every partnership
    refused: dict[str, list[str]] = {}
    for code, (month, day) in starts.items():
        try:
            audit_period(year, as_of, today, month, day)
        except UsageError as error:
            refused.setdefault(str(error), []).append(code)
    if not refused:
        return
    text = "\nerror: ".join(f"{_listed(codes)}: {message}" for message, codes in refused.items())
    match = _YEAR.match(year or "")
    calendar = {code for code, start in starts.items() if start == (1, 1)}
    refused_codes = {code for codes in refused.values() for code in codes}
    if match and match.group(2) and refused_codes <= calendar and len(calendar) < len(starts):
        first = match.group(1)
        text += (f"\nhint: --year {first} audits each partnership's year that starts in "
                 f"{first}: {first} for a calendar year, {first}-{(int(first) + 1) % 100:02d} "
                 "for a year from April")
    raise UsageError(text)


def _listed(codes: list[str], shown: int = 5) -> str:
    if len(codes) <= shown:
        return ", ".join(codes)
    return f"{', '.join(codes[:shown])} and {len(codes) - shown} more"


@lru_cache(maxsize=8192)
def long_date(day: date) -> str:
    """`13 June 2024`: how reasons and reports write a date (remembered: a national audit
    writes the same few thousand days tens of thousands of times)."""
    return f"{day.day} {day:%B %Y}"


@cache
def _england_and_wales() -> Callable[[int], Iterable[date]]:
    """The `holidays` calendar of England and Wales, as a function of the year.

    `holidays.country_holidays` imports every one of the package's 250 country modules
    first (a twentieth of a second of each run, more than checking a partnership takes),
    so the United Kingdom's module is loaded from its own file; should the package ever
    lay its files out differently, the package's own way is used."""
    import holidays.holiday_base

    path = Path(holidays.holiday_base.__file__).with_name("countries") / "united_kingdom.py"
    try:
        spec = importlib.util.spec_from_file_location("csp_audit._uk_holidays", path)
        if spec is None or spec.loader is None:
            raise ImportError(path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        calendar = module.UnitedKingdom
        return lambda year: calendar(subdiv="ENG", years=year)
    except (ImportError, OSError, AttributeError):
        import holidays

        return lambda year: holidays.country_holidays("GB", subdiv="ENG", years=year)


@cache
def bank_holidays_in(year: int) -> frozenset[date]:
    """England and Wales bank holidays of one year, including substitute and one-off days.

    A plain set per year: asking the `holidays` calendar day by day took longer than the
    rest of a working-day count."""
    return frozenset(_england_and_wales()(year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays_in(day.year)


def working_days_between(earlier: date, later: date) -> int:
    """Working days strictly between two dates (0 when `later` is not after `earlier`)."""
    count = 0
    day = earlier + timedelta(days=1)
    while day < later:
        if is_working_day(day):
            count += 1
        day += timedelta(days=1)
    return count


def nth_working_day_after(day: date, n: int) -> date:
    """The Nth working day after `day`: the last day that is "within N working days"."""
    if n < 0:
        raise ValueError("n must not be negative")
    while n > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def add_months(day: date, months: int) -> date:
    """Calendar months as relativedelta counts them: 31 January + 1 month = 29 February."""
    return day + relativedelta(months=months)


def months_and_days(earlier: date, later: date) -> str:
    """A gap in words, e.g. `13 months and 2 days`."""
    delta = relativedelta(later, earlier)
    months = delta.years * 12 + delta.months
    parts = []
    if months:
        parts.append(counted(months, "month"))
    if delta.days or not parts:
        parts.append(counted(delta.days, "day"))
    return " and ".join(parts)
