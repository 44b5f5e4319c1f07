"""The guard's fast search for cell references out of bounds (issue 17) gives the verdict
the cell-by-cell scan gives, with the same message, for workbooks just inside and just
outside each limit, for references the fast search cannot count, and for a reference split
across two chunks of the inflated sheet."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import hostile

from csp_audit.workbook import guard, limits
from csp_audit.workbook.formulas import column_number
from csp_audit.workbook.guard import Refused, inspect_xlsx

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def letters_of(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = LETTERS[rest] + letters
    return letters


@pytest.fixture(scope="module")
def base_parts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return hostile.parts_of(hostile.valid(tmp_path_factory.mktemp("bounds")))


def with_cells(parts: dict[str, bytes], path: Path, cells: bytes,
               method: int = zipfile.ZIP_DEFLATED) -> Path:
    """The minimal workbook with `cells` (raw sheet XML) added to the Meetings sheet."""
    changed = dict(parts)
    changed[hostile.MEETINGS] = parts[hostile.MEETINGS].replace(
        b"</sheetData>", cells + b"</sheetData>")
    return hostile.rezip(path, changed, method)


def cell(ref: str, before: bytes = b" ", row: int = 1) -> bytes:
    return (b'<row r="%d"><c%sr="%s" t="inlineStr"><is><t>x</t></is></c></row>'
            % (row, before, ref.encode()))


def verdict(path: Path, careful: bool) -> tuple:
    """What the guard says of the file: its refusal in full, or what it found."""
    try:
        found = inspect_xlsx(path, careful=careful)
    except Refused as refused:
        return ("refused", refused.message, refused.sheet, refused.cell)
    return ("read", found.formula_cells, found.hidden, found.month_year_cells)


def same_verdict(path: Path) -> tuple:
    fast, careful = verdict(path, careful=False), verdict(path, careful=True)
    assert fast == careful
    return fast


def test_the_box_lies_inside_every_limit() -> None:
    assert guard.BOX_ROWS <= limits.MAX_ROWS_PER_SHEET
    assert guard.BOX_COLUMNS <= limits.MAX_COLUMNS_PER_SHEET
    assert guard.BOX_ROWS * guard.BOX_COLUMNS <= limits.MAX_CELLS_PER_SHEET


@given(column=st.integers(1, column_number("ZZZZ")), digits=st.from_regex(r"[0-9]{1,8}",
                                                                           fullmatch=True))
def test_the_search_finds_exactly_the_references_outside_the_box(column: int,
                                                                   digits: str) -> None:
    reference = b' r="%s%s"' % (letters_of(column).encode(), digits.encode())
    outside = column > guard.BOX_COLUMNS or int(digits) > guard.BOX_ROWS
    assert (guard._BEYOND_BOX.search(reference) is not None) == outside


EDGES = {
    "last row read": ("A250000", "read"),
    "one row too many": ("A250001", "Meetings!A250001: the sheet uses rows down to 250,001"),
    "last row read, leading zeros": ("A00250000", "read"),
    "one row too many, leading zeros": ("A0250001", "Meetings!A0250001: the sheet uses rows"),
    "last column read": ("ZZ1", "read"),
    "one column too many": ("AAA1", "Meetings!AAA1: the sheet uses columns up to AAA"),
    "last cell of the area": ("AX100000", "read"),
    "one row past the area": ("AX100001", "Meetings!AX100001: the sheet's used area is "
                                          "100,001 rows by 50 columns"),
    "one column past the area": ("AY100000", "Meetings!AY100000: the sheet's used area"),
    "last column of the box": ("AX1", "read"),
    "first column past the box": ("AY1", "read"),
    "last row of the box": ("A99999", "read"),
    "first row past the box": ("A100000", "read"),
    "far corner": ("XFD1048576", "Meetings!XFD1048576: the sheet uses rows down to "
                                 "1,048,576"),
}


@pytest.mark.parametrize("name", EDGES)
def test_just_inside_and_just_outside_each_limit(name: str, base_parts: dict[str, bytes],
                                                 tmp_path: Path) -> None:
    ref, expected = EDGES[name]
    result = same_verdict(with_cells(base_parts, tmp_path / "edge.xlsx", cell(ref)))
    if expected == "read":
        assert result[0] == "read"
    else:
        refused = f"{result[2]}!{result[3]}: {result[1]}"
        assert refused.startswith(expected)


@pytest.mark.parametrize("cells", [
    b'<row r="1"><c t="inlineStr"><is><t>x</t></is></c></row>',
    b"<row r=\"1\"><c/></row>",
    cell("A1", before=b"\t"),
    cell("A1", before=b"\n"),
    cell("a1"),
    cell("A123456789"),
    b'<row r="1"><c t="inlineStr" r="A1"><is><t>x</t></is></c></row>',
    b'<row r="1"><c t="inlineStr" r="XFD1048576"><is><t>x</t></is></c></row>',
    b'<row r="1"><c t="inlineStr" r="A1" /><c r="B1" t="inlineStr"/></row>',
], ids=["no reference", "empty tag", "after a tab", "after a newline", "lower case",
        "nine digits", "after another attribute", "far, after another attribute",
        "one of two after another attribute"])
def test_cells_the_fast_count_cannot_vouch_for(cells: bytes, base_parts: dict[str, bytes],
                                               tmp_path: Path) -> None:
    same_verdict(with_cells(base_parts, tmp_path / "odd.xlsx", cells))


@pytest.mark.parametrize("shift", range(-2, 18))
def test_a_reference_split_across_two_chunks(shift: int, base_parts: dict[str, bytes],
                                             tmp_path: Path) -> None:
    """Stored (not deflated), the sheet inflates in chunks of exactly 1 MiB: the far
    reference is placed across the first boundary, each way."""
    sheet = base_parts[hostile.MEETINGS]
    start = sheet.index(b"</sheetData>")
    far = cell("XFD1048576")
    padding = b" " * (guard._CHUNK - start - far.index(b' r="X') - shift)
    path = with_cells(base_parts, tmp_path / "split.xlsx", padding + far, zipfile.ZIP_STORED)
    result = same_verdict(path)
    assert result[1].startswith("the sheet uses rows down to 1,048,576")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.tuples(
    st.one_of(st.integers(1, 60), st.integers(690, 720), st.integers(16_380, 16_384)),
    st.one_of(st.integers(1, 20), st.integers(7_100, 7_200), st.integers(99_990, 100_010),
              st.integers(249_990, 250_010)),
    st.sampled_from([b" ", b" ", b" ", b"\t", b"\n"]),
    st.sampled_from(["", "", "0", "00"])), min_size=1, max_size=6))
def test_any_few_cells_get_the_careful_scans_verdict(
        cells: list[tuple[int, int, bytes, str]], base_parts: dict[str, bytes]) -> None:
    xml = b"".join(cell(f"{letters_of(column)}{zeros}{row}", before, row)
                   for column, row, before, zeros in cells)
    with tempfile.TemporaryDirectory() as folder:
        same_verdict(with_cells(base_parts, Path(folder) / "cells.xlsx", xml))


@pytest.mark.parametrize("shift", range(-2, 24))
def test_a_clean_cell_split_across_two_chunks_needs_no_careful_scan(
        shift: int, base_parts: dict[str, bytes], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast count of cells and of the references opening their tags counts a cell cut
    by the first 1 MiB boundary once, whichever byte the cut falls on: a clean sheet is
    not scanned cell by cell."""
    sheet = base_parts[hostile.MEETINGS]
    start = sheet.index(b"</sheetData>")
    near = cell("B7", row=7)
    padding = b" " * (guard._CHUNK - start - near.index(b"<c") - shift)
    path = with_cells(base_parts, tmp_path / "split.xlsx", padding + near, zipfile.ZIP_STORED)
    scanned: list[str] = []
    monkeypatch.setattr(guard, "_scan_cells", lambda scan, chunks: scanned.append("x"))
    assert verdict(path, careful=False)[0] == "read"
    assert scanned == []
