"""How validate and load list a workbook's problems: errors first, down the workbook in
the contract's order of sheets, cells by row then column, and load's warnings heading
on the stream its warnings take."""

from __future__ import annotations

from pathlib import Path

from support.builders import minimal_workbook_sheets, write_workbook
from support.commands import run, workbook
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.cli.printing import in_workbook_order
from csp_audit.model.errors import Problem

runner = CliRunner()


def test_problems_come_in_workbook_order(tmp_path: Path) -> None:
    """Cross-sheet checks run after each sheet's cells, and the sheets may be in any order
    in the file; the problems are listed errors first, down the workbook as the contract
    orders its sheets."""
    sheets = minimal_workbook_sheets()
    sheets["Attendance"][1][0] = "B-2099-01"  # A2: a cross-sheet check
    sheets["Attendance"][3][2] = "maybe"  # C4: a cell check
    sheets["Members"][3][2] = "library service"
    sheets["Meetings"][2][1] = "31/02/2024"
    sheets["Notes"] = [["anything"]]
    order = ["Notes", "Partnership", "Attendance", "Meetings", "Members", "Agenda",
             "Documents", "DHR", "ASB case reviews", "Waivers"]
    path = write_workbook(tmp_path / "bad.xlsx", {name: sheets[name] for name in order})
    expected = ["error Members!C4", "error Meetings!B3", "error Attendance!A2",
                "error Attendance!C4", "warning Notes"]

    validated = runner.invoke(app, ["validate", str(path)])
    assert validated.exit_code == 2
    shown = [line.strip().split(": ") for line in validated.stdout.splitlines()[1:]]
    assert [f"{words[0]} {words[2]}" for words in shown] == expected

    loaded = runner.invoke(app, ["load", str(path), "--db", str(tmp_path / "audit.db")])
    assert loaded.exit_code == 2
    shown = [line.split(": ") for line in loaded.stderr.splitlines()[:-1]]
    assert [f"{words[0]} {words[2]}" for words in shown] == expected
    assert loaded.stderr.splitlines()[-1] == (f"Refused {path}: 4 errors; nothing from it "
                                              "was loaded and no database was made.")


def test_workbook_order_reads_cells_as_rows_then_columns() -> None:
    def at(sheet: str | None, cell: str | None = None, severity: str = "error") -> Problem:
        return Problem("x.xlsx", "m", sheet, cell, severity=severity)  # type: ignore[arg-type]

    problems = [at("Waivers", "A2"), at("Meetings", "AA2"), at("Meetings", "B10"),
                at("meeting", "C2"), at("Meetings", "B2"), at("Meetings", "1:1"),
                at(None), at("Meetings"), at("Notes"), at("Members", "A9", "warning"),
                at("Community trigger", "A3")]
    assert [(p.sheet, p.cell) for p in in_workbook_order(problems)] == [
        (None, None), ("Meetings", None), ("Meetings", "1:1"), ("Meetings", "B2"),
        ("meeting", "C2"), ("Meetings", "AA2"), ("Meetings", "B10"),
        ("Community trigger", "A3"), ("Waivers", "A2"), ("Notes", None),
        ("Members", "A9")]


def test_loads_warning_heading_and_warnings_share_stderr(tmp_path: Path) -> None:
    book = workbook(tmp_path, waivers=["NAT-PUBLIC-MEETNG", "HM-NOPE"])
    result = run("load", book, "--db", tmp_path / "audit.db")
    assert result.exit_code == 0, result.output
    assert "warnings:" not in result.stdout
    lines = result.stderr.splitlines()
    assert lines[0] == "  2 warnings:"
    assert [line.split(":")[0] for line in lines[1:]] == ["warning", "warning"]
