"""Opening a workbook safely and reading its sheets as raw rows with their places.

Knows the spreadsheet (files, sheets, header rows, cell letters), not the meaning of a
cell: `rows`, `registers` and `validate` turn these raw rows into records. An .xlsx, an .ods
(sources.py) or a folder of one CSV file per sheet is read; anything else is refused with
one clear `Problem` before calamine ever sees it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from csp_audit.model.contract import COLUMN_ALIASES, normalise_name
from csp_audit.model.errors import Problem
from csp_audit.workbook.cells import display
from csp_audit.workbook.files import NotAWorkbook, check_is_workbook, is_excel_lock_file, refuse
from csp_audit.workbook.formulas import FormulaCell
from csp_audit.workbook.guard import (
    Inspection,
    Refused,
    inspect_xlsx,
)
from csp_audit.workbook.limits import MAX_HEADER_CHARS
from csp_audit.workbook.sources import csv_files, inspect_ods, read_csv_sheet

HEADER_SEARCH_ROWS = 10
"""The header row is looked for in the first ten rows, below any title rows."""


def column_letter(index: int) -> str:
    """Spreadsheet column letters for a 0-based column index: 0 -> A, 27 -> AB."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def cell_ref(row: int, column: int) -> str:
    """`C14` for 1-based spreadsheet row 14 and 0-based column 2."""
    return f"{column_letter(column)}{row}"


@dataclass(frozen=True)
class SheetGrid:
    """One worksheet as calamine read it: every row from row 1 and column A."""

    name: str
    rows: list[list[object]]
    hidden: bool = False
    """Hidden (or very hidden) in Excel: still read, with a warning."""
    date1904: bool = False
    """The workbook counts serial day numbers from 1904 (older Mac Excel)."""
    month_year_cells: frozenset[tuple[int, int]] = frozenset()
    """(1-based row, 0-based column) of cells formatted to show only a month and year."""
    hidden_rows: tuple[int, ...] = ()
    hidden_columns: tuple[int, ...] = ()
    """Rows (1-based) and columns (0-based) hidden in Excel: still read, with a warning."""

    def value(self, row: int, column: int) -> object:
        """The value at 1-based `row` and 0-based `column` ('' when beyond the data)."""
        if row - 1 < len(self.rows) and column < len(self.rows[row - 1]):
            return self.rows[row - 1][column]
        return ""


@dataclass(frozen=True)
class Header:
    """One header cell: its text, its normalised key, and its 0-based column."""

    text: str
    key: str
    column: int

    @property
    def letter(self) -> str:
        return column_letter(self.column)


@dataclass(frozen=True, slots=True)
class RawRow:
    """One non-blank data row below the header: its spreadsheet row and its cells."""

    number: int
    values: tuple[object, ...]

    def get(self, column: int) -> object:
        return self.values[column] if column < len(self.values) else ""


@dataclass(frozen=True)
class Table:
    """A sheet's header row and the non-blank rows below it."""

    sheet: str
    header_row: int
    headers: tuple[Header, ...]
    rows: tuple[RawRow, ...] = field(default=())
    date1904: bool = False
    month_year_cells: frozenset[tuple[int, int]] = frozenset()
    """As the sheet's `SheetGrid` says: how serial numbers and month-only cells read."""

    def header(self, key: str) -> Header | None:
        for header in self.headers:
            if header.key == key:
                return header
        return None


def read_sheets(path: Path) -> list[SheetGrid]:
    """Every worksheet of the workbook at `path` (an .xlsx, an .ods, or a folder of CSV
    files, one per sheet), in workbook order.

    Raises `NotAWorkbook` for anything that is not a readable workbook or that breaks a limit
    (csp_audit.workbook.limits). Chart sheets and other non-worksheets are left out (they hold no
    records). Formula errors and unsaved formulas of an .xlsx come back as `FormulaCell`s, not
    blanks.
    """
    kind = check_is_workbook(path)
    if kind == "csv":
        return _read_csv_folder(path)
    try:
        if kind == "ods":
            inspect_ods(path)
            inspection = Inspection()
        else:
            inspection = inspect_xlsx(path)
    except Refused as refusal:
        raise NotAWorkbook(Problem(file=str(path), message=refusal.message,
                                   sheet=refusal.sheet, cell=refusal.cell)) from None
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        sheets = []
        for meta in workbook.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            rows: list[list[object]] = sheet.to_python(skip_empty_area=False)
            _place_formula_cells(rows, inspection.formula_cells.get(meta.name, {}))
            hidden = meta.visible != python_calamine.SheetVisibleEnum.Visible
            hidden_rows, hidden_columns = inspection.hidden.get(meta.name, ((), ()))
            sheets.append(SheetGrid(
                name=meta.name, rows=rows, hidden=hidden, date1904=inspection.date1904,
                month_year_cells=inspection.month_year_cells.get(meta.name, frozenset()),
                hidden_rows=hidden_rows, hidden_columns=hidden_columns))
        workbook.close()
    except Exception as error:  # noqa: BLE001 - calamine raises many kinds; all mean "unreadable"
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error)
        raise refuse(path, f"cannot be read as an .{kind} workbook ({reason})") from None
    return sheets


