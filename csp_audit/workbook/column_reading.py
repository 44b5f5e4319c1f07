"""One register's cells read column by column, for `columns.py`: the header row found and
checked as `rows.locate_table` and `rows.check_columns` check it, the rows `rows.read_rows`
reads kept, and each column parsed by its type, each distinct value once.

Anything the cell-by-cell reader would say a word about (an unknown or missing column, a
cell it refuses or warns of, a value under no header, a month-only or US-locale date) is
`Unclean`: the whole workbook is then read cell by cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from csp_audit.model.contract import NOTE_COLUMNS, Column, Sheet, normalise_name
from csp_audit.model.periods import EARLIEST, LATEST
from csp_audit.workbook.cells import CellError
from csp_audit.workbook.date_sense import _TEXT_DAY_FIRST, _is_date
from csp_audit.workbook.limits import MAX_CELL_CHARS
from csp_audit.workbook.rows import parse_cell
from csp_audit.workbook.sheets import (
    Header,
    SheetGrid,
    find_header_row,
    header_key,
    header_text,
    is_blank_row,
)


class Unclean(Exception):
    """Something this path does not say yes to: the cell-by-cell reader takes over."""


_UNSEEN = object()


@dataclass
class RegisterColumns:
    """One register's header and kept rows, its columns parsed by the contract."""

    name: str
    """The sheet's name in the workbook."""
    numbers: list[int]
    """The spreadsheet row of each kept row."""
    values: dict[str, list[Any]]
    """Contract column name -> parsed values, blank as the column's default."""


def read_register(grid: SheetGrid, sheet: Sheet) -> RegisterColumns:
    """A register's header row found and checked, its kept rows' columns parsed."""
    firsts = (["meeting_id", "organisation"] if sheet.name == "Attendance"
              else [sheet.columns[0].name])
    header_row = find_header_row(grid, firsts)
    if header_row is None:
        if sheet.required or not all(is_blank_row(row) for row in grid.rows):
            raise Unclean
        return RegisterColumns(grid.name, [], {c.name: [] for c in sheet.columns})
    headers = [Header(text, header_key(text), index)
               for index, value in enumerate(grid.rows[header_row - 1])
               if (text := header_text(value))]
    known = _known_headers(sheet)
    positions: dict[str, int] = {}
    for header in headers:
        name = known.get(header.key)
        if name is None and header.key not in NOTE_COLUMNS:
            raise Unclean
        if name is not None:
            positions[name] = header.column
    if len({h.key for h in headers}) != len(headers):
        raise Unclean
    if sheet.name == "Attendance" and not ({"meetingid", "status"} & {h.key for h in headers}):
        raise Unclean
    if any(column.required and column.name not in positions for column in sheet.columns):
        raise Unclean
    body = _transposed(grid.rows[header_row:], len(grid.rows[header_row - 1]))
    headed = {h.column for h in headers}
    if any(index not in headed and not is_blank_row(cells) for index, cells in enumerate(body)):
        raise Unclean
    kept = _kept(body, tuple(positions.values()))
    numbers = [header_row + 1 + row for row in kept]
    everything = bool(kept) and len(kept) == len(body[0])
    values = {}
    for column in sheet.columns:
        index = positions.get(column.name)
        if index is None or not kept:
            cells: list[Any] | tuple[Any, ...] = [""] * len(kept)
        else:
            cells = body[index] if everything else [body[index][row] for row in kept]
        values[column.name] = _parsed(cells, column, grid.date1904)
        if column.type == "date" and index is not None:
            _date_sense(cells, index, numbers, grid.month_year_cells)
    return RegisterColumns(grid.name, numbers, values)


_KNOWN: dict[int, tuple[Sheet, dict[str, str]]] = {}


def _known_headers(sheet: Sheet) -> dict[str, str]:
    """Normalised header -> the sheet's column name, worked out once per contract sheet (it
    is asked for every register of every workbook)."""
    found = _KNOWN.get(id(sheet))
    if found is None or found[0] is not sheet:
        found = _KNOWN[id(sheet)] = (
            sheet, {normalise_name(column.name): column.name for column in sheet.columns})
    return found[1]


