"""Reading one cell's value by its kind: a date, a day and month (a year start), a yes/no,
one of a column's choices, a list, or text.

Managers type dates and ticks in their own habits; this module accepts every form the
contract lists and refuses anything it would have to guess. A refusal is a `CellError`
saying what was expected, so the validator can name the cell.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from difflib import get_close_matches
from functools import lru_cache

from dateutil import parser as dateutil_parser

from csp_audit.model.contract import vocabulary_key
from csp_audit.model.periods import EARLIEST, LATEST

EXCEL_EPOCH = date(1899, 12, 30)
"""Day 0 of Excel's 1900 date system (serials from 61 on; earlier ones are never dates here)."""
EXCEL_EPOCH_1904 = date(1904, 1, 1)
"""Day 0 of the 1904 date system (older Mac Excel; `date1904` in the workbook): the same
serial is 1,462 days (4 years and 1 day) later than in the 1900 system."""
DATE_EXPECTED = "a date such as 13/06/2024, 2024-06-13 or 13 June 2024"
YESNO_EXPECTED = "yes or no (y/n, true/false, 1/0, ✓/✗)"

YES = frozenset({"yes", "y", "true", "t", "1", "✓", "✔", "☑", "✅", "✔️"})
NO = frozenset({"no", "n", "false", "f", "0", "✗", "✘", "☒", "❌", "x", "×"})

_NUMERIC_DAY_FIRST = re.compile(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})")
_YEAR_FIRST = re.compile(r"(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})")
_ISO_WITH_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?")
_ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th)\b", re.IGNORECASE)
_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)
_MONTH_WORD = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?![a-z])", re.I
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TEXT_DATE_WORDS = re.compile(r"[a-z]+", re.I)
_GUESS_DEFAULTS = (datetime(2001, 1, 1), datetime(2002, 2, 2))
_YEAR_RANGE = re.compile(r"((?:19|20)\d\d)\s*[-/\u2013]\s*(\d\d|(?:19|20)\d\d)")
"""`2024-25` or `2024/2025`: a financial year typed where one day was wanted."""
_NOT_KNOWN_YET = frozenset({"tbc", "tba", "tbd", "n/a", "na", "-", "--", "?", "??", "unknown",
                            "pending", "not known", "none", "to be confirmed", "not yet",
                            "awaited", "awaiting", "to follow", "not applicable", "nil",
                            "\u2013", "\u2014", "x"})


def is_placeholder(value: object) -> bool:
    """`TBC`, `n/a`, `-`, `not yet`: a date not known yet, typed where a date goes."""
    return isinstance(value, str) and value.strip().casefold().rstrip(".") in _NOT_KNOWN_YET


class CellError(ValueError):
    """A cell's value is not what its column expects."""

    def __init__(self, expected: str, detail: str | None = None) -> None:
        self.expected = expected
        self.detail = detail
        super().__init__(detail or f"expected {expected}")


def is_blank(value: object) -> bool:
    """Blank as the reader sees it: None, '' or only whitespace (calamine gives '')."""
    return value is None or (isinstance(value, str) and not value.strip())


def display(value: object) -> str:
    """A cell value as the user typed it, for messages: 45456.0 shows as 45456."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def parse_text(value: object) -> str | None:
    """Free text: stripped, with numbers shown as typed (an id 7 is '7', not '7.0')."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    return display(value).strip()


def parse_list(value: object) -> tuple[str, ...] | None:
    """Items separated by semicolons or line breaks (signatories), each stripped; None when
    there are none."""
    items = tuple(part.strip() for part in (parse_text(value) or "").replace("\n", ";")
                  .split(";"))
    return tuple(item for item in items if item) or None


