"""What a user trial of validate and load found: a misspelt checklist named with its guess
at validate, overlapping waivers of one rule, one line (not dozens) for a missing or empty
required sheet, and hints for dates typed the US way, as a span of years or as 'TBC'."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support.builders import minimal_workbook_sheets, write_workbook
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.workbook.cells import CellError, parse_date
from csp_audit.workbook.validate import Validation, validate_workbook

runner = CliRunner()
Sheets = dict[str, list[list[object]]]


def run(tmp_path: Path, sheets: Sheets) -> Validation:
    return validate_workbook(write_workbook(tmp_path / "book.xlsx", sheets))


def texts(result: Validation, severity: str) -> list[str]:
    return [str(p) for p in result.problems if p.severity == severity]


def test_a_misspelt_checklist_is_guessed_at_validate_naming_its_cell(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Partnership"][4][1] = "sefton-typo"
    result = run(tmp_path, sheets)
    assert result.ok
    [warning] = texts(result, "warning")
    assert "Partnership!B5: checklist 'sefton-typo' is not a shipped checklist. Did you mean " \
           "'sefton'? Name one of the shipped (" in warning
    assert "?;" not in warning


def test_check_ends_its_refusal_of_a_misspelt_checklist_with_the_guess(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Partnership"][4][1] = "sefton-typo"
    book = write_workbook(tmp_path / "book.xlsx", sheets)
    db = str(tmp_path / "audit.db")
    assert runner.invoke(app, ["load", "--db", db, str(book)]).exit_code == 0
    result = runner.invoke(app, ["check", "--db", db, "--partnership", "testshire"])
    assert result.exit_code == 2, result.output
    assert "?;" not in result.output
    assert "holding sefton-typo.yaml; did you mean 'sefton'?" in result.output


def waivers(*periods: tuple[str, date | None, date]) -> Sheets:
    sheets = minimal_workbook_sheets()
    sheets["Waivers"] = [["rule_id", "reason", "approved_by", "approved_on", "expires"]] + [
        [rule, "Agreed", "Chair", approved, expires] for rule, approved, expires in periods]
    return sheets


def test_two_waivers_of_one_rule_in_force_together_are_an_error_naming_both(
        tmp_path: Path) -> None:
    result = run(tmp_path, waivers(
        ("NAT-ISP", date(2024, 4, 1), date(2025, 3, 31)),
        ("NAT-PUBLIC-MEETING", date(2024, 4, 1), date(2025, 3, 31)),
        (" nat-isp", date(2024, 10, 1), date(2025, 9, 30))))
    assert not result.ok
    [error] = texts(result, "error")
    assert "Waivers!A4: two waivers of NAT-ISP are in force on the same days" in error
    assert "(01/10/2024 to 30/09/2025) and Waivers!A2 (01/04/2024 to 31/03/2025)" in error


def test_a_waiver_without_approval_date_overlaps_any_other_of_its_rule(tmp_path: Path) -> None:
    result = run(tmp_path, waivers(("NAT-ISP", None, date(2024, 3, 31)),
                                   ("NAT-ISP", None, date(2025, 3, 31))))
    assert ["until 31/03/2025" in e and "Waivers!A2 (until 31/03/2024)" in e
            for e in texts(result, "error")] == [True]


def test_a_renewal_approved_after_the_last_waiver_expired_is_accepted(tmp_path: Path) -> None:
    """The engine applies the waiver in force on the audit day: one at a time is clear."""
    result = run(tmp_path, waivers(("NAT-ISP", None, date(2024, 3, 31)),
                                   ("NAT-ISP", date(2024, 4, 1), date(2025, 3, 31))))
    assert result.ok, texts(result, "error")
    assert len(result.records.waivers) == 2


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


@pytest.mark.parametrize(("typed", "said"), [
    ("07/16/2024", "07/16/2024 is not a date that exists (dates are day first: 16/07/2024?)"),
    ("7-13-24", "7-13-24 is not a date that exists (dates are day first: 13-07-24?)"),
    ("2024-16-07", "2024-16-07 is not a date that exists (year-first dates are year, month, "
                   "day: 2024-07-16?)"),
    ("31/02/2024", "31/02/2024 is not a date that exists"),
    ("2024-25", "2024-25 is a span of years, not a date; give the day, e.g. 01/04/2024"),
    ("2023/2024", "2023/2024 is a span of years, not a date; give the day, e.g. 01/04/2023"),
    ("TBC", "'TBC' is not a date; leave the cell blank until the date is known"),
    ("n/a", "'n/a' is not a date; leave the cell blank until the date is known"),
    ("13 Jnue 2024", "'Jnue' is not part of a date (June?)"),
])
def test_a_date_refused_says_what_was_probably_meant(typed: str, said: str) -> None:
    with pytest.raises(CellError) as refused:
        parse_date(typed)
    assert refused.value.detail == said


def test_a_year_and_month_is_not_taken_for_a_span_of_years() -> None:
    with pytest.raises(CellError) as refused:
        parse_date("2024-05")
    assert refused.value.detail is None


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
