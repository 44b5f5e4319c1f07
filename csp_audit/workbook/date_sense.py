"""Dates that read as dates but make no sense together: warnings, never silent.

An office program set to US locale turns a typed 03/04/2024 into 4 March and leaves
13/04/2024 as text; minutes then seem "published" months before their meeting. Nothing here
refuses a workbook: each warning names the cells and what to check.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from csp_audit.model.contract import Sheet
from csp_audit.workbook.cells import CellError, parse_date
from csp_audit.workbook.rows import Problems, Row
from csp_audit.workbook.sheets import Table, cell_ref

LOCALE_REMEDY = (
    "in Excel, Windows Settings > Time & language > Region > Regional format: English "
    "(United Kingdom), then retype the dates; in LibreOffice Calc, Tools > Options > "
    "Language Settings > Languages > Locale setting: English (UK)")
_TEXT_DAY_FIRST = re.compile(r"\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*\d{2,4}\s*")


def check_mixed_dates(table: Table, sheet: Sheet, positions: dict[str, int],
                      problems: Problems) -> None:
    """A date column holding real date cells and day-first dates typed as text, one of which
    could not be month-first (13/06/2024): the sign of a program in US locale, which reads
    what it can month-first and keeps the rest as text."""
    for column in sheet.columns:
        index = positions.get(column.name)
        if column.type != "date" or index is None:
            continue
        real = text = None
        for raw in table.rows:
            value = raw.get(index)
            if isinstance(value, date | datetime):
                real = real or cell_ref(raw.number, index)
            elif isinstance(value, str) and (match := _TEXT_DAY_FIRST.fullmatch(value)) and (
                    int(match.group(1)) > 12) and _is_date(value):
                text = text or (cell_ref(raw.number, index), value.strip())
        if real and text:
            problems.warning(
                f"column {column.name} mixes dates held as dates ({real}) with day-first "
                f"dates held as text ({text[0]} '{text[1]}'): the sign of a program set to "
                "US locale, which may have read other dates month first; check them, and "
                f"set the locale: {LOCALE_REMEDY}", table.sheet,
                cell_ref(table.header_row, index))


def _is_date(text: str) -> bool:
    try:
        return parse_date(text) is not None
    except CellError:
        return False


def check_meeting_dates(rows: list[Row], problems: Problems) -> None:
    """Minutes circulated or published before their meeting, or papers sent after it."""
    for row in rows:
        if not row.ok or not isinstance(day := row.values.get("date"), date):
            continue
        for field in ("minutes_circulated", "minutes_published"):
            when = row.values.get(field)
            if isinstance(when, date) and when < day:
                problems.warning(f"{field} {when:%d/%m/%Y} is {_gap(when, day)} before the "
                                 f"meeting ({day:%d/%m/%Y}): day and month swapped?",
                                 row.sheet, row.ref(field))
        papers = row.values.get("papers_circulated")
        if isinstance(papers, date) and papers > day:
            problems.warning(f"papers_circulated {papers:%d/%m/%Y} is {_gap(day, papers)} "
                             f"after the meeting ({day:%d/%m/%Y}): day and month swapped?",
                             row.sheet, row.ref("papers_circulated"))


def _gap(first: date, second: date) -> str:
    days = (second - first).days
    if days < 60:
        return f"{days} day{'s' if days != 1 else ''}"
    return f"{round(days / 30.44)} months"