def parse_date(value: object, date1904: bool = False) -> date | None:
    """A date from any form the contract lists; None for a blank cell. A serial day number
    counts from 1904 when the workbook says so (`date1904`).

    Raises `CellError` for anything else, including dates that do not exist (31/02/2024)
    and text dateutil would only accept by guessing (a bare `13`, `June 2024`).
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(DATE_EXPECTED)
    if isinstance(value, datetime):
        return _in_range(value.date())
    if isinstance(value, date):
        return _in_range(value)
    if isinstance(value, int | float):
        return _from_serial(value, date1904)
    if isinstance(value, time | timedelta):
        raise CellError(DATE_EXPECTED, "a time or duration, not a date")
    if not isinstance(value, str):
        raise CellError(DATE_EXPECTED)
    return _in_range(_parse_date_text(value.strip(), date1904))


def _from_serial(serial: float, date1904: bool = False) -> date:
    """An Excel serial day number in the workbook's date system; only those for plausible
    record dates are accepted."""
    epoch = EXCEL_EPOCH_1904 if date1904 else EXCEL_EPOCH
    earliest = (EARLIEST - epoch).days
    latest = (LATEST - epoch).days
    if not earliest <= serial < latest + 1:
        system = " in the workbook's 1904 date system" if date1904 else ""
        raise CellError(DATE_EXPECTED, f"a number that is not a plausible date "
                        f"(Excel serials{system} run from {earliest} for "
                        f"{EARLIEST:%d/%m/%Y})")
    return epoch + timedelta(days=int(serial))


def _in_range(day: date) -> date:
    if not EARLIEST <= day <= LATEST:
        raise CellError(f"a date between {EARLIEST.year} and {LATEST.year}",
                        f"year {day.year} is outside {EARLIEST.year}-{LATEST.year}")
    return day


def _parse_date_text(text: str, date1904: bool = False) -> date:
    if text.isdigit() and len(text) == 5:
        return _from_serial(int(text), date1904)
    iso = _ISO_WITH_TIME.fullmatch(text)
    if iso:
        text = iso.group(1)
    if match := _YEAR_FIRST.fullmatch(text):
        year, month, day = match.group(1, 3, 4)
        swapped = f"{year}{match.group(2)}{day.zfill(2)}{match.group(2)}{month.zfill(2)}"
        return _build(int(year), int(month), int(day), text,
                      f"year-first dates are year, month, day: {swapped}?")
    if match := _NUMERIC_DAY_FIRST.fullmatch(text):
        year = int(match.group(4))
        if len(match.group(4)) == 2:
            year += 2000 if year < 70 else 1900
        first, separator, second = match.group(1, 2, 3)
        swapped = (f"{second.zfill(2)}{separator}{first.zfill(2)}{separator}"
                   f"{match.group(4)}")
        return _build(year, int(second), int(first), text,
                      f"dates are day first: {swapped}?")
    if (match := _YEAR_RANGE.fullmatch(text)) and _next_year(*match.group(1, 2)):
        raise CellError(DATE_EXPECTED, f"{text} is a span of years, not a date; give the day, "
                        f"e.g. 01/04/{match.group(1)}")
    if text.casefold().rstrip(".") in _NOT_KNOWN_YET:
        raise CellError(DATE_EXPECTED, f"'{text}' is not a date; leave the cell blank until "
                        "the date is known")
    if _MONTH_WORD.search(text) or _TEXT_DATE_WORDS.search(text):
        return _parse_month_name(text)
    raise CellError(DATE_EXPECTED)


def _next_year(first: str, second: str) -> bool:
    """`2024-25` and `2024/2025` are spans of a year; `2024-05` (May) is not."""
    return int(second) == (int(first) + 1) % 10 ** len(second)


def _build(year: int, month: int, day: int, text: str, swapped_hint: str) -> date:
    """The date typed; when it does not exist but would with day and month swapped (a US
    07/16/2024), `swapped_hint` says which way round the tool reads them."""
    try:
        return date(year, month, day)
    except ValueError:
        pass
    try:
        date(year, day, month)
    except ValueError:
        hint = ""
    else:
        hint = f" ({swapped_hint})"
    raise CellError(DATE_EXPECTED, f"{text} is not a date that exists{hint}")


def _parse_month_name(text: str) -> date:
    """Text dates with a month name, via dateutil, refusing any part it would guess."""
    weekday = None
    cleaned = _ORDINAL.sub("", text).replace(",", " ")
    for word in _TEXT_DATE_WORDS.findall(cleaned):
        if _lookup(word, _MONTHS) is not None or word.casefold() == "of":
            continue
        if (day_index := _lookup(word, _WEEKDAYS)) is not None and weekday is None:
            weekday = day_index
            cleaned = re.sub(rf"\b{word}\b\.?", " ", cleaned, count=1)
            continue
        near = get_close_matches(word.casefold(), _MONTHS, n=1, cutoff=0.6)
        raise CellError(DATE_EXPECTED, f"'{word}' is not part of a date"
                        + (f" ({near[0].title()}?)" if near else ""))
    try:
        parsed = [dateutil_parser.parse(cleaned, dayfirst=True, default=d).date()
                  for d in _GUESS_DEFAULTS]
    except (ValueError, OverflowError) as error:
        detail = "not a date that exists" if "range" in str(error) else None
        raise CellError(DATE_EXPECTED, detail and f"{text} is {detail}") from None
    if parsed[0] != parsed[1]:
        raise CellError(DATE_EXPECTED, "a day, a month and a year are all needed")
    day = parsed[0]
    if weekday is not None and day.weekday() != weekday:
        raise CellError(DATE_EXPECTED, f"{day:%d %B %Y} is a {day:%A}, not a "
                        f"{_WEEKDAYS[weekday].title()}")
    return day


def _lookup(word: str, names: Sequence[str]) -> int | None:
    """Index of the name `word` abbreviates (at least three letters), if any."""
    word = word.casefold().rstrip(".")
    if len(word) < 3:
        return None
    for index, name in enumerate(names):
        if name.startswith(word):
            return index
    return None


def parse_yes_no(value: object) -> bool | None:
    """Yes/no from any form the contract lists; None for a blank cell (not recorded)."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise CellError(YESNO_EXPECTED)
    if isinstance(value, str):
        word = value.strip().casefold().rstrip(".")
        if word in YES:
            return True
        if word in NO:
            return False
    raise CellError(YESNO_EXPECTED)


