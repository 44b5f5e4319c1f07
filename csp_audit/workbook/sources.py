"""Workbooks that are not .xlsx files: an OpenDocument spreadsheet (.ods, what LibreOffice
Calc saves by default) and a folder holding one CSV file per sheet (what committee systems
export: `Meetings.csv`, `Attendance.csv`, ...).

Each is read into the same `SheetGrid`s as an .xlsx, so the contract is applied to it the
same way. An .ods is guarded as an .xlsx is (guard.py: size, zip parts, XML without DTDs or
entities, rows and columns within the limits) before calamine reads it.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

from csp_audit.workbook import limits
from csp_audit.workbook.guard import Refused, check_directory, check_size, inflate

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
CSV_SUFFIXES = (".csv",)
_REPEATED_CELL = re.compile(
    rb'<table:table-cell\b[^>]*?table:number-columns-repeated="(\d+)"[^>]*?(/?)>')
_REPEATED_ROW = re.compile(rb'<table:table-row\b[^>]*?table:number-rows-repeated="(\d+)"')
_XML_DANGER = (b"<!DOCTYPE", b"<!ENTITY")


def is_ods(names: set[str], path: Path) -> bool:
    """A zip whose `mimetype` part names an OpenDocument spreadsheet."""
    if "mimetype" not in names or "content.xml" not in names:
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read("mimetype").strip() == ODS_MIMETYPE
    except (zipfile.BadZipFile, OSError, KeyError):
        return False


def inspect_ods(path: Path) -> None:
    """Check the .ods at `path` against the limits; raise `Refused` at the first breach."""
    check_size(path.stat().st_size)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused("is damaged or truncated: the zip archive inside an .ods cannot be "
                      "opened") from None
    check_directory(infos)
    with path.open("rb") as raw:
        for info in infos:
            if not info.filename.endswith(".xml"):
                continue
            data = b"".join(inflate(raw, info))
            if any(danger in data for danger in _XML_DANGER):
                raise Refused(f"part {info.filename} declares a DTD or entities, which no "
                              "spreadsheet program writes; it is not read")
            if info.filename == "content.xml":
                _check_repeats(data)


def _check_repeats(content: bytes) -> None:
    """A cell or row repeated past the limits with a value in it would be expanded by the
    reader into millions of cells (Calc repeats only empty ones that far)."""
    for match in _REPEATED_CELL.finditer(content):
        if int(match.group(1)) > limits.MAX_COLUMNS_PER_SHEET and not match.group(2) and (
                b"office:value-type" in match.group(0)):
            raise Refused(f"repeats a cell {int(match.group(1)):,} times across; at most "
                          f"{limits.MAX_COLUMNS_PER_SHEET} columns are read")
    for match in _REPEATED_ROW.finditer(content):
        if int(match.group(1)) <= limits.MAX_ROWS_PER_SHEET:
            continue
        end = content.find(b"</table:table-row>", match.end())
        if b"office:value-type" in content[match.end():end if end >= 0 else None]:
            raise Refused(f"repeats a row {int(match.group(1)):,} times; at most "
                          f"{limits.MAX_ROWS_PER_SHEET:,} rows are read")


def csv_files(folder: Path) -> list[Path]:
    """The CSV files of a folder of sheets, in name order (lock files and hidden files
    left out)."""
    return sorted(path for path in folder.iterdir()
                  if path.suffix.lower() in CSV_SUFFIXES and path.is_file()
                  and not path.name.startswith((".", "~$")))


def read_csv_sheet(path: Path) -> list[list[object]]:
    """One CSV file as rows of text cells: UTF-8 (with or without the byte order mark Excel
    writes), else Windows-1252 (what Excel's plain "CSV" writes); the delimiter sniffed from
    comma, semicolon and tab."""
    size = path.stat().st_size
    if size > limits.MAX_FILE_BYTES:
        raise Refused(f"{path.name} is {size / limits.MB:.0f} MB; at most "
                      f"{limits.MAX_FILE_BYTES // limits.MB} MB is read")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    rows: list[list[object]] = []
    for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), 1):
        if number > limits.MAX_ROWS_PER_SHEET:
            raise Refused(f"{path.name} has more than {limits.MAX_ROWS_PER_SHEET:,} rows")
        if len(row) > limits.MAX_COLUMNS_PER_SHEET:
            raise Refused(f"{path.name} row {number} has {len(row):,} columns; at most "
                          f"{limits.MAX_COLUMNS_PER_SHEET} are read")
        rows.append(list(row))
    return rows
