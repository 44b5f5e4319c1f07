"""Terminal output escapes control characters: a terminal escape sequence, a bell or a bidi
override in a workbook's text (a partnership name, a title, a cell quoted in a problem) is
printed as `\\x1b`, `\\x07`, `\\u202e` by `validate`, `load` and `check`, never raw, so a
workbook cannot clear the user's screen, retitle the window or reorder a line."""

from __future__ import annotations

import re
from pathlib import Path

from support.builders import minimal_workbook_sheets, write_workbook
from support.commands import run

from csp_audit.cli.printing import for_terminal

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
NAME = "Testshire_x001B_[2J_x001B_]0;owned_x0007_ CSP \u202egnp.exe"


def hostile(folder: Path, error: bool = False) -> Path:
    sheets = minimal_workbook_sheets()
    for row in sheets["Partnership"]:
        if row[0] == "name":
            row[1] = NAME
    if error:
        sheets["Meetings"][1][2] = "board_x001B_[31m"
    return write_workbook(folder / "hostile.xlsx", sheets)


def printed(result: object) -> str:
    return result.output + (getattr(result, "stderr", "") or "")


def assert_escaped(text: str) -> None:
    assert not RAW.search(text), repr(RAW.search(text).group())
    assert "\\x1b[2J" in text and "\\x07" in text and "\\u202e" in text


def test_validate_and_load_print_escapes_not_control_characters(tmp_path: Path) -> None:
    source = hostile(tmp_path)
    validated = run("validate", source)
    assert validated.exit_code == 0, validated.output
    assert_escaped(printed(validated))
    loaded = run("load", source, "--db", tmp_path / "audit.db")
    assert loaded.exit_code == 0, loaded.output
    assert_escaped(printed(loaded))


def test_check_prints_the_name_escaped(tmp_path: Path) -> None:
    source = hostile(tmp_path)
    assert run("load", source, "--db", tmp_path / "audit.db").exit_code == 0
    checked = run("check", "--partnership", "testshire", "--year", "2024-25", "--as-of",
                  "2025-03-31", "--db", tmp_path / "audit.db", "--fail-on", "never")
    assert checked.exit_code == 0, checked.output
    assert_escaped(printed(checked))


def test_a_problem_quoting_a_control_character_is_escaped(tmp_path: Path) -> None:
    refused = run("validate", hostile(tmp_path, error=True))
    assert refused.exit_code == 2
    text = printed(refused)
    assert not RAW.search(text)
    assert "\\x1b[31m" in text


def test_tabs_and_newlines_stay() -> None:
    assert for_terminal("a\tb\nc") == "a\tb\nc"
    assert for_terminal("\x1b[2J\u202e") == "\\x1b[2J\\u202e"
