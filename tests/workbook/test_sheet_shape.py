"""A sheet missing, empty or without a header row: one problem, not one per row referring
to it, and the rows that refer to it checked once it is put right; an empty register is
allowed; values under a merged header cell are warned about, not dropped silently."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from support.builders import minimal_workbook_sheets, write_workbook
from support.validation import run, texts

from csp_audit.workbook.validate import validate_workbook


def test_a_missing_meetings_sheet_is_one_error_not_one_per_reference(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    del sheets["Meetings"]
    result = run(tmp_path, sheets)
    assert texts(result, "error") == [
        f"{tmp_path / 'book.xlsx'}: Meetings: required sheet 'Meetings' is missing "
        "(expected a sheet named Meetings)"]
    assert texts(result, "warning") == [
        f"{tmp_path / 'book.xlsx'}: 3 rows of Agenda and 7 rows of Attendance refer to "
        "meetings, but there is no Meetings sheet; they are checked once the Meetings sheet "
        "is put right"]


def test_a_members_sheet_of_headers_only_is_one_error(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Members"] = sheets["Members"][:1]
    [error] = texts(run(tmp_path, sheets), "error")
    assert error.endswith("Members: the Members sheet has no rows, but 1 row of Documents and "
                          "7 rows of Attendance refer to member organisations (expected one "
                          "row per member organisation)")


def test_matrix_attendance_waits_for_a_meetings_sheet_without_header(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Meetings"] = [["Meetings 2024"], ["ref", "date"]]
    sheets["Attendance"] = [["organisation", "B-2024-06", "B-2024-09"],
                            ["Testshire Council", "P", "A"], ["Testshire Police", "S", None]]
    del sheets["Agenda"]
    result = run(tmp_path, sheets)
    [error] = texts(result, "error")
    assert "Meetings!1:10: no header row" in error
    assert [w.split(": ", 1)[1] for w in texts(result, "warning")] == [
        "2 rows of Attendance refer to meetings, but the Meetings sheet has no header row; "
        "they are checked once the Meetings sheet is put right"]


def test_an_empty_meetings_sheet_nothing_refers_to_is_an_empty_register(
        tmp_path: Path) -> None:
    """The contract allows a register with no rows (a partnership's first weeks)."""
    sheets = minimal_workbook_sheets()
    sheets["Meetings"] = sheets["Meetings"][:1]
    del sheets["Attendance"], sheets["Agenda"]
    result = run(tmp_path, sheets)
    assert result.ok
    assert [w.split(": ", 1)[1] for w in texts(result, "warning")] == [
        "Meetings: the Meetings sheet has no rows: the audit will find no meetings"]


@pytest.mark.parametrize("rows", [[], [["field", "value"]]])
def test_an_empty_partnership_sheet_is_an_error(tmp_path: Path, rows: list[list[object]]
                                                ) -> None:
    """A blank Partnership sheet was 'valid' with no records at all."""
    sheets = minimal_workbook_sheets()
    sheets["Partnership"] = rows
    result = run(tmp_path, sheets)
    assert not result.ok and result.records is None
    [error] = texts(result, "error")
    assert "Partnership: the Partnership sheet has no rows (expected a row for each setting" \
        in error


def test_values_under_a_merged_header_cell_are_warned_about_not_dropped_silently(
        tmp_path: Path) -> None:
    """Merging F1:G1 leaves column G (minutes_circulated) without a header."""
    sheets = minimal_workbook_sheets()
    sheets["Meetings"][0][6] = None
    path = write_workbook(tmp_path / "book.xlsx", sheets)
    book = load_workbook(path)
    book["Meetings"].merge_cells("F1:G1")
    book.save(path)
    result = validate_workbook(path)
    assert result.ok
    assert [w.split(": ", 1)[1] for w in texts(result, "warning")] == [
        "Meetings!G1: column G holds values (first at G2) but has no header; ignored (a "
        "merged header cell? give each column its own header)"]
