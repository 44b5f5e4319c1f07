"""Write the imported rows into a workbook: a new one, or the import's rows of one a
person keeps.

Updating never destroys a person's work: the import owns only rows with its own ids (and,
in Attendance, an organisation at one of its meetings), and in those rows only the cells it
has a value for. Every other sheet, row, column and cell is kept; the file as it was is
copied beside it first (NAME.before-import.xlsx), since openpyxl does not keep pictures or
charts; and the new file replaces the old in one rename, so a failure leaves it whole.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from csp_audit.importers.convert import ImportedRows, Row
from csp_audit.model.contract import COLUMN_ALIASES, Sheet, normalise_name, sheet_for
from csp_audit.model.errors import InputError, Problem

HEADER_SEARCH_ROWS = 10
"""The reader skips title rows above the header; the header is looked for this far down."""
KEYS = {"Members": ("organisation",), "Meetings": ("meeting_id",),
        "Agenda": ("meeting_id", "item"), "Documents": ("document_id",),
        "Attendance": ("meeting_id", "organisation")}
"""The sheets the import writes, and the columns that say which row is which."""


@dataclass
class Written:
    """What the import did to the workbook, for the command to say."""

    path: Path
    created: bool
    backup: Path | None
    added: dict[str, int]
    updated: dict[str, int]
    removed: int


def write_rows(out: Path, rows: ImportedRows) -> Written:
    if out.exists():
        return _update(out, rows)
    workbook = Workbook()
    workbook.remove(workbook.active)
    partnership = workbook.create_sheet("Partnership")
    partnership.append(["field", "value"])
    partnership.append(["name", rows.committee_title])
    partnership.append(["code", _slug(rows.committee_title)])
    written = Written(out, True, None, {}, {}, 0)
    for name in KEYS:
        sheet = _contract(name)
        worksheet = workbook.create_sheet(sheet.name)
        worksheet.append([column.name for column in sheet.columns])
        _upsert(worksheet, 1, sheet, _rows_for(name, rows), written)
    _save(workbook, out, new=True)
    return written


def _update(out: Path, rows: ImportedRows) -> Written:
    lock = out.with_name(f"~${out.name}")
    if lock.exists():
        raise _refuse(out, f"is open in Excel (its lock file {lock.name} is beside it): "
                      "save and close it, then import again; nothing was written")
    try:
        workbook = load_workbook(out)
    except Exception as error:  # openpyxl raises many kinds for a file it cannot read
        raise _refuse(out, f"cannot be read as an .xlsx workbook to update ({error}); "
                      "nothing was written") from None
    backup = out.with_name(f"{out.stem}.before-import{out.suffix}")
    written = Written(out, False, backup, {}, {}, 0)
    plan = []
    for name in KEYS:
        sheet = _contract(name)
        worksheet = next((ws for ws in workbook.worksheets
                          if (found := sheet_for(ws.title)) and found.name == name), None)
        if worksheet is None:
            worksheet = workbook.create_sheet(sheet.name)
            worksheet.append([column.name for column in sheet.columns])
        plan.append((name, sheet, worksheet, _header_row(out, worksheet, sheet)))
    for name, sheet, worksheet, header in plan:
        if name in ("Meetings", "Agenda", "Attendance"):
            written.removed += _remove(worksheet, header, set(rows.cancelled))
        _upsert(worksheet, header, sheet, _rows_for(name, rows), written)
    shutil.copy2(out, backup)
    _save(workbook, out, new=False)
    return written


def _rows_for(name: str, rows: ImportedRows) -> list[Row]:
    return {"Members": rows.members, "Meetings": rows.meetings, "Agenda": rows.agenda,
            "Documents": rows.documents, "Attendance": rows.attendance}[name]


def _header_row(out: Path, worksheet: Worksheet, sheet: Sheet) -> int:
    """The row holding the sheet's first column's header (as the reader finds it)."""
    first = normalise_name(sheet.columns[0].name)
    for number, cells in enumerate(worksheet.iter_rows(
            max_row=HEADER_SEARCH_ROWS, values_only=True), start=1):
        if any(_header(cell) == first for cell in cells):
            return number
    if worksheet.max_row == 1 and worksheet.max_column == 1 and worksheet["A1"].value is None:
        for index, column in enumerate(sheet.columns, start=1):
            worksheet.cell(1, index, column.name)
        return 1
    raise _refuse(out, f"sheet {worksheet.title!r} has no header row with "
                  f"{sheet.columns[0].name} in its first {HEADER_SEARCH_ROWS} rows (an "
                  "Attendance matrix cannot take imported rows: keep attendance as rows, or "
                  "import into a new workbook); nothing was written")


def _header(cell: object) -> str:
    key = normalise_name(cell) if cell is not None else ""
    return COLUMN_ALIASES.get(key, key)


def _columns(worksheet: Worksheet, header: int, sheet: Sheet) -> dict[str, int]:
    """Contract column -> its column number, adding at the end any the import needs."""
    found: dict[str, int] = {}
    for cell in worksheet[header]:
        key = _header(cell.value)
        for column in sheet.columns:
            if normalise_name(column.name) == key and column.name not in found:
                found[column.name] = cell.column
    return found


def _key(sheet_name: str, values: dict[str, object]) -> tuple[str, ...]:
    return tuple(str(values.get(column) or "").strip().casefold()
                 for column in KEYS[sheet_name])


def _upsert(worksheet: Worksheet, header: int, sheet: Sheet, rows: list[Row],
            written: Written) -> None:
    columns = _columns(worksheet, header, sheet)
    needed = {name for row in rows for name, value in row.items() if value is not None}
    for column in sheet.columns:
        if column.name in needed and column.name not in columns:
            number = max((cell.column for cell in worksheet[header]
                          if cell.value is not None), default=0) + 1
            worksheet.cell(header, number, column.name)
            columns[column.name] = number
    existing = {}
    for number in range(header + 1, worksheet.max_row + 1):
        values = {name: worksheet.cell(number, col).value for name, col in columns.items()}
        if any(value is not None for value in values.values()):
            existing.setdefault(_key(sheet.name, values), number)
    last = max(header, _last_filled(worksheet))
    for row in rows:
        number = existing.get(_key(sheet.name, row))
        if number is None:
            last += 1
            number = last
            written.added[sheet.name] = written.added.get(sheet.name, 0) + 1
        else:
            if sheet.name == "Members":
                continue  # a member organisation a person listed is theirs to describe
            written.updated[sheet.name] = written.updated.get(sheet.name, 0) + 1
        for name, value in row.items():
            if value is not None:
                _set(worksheet, number, columns[name], value)


def _last_filled(worksheet: Worksheet) -> int:
    for number in range(worksheet.max_row, 0, -1):
        if any(cell.value is not None for cell in worksheet[number]):
            return number
    return 0


def _set(worksheet: Worksheet, row: int, column: int, value: object) -> None:
    cell = worksheet.cell(row, column)
    if isinstance(value, bool):
        cell.value = "yes" if value else "no"
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = "DD/MM/YYYY"
    else:
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # a title a council wrote as =... stays text, never a formula


def _remove(worksheet: Worksheet, header: int, meeting_ids: set[str]) -> int:
    """Take out rows of meetings now cancelled: only ids of the import's own form."""
    if not meeting_ids:
        return 0
    column = None
    for cell in worksheet[header]:
        if _header(cell.value) == "meetingid":
            column = cell.column
    if column is None:
        return 0
    gone = [number for number in range(header + 1, worksheet.max_row + 1)
            if str(worksheet.cell(number, column).value or "").strip() in meeting_ids]
    for number in reversed(gone):
        worksheet.delete_rows(number)
    return len(gone)


def _save(workbook: Workbook, out: Path, new: bool) -> None:
    """Save beside `out` and rename over it; a new file is linked so one made meanwhile
    is not overwritten."""
    folder = out.parent if str(out.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
    os.close(handle)
    try:
        workbook.save(temporary)
        if new:
            os.link(temporary, out)
        else:
            os.replace(temporary, out)
    except FileExistsError:
        raise _refuse(out, "appeared while the import ran; nothing was written") from None
    except OSError as error:
        raise _refuse(out, f"cannot be written: {error.strerror or error}") from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def _contract(name: str) -> Sheet:
    found = sheet_for(name)
    assert found is not None
    return found


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-") or "partnership"


def _refuse(path: Path, message: str) -> InputError:
    return InputError([Problem(str(path), message)])
