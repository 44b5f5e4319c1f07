"""`csp-audit validate` as a user runs it: verdicts, Sheet!Cell lines and exit codes."""

from __future__ import annotations

from pathlib import Path

from support.builders import minimal_workbook_sheets, write_workbook
from typer.testing import CliRunner, Result

from csp_audit.cli.app import app

runner = CliRunner()


def validate(*paths: Path) -> Result:
    return runner.invoke(app, ["validate", *map(str, paths)], catch_exceptions=False)


def test_a_valid_workbook_exits_0_with_rows_per_sheet(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "testshire.xlsx", minimal_workbook_sheets())
    result = validate(path)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"OK {path}: valid workbook (0 errors, 0 warnings)"
    assert "  partnership: Testshire Community Safety Partnership (testshire)" in lines
    words = [line.split() for line in lines]
    assert ["Partnership", "6", "settings"] in words, "the Partnership sheet's rows are settings"
    assert ["Meetings", "3", "meetings"] in words
    assert ["Attendance", "7", "attendance", "records"] in words
    assert ["ASB", "case", "reviews", "1", "case"] in words, "one case, not 1 row(s)"


def test_warnings_alone_still_exit_0(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Notes"] = [["anything"]]
    sheets["Meetings"][0].append("Venue")
    path = write_workbook(tmp_path / "testshire.xlsx", sheets)
    result = validate(path)
    assert result.exit_code == 0, result.output
    assert "(0 errors, 2 warnings)" in result.output
    assert f"  warning: {path}: Notes: sheet 'Notes' is not part of" in result.output
    assert f"  warning: {path}: Meetings!L1: column 'Venue'" in result.output


def test_several_errors_each_on_its_own_line_and_exit_2(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Meetings"][2][1] = "31/02/2024"
    sheets["Members"][3][2] = "library service"
    sheets["Attendance"][1][0] = "B-2099-01"
    path = write_workbook(tmp_path / "bad.xlsx", sheets)
    result = validate(path)
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("  error:")]
    assert [line.split(": ")[2] for line in errors] == [
        "Members!C4", "Meetings!B3", "Attendance!A2"]
    assert result.output.splitlines()[0] == f"REFUSED {path}: 3 errors, 0 warnings"
    assert "Traceback" not in result.output


def test_not_a_workbook_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "members.xlsx"
    path.write_text("organisation,role\nTestshire Police,responsible_authority\n")
    result = validate(path)
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"REFUSED {path}: 1 error, 0 warnings",
        f"  error: {path}: is a text file (CSV?), not an .xlsx workbook; put one CSV file per "
        "sheet (Partnership.csv, Members.csv, Meetings.csv, ...) in a folder and give the "
        "folder, or save it as an Excel Workbook (.xlsx) from Excel, or as Excel 2007-365 "
        "(.xlsx) or ODF Spreadsheet (.ods) from LibreOffice Calc",
    ]


def test_one_bad_workbook_among_good_ones_exits_2_and_reports_both(tmp_path: Path) -> None:
    good = write_workbook(tmp_path / "good.xlsx", minimal_workbook_sheets())
    missing = tmp_path / "missing.xlsx"
    result = validate(good, missing)
    assert result.exit_code == 2
    assert f"OK {good}" in result.output
    assert f"  error: {missing}: file not found" in result.output


def test_no_workbook_is_a_usage_error() -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 2
