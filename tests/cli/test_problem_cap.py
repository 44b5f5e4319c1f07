"""A workbook with thousands of bad cells prints the first 200 problems, then one line per
kind of problem with its count (csp_audit.workbook.limits.MAX_PROBLEMS_SHOWN), in
`validate` and in `load`, instead of one line per bad cell."""

from __future__ import annotations

import re
from pathlib import Path

from support.builders import minimal_workbook_sheets, write_workbook
from support.commands import run

from csp_audit.workbook.limits import MAX_PROBLEMS_SHOWN

ROWS = 3_000


def many_bad_cells(folder: Path) -> Path:
    """Two bad cells a row, of two kinds: `restricted` and `decision` are yes or no. (A topic
    off the list is no longer one: it loads with a warning, said once.)"""
    sheets = minimal_workbook_sheets()
    sheets["Agenda"] = [[*row, None] for row in sheets["Agenda"]]
    sheets["Agenda"][0][-1] = "decision"
    sheets["Agenda"] += [["B-2024-06", f"Item {n}", "performance", "perhaps", "maybe"]
                         for n in range(ROWS)]
    return write_workbook(folder / "many.xlsx", sheets)


def kinds(text: str) -> dict[str, int]:
    return {kind: int(count.replace(",", "")) for count, kind in
            re.findall(r"^\s+([\d,]+) x error: (.+)$", text, re.M)}


def test_validate_prints_200_problems_then_a_count_per_kind(tmp_path: Path) -> None:
    result = run("validate", many_bad_cells(tmp_path))
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert len(lines) < MAX_PROBLEMS_SHOWN + 10
    assert sum(1 for line in lines if line.startswith("  error: ")) == MAX_PROBLEMS_SHOWN
    assert f"... and {2 * ROWS - MAX_PROBLEMS_SHOWN:,} more" in result.output
    counted = kinds(result.output)
    assert set(counted) == {"Agenda column D: restricted: not yes or no",
                            "Agenda column E: decision: not yes or no"}
    assert sum(counted.values()) == 2 * ROWS - MAX_PROBLEMS_SHOWN


def test_load_caps_its_problems_too(tmp_path: Path) -> None:
    result = run("load", many_bad_cells(tmp_path), "--db", tmp_path / "audit.db")
    assert result.exit_code == 2
    text = result.output  # stdout and stderr, as a terminal shows them
    assert len(text.splitlines()) < MAX_PROBLEMS_SHOWN + 10
    assert sum(kinds(text).values()) == 2 * ROWS - MAX_PROBLEMS_SHOWN