def parse_enum(value: object, choices: Sequence[str],
               synonyms: Mapping[str, str] | None = None) -> str | None:
    """One of `choices`, matched by `vocabulary_key` (case, spacing, punctuation and quote
    styles do not matter), or via a synonym; a refusal names the nearest choice."""
    if is_blank(value):
        return None
    key = vocabulary_key(display(value))
    for choice, choice_key in _keys(tuple(choices)):
        if choice_key == key:
            return choice
    if synonyms and key in synonyms:
        return synonyms[key]
    guess = nearest_choice(key, choices, synonyms)
    hint = f"; did you mean '{guess}'?" if guess else ""
    raise CellError("one of " + ", ".join(choices),
                    f"'{display(value).strip()}' is not one of the accepted values{hint}")


@lru_cache(maxsize=256)
def _keys(choices: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Each choice with its `vocabulary_key`, worked out once per list of choices."""
    return tuple((choice, vocabulary_key(choice)) for choice in choices)


def nearest_choice(key: str, choices: Sequence[str],
                   synonyms: Mapping[str, str] | None = None) -> str | None:
    """The choice whose name or synonym is closest to a typed word's key, if any is close."""
    candidates = {vocabulary_key(choice): choice for choice in choices}
    for word, choice in (synonyms or {}).items():
        candidates.setdefault(word, choice)
    close = get_close_matches(key, list(candidates), n=1, cutoff=0.75)
    if not close and len(key) >= 4:
        close = [word for word in candidates if len(word) >= 4 and (
            word.startswith(key) or key.startswith(word))][:1]
    return candidates[close[0]] if close else None


def parse_day_month(value: object) -> tuple[int, int] | None:
    """A day and month such as `01-04` (the start of a reporting year); None when blank.

    A real date (Excel turns a typed 01-04 into 1 April) gives its day and month.
    """
    if is_blank(value):
        return None
    expected = "a day and month as DD-MM, e.g. 01-04 for 1 April"
    if isinstance(value, date):
        return value.day, value.month
    text = display(value).strip()
    match = re.fullmatch(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})", text)
    if match:
        day, month = int(match.group(1)), int(match.group(2))
    else:
        try:
            parsed = _parse_month_name(f"{text} 2023")
        except CellError:
            raise CellError(expected) from None
        day, month = parsed.day, parsed.month
    try:
        date(2023, month, day)
    except ValueError:
        raise CellError(expected, f"{text} is not a day and month that exists") from None
    return day, month
