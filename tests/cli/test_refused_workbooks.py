"""A workbook that load or audit refuses: no new database left behind, the database that
was there kept, a new database made by the first valid workbook, what the refusal says
of the database, and why audit then writes no report."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.builders import minimal_workbook_sheets, write_workbook
from support.commands import refused_workbook, run, workbook
from typer.testing import CliRunner

from csp_audit.cli.app import app

runner = CliRunner()


@pytest.mark.parametrize("form", ["{path}", "sqlite:///{path}"])
def test_a_refused_load_leaves_no_new_database(tmp_path: Path, form: str) -> None:
    db = tmp_path / "new.db"
    result = run("load", refused_workbook(tmp_path), "--db", form.format(path=db))
    assert result.exit_code == 2
    assert "nothing from it was loaded and no database was made" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refused.xlsx"]


def test_a_refused_audit_leaves_no_new_database(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    result = run("audit", refused_workbook(tmp_path), "--db", db, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert not db.exists()


def test_a_refused_load_keeps_the_database_that_was_there(tmp_path: Path) -> None:
    db = tmp_path / "kept.db"
    assert run("load", workbook(tmp_path), "--db", db).exit_code == 0
    before = db.read_bytes()
    result = run("load", refused_workbook(tmp_path), "--db", db)
    assert result.exit_code == 2
    assert db.read_bytes() == before
    listed = run("check", "--db", db, "--partnership", "testshire", "--fail-on", "never")
    assert listed.exit_code == 0, listed.output


def test_a_new_database_is_made_by_the_first_valid_workbook(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    result = run("load", refused_workbook(tmp_path), workbook(tmp_path), "--db", db)
    assert result.exit_code == 2
    assert f"Loaded {tmp_path / 'testshire.xlsx'} as testshire" in result.stdout
    assert db.exists()


def test_a_new_database_that_cannot_be_opened_keeps_the_earlier_refusals(
        tmp_path: Path) -> None:
    """The new file is opened only at the first valid workbook; its failure is that
    workbook's refusal, and what was said of the workbooks before it still stands."""
    db = f"sqlite:///file:{tmp_path / 'new.db'}?mode=ro&uri=true"
    result = run("load", refused_workbook(tmp_path), workbook(tmp_path), "--db", db)
    assert result.exit_code == 2
    assert f"Refused {tmp_path / 'refused.xlsx'}: 1 error" in result.stderr
    assert "testshire.xlsx: not loaded: cannot open database" in result.stderr
    assert "Traceback" not in result.output + result.stderr


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


def test_audit_says_why_a_refused_workbook_stops_every_report(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Meetings"][2][1] = "31/02/2024"
    bad = write_workbook(tmp_path / "bad.xlsx", sheets)
    good = write_workbook(tmp_path / "good.xlsx", minimal_workbook_sheets())
    out = tmp_path / "out"
    result = runner.invoke(app, ["audit", str(good), str(bad), "--out", str(out), "--year",
                                 "2024-25", "--format", "md"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "error: 1 workbook refused, so nothing was audited and no report written")
    assert not out.exists() or not any(out.iterdir())