def _read_csv_folder(folder: Path) -> list[SheetGrid]:
    """A folder of CSV files as a workbook: each file one sheet, named by the file's name
    without `.csv` (`Meetings.csv` is the Meetings sheet)."""
    sheets = []
    files = [path for path in csv_files(folder) if not is_excel_lock_file(path)]
    names = sheet_names_of(files)
    for path in files:
        try:
            sheets.append(SheetGrid(name=names[path], rows=read_csv_sheet(path)))
        except Refused as refusal:
            raise NotAWorkbook(Problem(file=str(folder), message=refusal.message,
                                       sheet=path.stem)) from None
        except OSError as error:
            raise refuse(folder, f"{path.name} cannot be read: {error.strerror or error}"
                          ) from None
    return sheets


def sheet_names_of(files: list[Path]) -> dict[Path, str]:
    """Each CSV file's sheet name: its name without `.csv`, less the `BOOK-` that
    LibreOffice puts before every sheet's name when it saves each sheet as a CSV file
    (`sefton-Meetings.csv`), when every file has it."""
    stems = {path: path.stem for path in files}
    prefix = stems[files[0]].split("-", 1)[0] + "-" if files else ""
    if prefix != "-" and len(files) > 1 and all(
            stem.startswith(prefix) and len(stem) > len(prefix) for stem in stems.values()):
        return {path: stem[len(prefix):] for path, stem in stems.items()}
    return stems


def _place_formula_cells(rows: list[list[object]],
                         cells: dict[tuple[int, int], FormulaCell]) -> None:
    """Put back the cells calamine read as blank: formula errors and unsaved formulas."""
    for (row, column), cell in cells.items():
        while len(rows) < row:
            rows.append([])
        values = rows[row - 1]
        values.extend([""] * (column + 1 - len(values)))
        values[column] = cell


def is_blank_row(values: Iterable[object]) -> bool:
    # NOTE: a loop, not all() over a generator: it runs once per row of every sheet and
    # a filled row answers at its first cell.
    for value in values:
        if value is not None and not (isinstance(value, str) and not value.strip()):
            return False
    return True


def header_text(value: object) -> str:
    """A header cell as text; numbers and dates as typed (a matrix column headed 7 is '7')."""
    return display(value).strip()[:MAX_HEADER_CHARS] if value is not None else ""


@lru_cache(maxsize=4096)
def header_key(text: str) -> str:
    """The contract column a header names: normalised, common variants resolved (the same
    few headers head every workbook's registers: each worked out once)."""
    key = normalise_name(text)
    return COLUMN_ALIASES.get(key, key)


def find_header_row(grid: SheetGrid, first_columns: Iterable[str]) -> int | None:
    """The 1-based row, within the first ten, holding any of `first_columns` as a header."""
    wanted = {normalise_name(name) for name in first_columns}
    for number, row in enumerate(grid.rows[:HEADER_SEARCH_ROWS], start=1):
        if any(header_key(header_text(value)) in wanted for value in row):
            return number
    return None


def read_table(grid: SheetGrid, header_row: int) -> Table:
    """The headers at `header_row` and the non-blank rows below it."""
    headers = tuple(
        Header(text=header_text(value), key=header_key(header_text(value)), column=index)
        for index, value in enumerate(grid.rows[header_row - 1])
        if header_text(value)
    )
    rows = tuple([
        RawRow(number, tuple(values))
        for number, values in enumerate(grid.rows[header_row:], start=header_row + 1)
        if not is_blank_row(values)
    ])
    return Table(sheet=grid.name, header_row=header_row, headers=headers, rows=rows,
                 date1904=grid.date1904, month_year_cells=grid.month_year_cells)
