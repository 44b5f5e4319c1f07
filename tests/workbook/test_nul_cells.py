"""A NUL character in a cell (`_x0000_` in the file) is refused with its cell named, the
same on SQLite and PostgreSQL (SQLite stored it; PostgreSQL refused the whole load without
saying where), and the database is left as it was."""

from __future__ import annotations

from pathlib import Path

from support.builders import minimal_workbook_sheets, write_workbook
from support.commands import run


def test_a_nul_in_a_cell_is_refused_naming_the_cell(tmp_path: Path, db: str) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Meetings"][2][3] = "Strategic_x0000_ board"
    source = write_workbook(tmp_path / "nul.xlsx", sheets)
    result = run("load", source, "--db", db)
    assert result.exit_code == 2, result.output
    assert "Meetings!D3" in result.output and "NUL character" in result.output
    assert "Traceback" not in result.output
    validated = run("validate", source)
    assert validated.exit_code == 2 and "Meetings!D3" in validated.output
