"""`csp-audit template`: every contract sheet with drop-downs, and a filled copy loads."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.model.contract import PARTNERSHIP_FIELDS, SHEETS, TOOL_SHEETS, Column
from csp_audit.workbook import template
from csp_audit.workbook.template import write_template
from csp_audit.workbook.validate import validate_workbook

runner = CliRunner()


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "blank.xlsx"
    write_template(path)
    return path


def headers(sheet: Worksheet) -> list[str]:
    return [cell.value for cell in sheet[1] if cell.value is not None]


def dropdown_choices(workbook: openpyxl.Workbook, sheet: Worksheet, cell: str) -> list[str]:
    """The values the drop-down on `cell` offers, resolving ranges on the Lists sheet."""
    for validation in sheet.data_validations.dataValidation:
        if cell in validation.sqref and validation.type == "list":
            formula = validation.formula1
            if formula.startswith('"'):
                return formula.strip('"').split(",")
            sheet_name, cells = formula.split("!")
            source = workbook[sheet_name.strip("'")]
            return [c.value for row in source[cells.replace("$", "")] for c in row]
    return []


def test_every_contract_sheet_has_its_headers_bold_and_frozen(blank: Path) -> None:
    workbook = openpyxl.load_workbook(blank)
    assert workbook.sheetnames == [TOOL_SHEETS[0], *(s.name for s in SHEETS), TOOL_SHEETS[1]]
    for contract in SHEETS:
        sheet = workbook[contract.name]
        assert headers(sheet) == [column.name for column in contract.columns]
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        assert all(cell.comment is not None for cell in sheet[1])
    assert workbook["Lists"].sheet_state == "hidden"


def expected_choices(column: Column) -> list[str]:
    return list(column.choices) if column.type == "enum" else ["yes", "no"]


def test_every_enumerated_and_yes_no_column_has_a_dropdown(blank: Path) -> None:
    workbook = openpyxl.load_workbook(blank)
    checked = 0
    for contract in SHEETS[1:]:
        sheet = workbook[contract.name]
        for index, column in enumerate(contract.columns, start=1):
            letter = openpyxl.utils.get_column_letter(index)
            offered = dropdown_choices(workbook, sheet, f"{letter}2")
            if column.type in ("enum", "yesno"):
                assert offered == expected_choices(column), (contract.name, column.name)
                assert dropdown_choices(workbook, sheet, f"{letter}500") == offered
                checked += 1
            else:
                assert offered == [], (contract.name, column.name)
    assert checked >= 20


def test_date_columns_show_day_first_dates(blank: Path) -> None:
    workbook = openpyxl.load_workbook(blank)
    meetings = workbook["Meetings"]
    for index, column in enumerate(SHEETS[2].columns, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        expected = "DD/MM/YYYY" if column.type == "date" else "General"
        assert meetings.column_dimensions[letter].number_format == expected, column.name
    assert meetings.column_dimensions["D"].width >= len("title")


def test_partnership_sheet_lists_every_setting_with_its_default(blank: Path) -> None:
    workbook = openpyxl.load_workbook(blank)
    sheet = workbook["Partnership"]
    rows = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert list(rows) == [field.name for field in PARTNERSHIP_FIELDS]
    assert rows == {"name": None, "code": None, "nation": "England", "checklist": None,
                    "year_start": "01-04", "tier": "unitary",
                    "attendance_recorded": "everyone"}
    assert dropdown_choices(workbook, sheet, "B4") == ["England", "Wales"]
    assert dropdown_choices(workbook, sheet, "B7") == ["unitary", "district", "county"]


def test_guide_explains_every_column_of_every_sheet(blank: Path) -> None:
    guide = openpyxl.load_workbook(blank)["Guide"]
    rows = list(guide.iter_rows(values_only=True))
    explained = {(row[1], row[2]) for row in rows if row[1]}
    for contract in SHEETS:
        columns = PARTNERSHIP_FIELDS if contract.name == "Partnership" else contract.columns
        for column in columns:
            assert (column.name, column.guide) in explained
    assert any(row[0] == "ASB case reviews" for row in rows)


def fill_in_like_a_person(source: Path, target: Path) -> None:
    """Open the blank template and type into it: a mix of real dates and typed text."""
    workbook = openpyxl.load_workbook(source)
    partnership = workbook["Partnership"]
    partnership["B2"] = "Handshire Community Safety Partnership"
    partnership["B3"] = "handshire"
    members = workbook["Members"]
    for row in (
        ["Handshire Council", "responsible_authority", "council", "yes", "Chief Executive",
         "yes", "Director of Place"],
        ["Handshire Police", "RA", "police", "y", "Chief Superintendent", "✓", None,
         "01/04/2023"],
        ["Handshire Fire and Rescue Service", "responsible_authority", "fire", "yes",
         "Area Manager", "no"],
    ):
        members.append(row)
    meetings = workbook["Meetings"]
    meetings.append(["HB-2024-06", date(2024, 6, 13), "board", "Board", "yes", "05/06/2024",
                     "20 June 2024"])
    meetings.append(["HB-2024-09", "12/09/2024", "Strategic board", "Board"])
    attendance = workbook["Attendance"]
    attendance.append(["HB-2024-06", "Handshire Council", "present"])
    attendance.append(["HB-2024-06", "Handshire Police", "S"])
    attendance.append(["HB-2024-06", "Handshire Fire and Rescue Service", "apologies"])
    workbook.save(target)


def test_a_filled_in_copy_loads(blank: Path, tmp_path: Path) -> None:
    filled = tmp_path / "handshire.xlsx"
    fill_in_like_a_person(blank, filled)
    result = validate_workbook(filled)
    assert result.ok, [str(p) for p in result.problems]
    assert result.warnings == []
    records = result.records
    assert records is not None
    assert records.partnership.code == "handshire"
    assert records.partnership.tier == "unitary"
    assert [m.date for m in records.meetings] == [date(2024, 6, 13), date(2024, 9, 12)]
    assert records.meetings[0].papers_circulated == date(2024, 6, 5)
    assert records.meetings[1].body == "board"
    police = next(m for m in records.members if m.organisation == "Handshire Police")
    assert (police.role, police.senior, police.joined) == (
        "responsible_authority", True, date(2023, 4, 1))
    assert [a.status for a in records.attendance] == ["present", "substitute", "apologies"]


def test_example_rows_load_without_errors_or_warnings(tmp_path: Path) -> None:
    path = tmp_path / "example.xlsx"
    write_template(path, example=True)
    result = validate_workbook(path)
    assert result.ok and result.warnings == [], [str(p) for p in result.problems]
    records = result.records
    assert records is not None
    for sheet in ("members", "meetings", "attendance", "agenda", "documents", "dhr_cases",
                  "asb_reviews", "waivers"):
        assert getattr(records, sheet), sheet


def test_cli_template_writes_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "mine.xlsx"
    result = runner.invoke(app, ["template", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Wrote {path}"
    assert "Members" in openpyxl.load_workbook(path).sheetnames


def test_cli_template_example_validates(tmp_path: Path) -> None:
    path = tmp_path / "example.xlsx"
    assert runner.invoke(app, ["template", str(path), "--example"]).exit_code == 0
    result = runner.invoke(app, ["validate", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "(0 errors, 0 warnings)" in result.output


def test_cli_template_into_a_missing_folder_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "no-such-folder" / "t.xlsx"
    result = runner.invoke(app, ["template", str(path)], catch_exceptions=False)
    assert result.exit_code == 2
    assert f"error: cannot write {path}" in result.output
    assert "Traceback" not in result.output


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kept.xlsx"
    path.write_bytes(b"the workbook someone already filled in")

    def full_disk(self: object, target: object) -> None:
        """Half written, then the disk is full (the workbook is saved in memory first, then
        into the temporary file: either may be where the disk fills)."""
        if isinstance(target, str | os.PathLike):
            Path(target).write_bytes(b"half")
        else:
            target.write(b"half")  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(template.Workbook, "save", full_disk)
    with pytest.raises(OSError):
        write_template(path)
    assert path.read_bytes() == b"the workbook someone already filled in"
    assert os.listdir(tmp_path) == ["kept.xlsx"]
