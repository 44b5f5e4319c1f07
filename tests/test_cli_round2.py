"""What a second user trial of the command line found: Excel's lock files picked up by a
glob, a refusal that called the database unchanged after loading others, a calendar-year
partnership in a portfolio run, years and as-of days beyond any workbook, and an --out that
is a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import minimal_workbook_sheets, write_workbook
from typer.testing import CliRunner

from csp_audit.cli import app

runner = CliRunner()

EXCEL_OWNER_FILE = (b"\x05Alice" + b" " * 48 + b"\x05\x00A\x00l\x00i\x00c\x00e\x00"
                    + b" \x00" * 50)
"""What Excel writes to `~$name.xlsx` while name.xlsx is open: the user's name, twice."""


def run(*args: object):
    return runner.invoke(app, [str(arg) for arg in args])


def workbook(folder: Path, code: str = "testshire", year_start: str = "01-04",
             name: str | None = None) -> Path:
    sheets = minimal_workbook_sheets()
    for row in sheets["Partnership"]:
        if row[0] == "code":
            row[1] = code
        if row[0] == "year_start":
            row[1] = year_start
    return write_workbook(folder / (name or f"{code}.xlsx"), sheets)


def refused_workbook(folder: Path) -> Path:
    sheets = minimal_workbook_sheets()
    sheets["Meetings"][1][1] = "31/02/2024"
    return write_workbook(folder / "refused.xlsx", sheets)


def lock_file(path: Path) -> Path:
    lock = path.with_name("~$" + path.name)
    lock.write_bytes(EXCEL_OWNER_FILE)
    return lock


# -- Excel's lock files ------------------------------------------------------------------


def test_load_of_a_glob_skips_excels_lock_file_with_a_warning(tmp_path: Path) -> None:
    good = workbook(tmp_path)
    lock = lock_file(good)
    result = run("load", lock, good, "--db", tmp_path / "audit.db")
    assert result.exit_code == 0, result.output
    assert (f"warning: {lock}: is the lock file Excel keeps while testshire.xlsx is open; "
            "it is not a workbook, so it is skipped") in result.stderr
    assert f"Loaded {good} as testshire" in result.stdout
    assert "Refused" not in result.stderr


def test_a_lock_file_alone_is_refused_for_what_it_is(tmp_path: Path) -> None:
    lock = lock_file(workbook(tmp_path))
    for command in (["load", lock, "--db", tmp_path / "audit.db"],
                    ["audit", lock, "--out", tmp_path / "out"]):
        result = run(*command)
        assert result.exit_code == 2, result.output
        assert (f"{lock}: is the lock file Excel keeps while testshire.xlsx is open; it is "
                "not a workbook") in result.stderr
        assert "text file" not in result.output
    result = run("validate", lock)
    assert result.exit_code == 2
    assert "is the lock file Excel keeps while testshire.xlsx is open" in result.stdout
    assert not (tmp_path / "audit.db").exists()


def test_a_stale_lock_file_says_it_can_go(tmp_path: Path) -> None:
    lock = tmp_path / "~$gone.xlsx"
    lock.write_bytes(EXCEL_OWNER_FILE)
    result = run("validate", lock)
    assert result.exit_code == 2
    assert "gone.xlsx is not beside it, so Excel left it behind: it can be deleted" in (
        result.stdout)


def test_validate_and_audit_of_a_glob_skip_the_lock_file(tmp_path: Path) -> None:
    good = workbook(tmp_path)
    lock = lock_file(good)
    result = run("validate", good, lock)
    assert result.exit_code == 0, result.output
    assert f"{lock}: is the lock file" in result.stderr
    result = run("audit", good, lock, "--out", tmp_path / "out", "--format", "md",
                 "--year", "2024-25", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "testshire-2024-25.md").exists()


def test_a_workbook_named_like_a_lock_file_is_still_read(tmp_path: Path) -> None:
    """Only a small file that is not a zip is a lock file: a real workbook is a zip."""
    real = workbook(tmp_path, name="~$real.xlsx")
    result = run("validate", real)
    assert result.exit_code == 0, result.output


# -- what a refusal says of the database ---------------------------------------------------


def test_a_refusal_after_a_load_does_not_call_the_database_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "audit.db"
    result = run("load", workbook(tmp_path), refused_workbook(tmp_path), "--db", db)
    assert result.exit_code == 2
    assert "Loaded" in result.stdout
    assert "unchanged" not in result.stderr
    assert ("Refused " + str(tmp_path / "refused.xlsx") + ": 1 error; nothing from it was "
            "loaded (what the database held for its partnership before is kept).") in (
        result.stderr)


def test_a_refusal_of_everything_says_whether_a_database_was_made(tmp_path: Path) -> None:
    db = tmp_path / "audit.db"
    refused = refused_workbook(tmp_path)
    result = run("load", refused, "--db", db)
    assert result.exit_code == 2
    assert "1 error; nothing from it was loaded and no database was made." in result.stderr
    assert not db.exists()
    assert run("load", workbook(tmp_path), "--db", db).exit_code == 0
    result = run("load", refused, "--db", db)
    assert "1 error; nothing from it was loaded; the database is unchanged." in result.stderr


def test_a_refused_audit_with_a_temporary_database_speaks_of_no_database(
        tmp_path: Path) -> None:
    result = run("audit", workbook(tmp_path), refused_workbook(tmp_path), "--out",
                 tmp_path / "out")
    assert result.exit_code == 2
    assert "1 error; nothing from it was loaded." in result.stderr
    assert "database" not in result.stderr.split("Refused")[1].split("\n")[0]


# -- --out ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["report", "audit"])
def test_an_out_that_is_a_file_is_refused_before_any_work(tmp_path: Path,
                                                          command: str) -> None:
    db = tmp_path / "audit.db"
    good = workbook(tmp_path)
    assert run("load", good, "--db", db).exit_code == 0
    afile = tmp_path / "afile"
    afile.write_text("notes")
    first = ["report", "--all", "--db", db] if command == "report" else ["audit", good]
    result = run(*first, "--out", afile, "--format", "md")
    assert result.exit_code == 2
    assert result.stderr == f"error: --out {afile} is a file, not a folder\n"
    result = run(*first, "--out", afile / "reports", "--format", "md")
    assert result.exit_code == 2
    assert f"error: --out {afile / 'reports'}: {afile} is a file, not a folder" in (
        result.stderr)
    assert afile.read_text() == "notes"
