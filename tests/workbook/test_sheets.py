"""Reading a workbook's sheets (workbook/sheets.py): opened safely, files that are not
workbooks refused, header rows found, cells named by their real column and row."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from support.builders import minimal_workbook_sheets, write_workbook

from csp_audit.workbook.files import NotAWorkbook, sha256_of
from csp_audit.workbook.sheets import (
    SheetGrid,
    cell_ref,
    column_letter,
    find_header_row,
    read_sheets,
    read_table,
)


@pytest.mark.parametrize("index, letters", [(0, "A"), (2, "C"), (25, "Z"), (26, "AA"),
                                            (27, "AB"), (51, "AZ"), (52, "BA"), (701, "ZZ"),
                                            (702, "AAA")])
def test_column_letters(index: int, letters: str) -> None:
    assert column_letter(index) == letters


def test_cell_ref_uses_the_spreadsheet_row() -> None:
    assert cell_ref(14, 2) == "C14"


def test_reads_every_sheet_with_real_places(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "w.xlsx", {
        "Meetings": [[None], ["Board meetings 2024"], [None, "meeting_id", "date", "count"],
                     [None, "B-1", date(2024, 6, 13), 5]],
        "Notes": [["anything"]],
    })
    grids = read_sheets(path)
    assert [grid.name for grid in grids] == ["Meetings", "Notes"]
    meetings = grids[0]
    assert meetings.value(3, 1) == "meeting_id"
    assert meetings.value(4, 2) == date(2024, 6, 13)
    assert meetings.value(4, 3) == 5.0, "calamine reads integers as floats"
    assert meetings.value(1, 0) == "" and meetings.value(99, 99) == ""


def test_header_row_found_below_titles_and_blank_rows() -> None:
    grid = SheetGrid("Meetings", [
        ["Testshire CSP", ""], ["", ""], ["Meeting ID", "Date"], ["", ""], ["B-1", 45456.0],
        ["", ""], ["B-2", 45457.0],
    ])
    assert find_header_row(grid, ["meeting_id"]) == 3
    table = read_table(grid, 3)
    assert [h.key for h in table.headers] == ["meetingid", "date"]
    assert [row.number for row in table.rows] == [5, 7]
    assert table.header("date").letter == "B"


def test_header_row_only_within_the_first_ten_rows() -> None:
    grid = SheetGrid("Meetings", [[""]] * 10 + [["meeting_id"]])
    assert find_header_row(grid, ["meeting_id"]) is None


def _refusal(path: Path) -> str:
    with pytest.raises(NotAWorkbook) as raised:
        read_sheets(path)
    problem = raised.value.problem
    assert problem.file == str(path) and problem.severity == "error"
    assert "\n" not in str(problem)
    return problem.message


def test_missing_file(tmp_path: Path) -> None:
    assert _refusal(tmp_path / "nope.xlsx") == "file not found"


def test_directory(tmp_path: Path) -> None:
    assert "is a directory" in _refusal(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert "is empty" in _refusal(path)


def test_csv_renamed_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "members.xlsx"
    path.write_text("organisation,role\nTestshire Police,responsible_authority\n")
    assert "text file (CSV?)" in _refusal(path)


def test_binary_junk(tmp_path: Path) -> None:
    path = tmp_path / "junk.xlsx"
    path.write_bytes(bytes(range(256)) * 4)
    assert "not a zip file" in _refusal(path)


def test_old_xls(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    assert ".xls" in _refusal(path)


def test_zip_of_something_else(tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("holiday.txt", "not a workbook")
    assert "holds no Excel workbook" in _refusal(path)


def test_ods(tmp_path: Path) -> None:
    path = tmp_path / "members.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert "cannot be read as an .ods workbook" in _refusal(path)  # an .ods is read now


def test_truncated_workbook(tmp_path: Path) -> None:
    whole = write_workbook(tmp_path / "whole.xlsx", minimal_workbook_sheets())
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert "damaged or truncated" in _refusal(path)


def test_workbook_with_broken_xml(tmp_path: Path) -> None:
    whole = write_workbook(tmp_path / "whole.xlsx", minimal_workbook_sheets())
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    assert "cannot be read as an .xlsx workbook" in _refusal(path)


def test_sha256_is_of_the_file_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc")
    assert sha256_of(path).startswith("ba7816bf")
    assert sha256_of(tmp_path / "missing") == ""