def _transposed(rows: list[list[Any]], header_width: int) -> list[tuple[Any, ...]]:
    """The rows below the header as columns (as many as the widest row or the header), a
    short row padded with blanks; no columns when there are no rows."""
    if not rows:
        return []
    width = max(header_width, *map(len, rows))
    if min(map(len, rows)) < width:
        rows = [[*row, *[""] * (width - len(row))] for row in rows]
    return list(zip(*rows, strict=True))


def _kept(body: list[tuple[Any, ...]], indexes: tuple[int, ...]) -> list[int]:
    """The rows (0-based below the header) `rows.read_rows` reads: any contract column
    filled. Only the rows whose first such cell looks empty are looked at closely."""
    if not body or not indexes:
        return []
    first = body[indexes[0]]
    doubtful = {row for row, value in enumerate(first)
                if not value or (value.__class__ is str and value.isspace())}
    if not doubtful:
        return list(range(len(first)))
    return [row for row in range(len(first)) if row not in doubtful
            or not is_blank_row(body[index][row] for index in indexes)]


_NUMBERS = frozenset({bool, int, float})
_PLAIN = frozenset({str, datetime, date, type(None)}) | _NUMBERS


def _parsed(cells: list[Any] | tuple[Any, ...], column: Column, date1904: bool) -> list[Any]:
    """The column's cells read by its type, each distinct value once, as `rows.read_rows`
    reads them. Values are told apart by value and type (1, 1.0 and True are one dict key,
    not one cell): a column mixing kinds of number is read a cell at a time."""
    kinds = set(map(type, cells))
    if kinds == {str} and column.type == "text":
        return _texts(cells, column)
    if kinds <= _PLAIN and len(kinds & _NUMBERS) <= 1:
        readings = {value: _reading(value, column, date1904) for value in set(cells)}
        try:
            return list(map(readings.__getitem__, cells))
        except KeyError:  # a value not equal to itself (NaN)
            pass
    parsed: dict[object, object] = {}
    out = []
    for value in cells:
        key = value if value.__class__ is str else (value.__class__, value)
        reading = parsed.get(key, _UNSEEN)
        if reading is _UNSEEN:
            reading = parsed[key] = _reading(value, column, date1904)
        out.append(reading)
    return out


def _texts(cells: list[str] | tuple[str, ...], column: Column) -> list[Any]:
    """A text column of text cells, as `cells.parse_text` reads each (stripped, blank as
    the column's default) once `rows.check_cell` has passed them all."""
    if max(map(len, cells), default=0) > MAX_CELL_CHARS or "\x00" in "".join(cells):
        raise Unclean
    stripped = list(map(str.strip, cells))
    if "" not in stripped:
        return stripped
    if column.required:
        raise Unclean
    default = column.default
    return [text or default for text in stripped]


def _reading(value: object, column: Column, date1904: bool) -> object:
    """One distinct value as `rows.parse_cell` reads it; a date cell in a date column (most
    of them: calamine gives a day as a `date`, a day and time as a `datetime`) read here as
    `cells.parse_date` reads it, without its tests of other kinds."""
    if column.type == "date" and (value.__class__ is date or value.__class__ is datetime):
        day = value if value.__class__ is date else value.date()  # type: ignore[attr-defined]
        if EARLIEST <= day <= LATEST:
            return day
        raise Unclean
    try:
        reading = parse_cell(value, column, date1904)
    except CellError:
        raise Unclean from None
    if reading is None:
        if column.required:
            raise Unclean
        return column.default
    return reading


def _date_sense(cells: list[Any], index: int, numbers: list[int],
                month_year_cells: frozenset[tuple[int, int]]) -> None:
    """What `date_sense.check_mixed_dates` and `rows.assume_first_of_month` warn of."""
    if month_year_cells and any((number, index) in month_year_cells for number in numbers):
        raise Unclean
    distinct = set(cells)
    kinds = set(map(type, distinct))
    # NOTE: only a column holding both real dates and text can mix the two; most hold one.
    if any(issubclass(kind, date) for kind in kinds) and any(
            isinstance(value, str) and (match := _TEXT_DAY_FIRST.fullmatch(value))
            and int(match.group(1)) > 12 and _is_date(value) for value in distinct):
        raise Unclean
