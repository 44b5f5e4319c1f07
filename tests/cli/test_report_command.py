"""`csp-audit report` and `csp-audit audit` as a user runs them, on real SQLite
files, and on PostgreSQL where a test takes the `db` fixture."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import update
from support.commands import run, workbook
from support.report_fixtures import (
    PLANTED,
    PREVIOUS_RUN_AT,
    previous_result,
    sample_records,
    sample_result,
)
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.store.connect import open_database
from csp_audit.store.records import ImportInfo, save_records
from csp_audit.store.runs import save_audit
from csp_audit.store.schema import AuditRunRow

runner = CliRunner()
FORMATS = "html,json,junit,md"


def stored_database(tmp_path: Path, db: str | None = None) -> str:
    """A database (`db`, else a new SQLite file) with the sample records, an earlier run
    (made at `PREVIOUS_RUN_AT`, so the trend names it as the golden files do) and the run to
    report."""
    db = db or str(tmp_path / "audit.db")
    engine = open_database(db)
    save_records(engine, sample_records(), ImportInfo("testshire.xlsx", "0" * 64))
    earlier = save_audit(engine, previous_result()).run_id
    runs = AuditRunRow.__table__
    with engine.begin() as conn:
        conn.execute(update(runs).where(runs.c.id == earlier).values(created_at=PREVIOUS_RUN_AT))
    save_audit(engine, sample_result())
    engine.dispose()
    return db


def report(db: str, out: Path, *extra: str) -> object:
    return runner.invoke(app, ["report", "--db", db, "--partnership", "testshire", "--year",
                               "2024-25", "--as-of", "2025-03-31", "--format", FORMATS,
                               "--out", str(out), *extra], catch_exceptions=False)


def test_report_renders_the_stored_run_with_its_trend(tmp_path: Path, db: str) -> None:
    stored_database(tmp_path, db)
    result = report(db, tmp_path / "out")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["testshire-2024-25.html", "testshire-2024-25.json",
                     "testshire-2024-25.junit.xml", "testshire-2024-25.md"]
    document = json.loads((tmp_path / "out" / "testshire-2024-25.json").read_text("utf-8"))
    assert document["overall"] == "red"
    assert document["previous_as_of"] == "2024-03-31"
    assert "(audit run now)" not in result.output


def test_report_from_the_database_matches_the_golden_files(tmp_path: Path, db: str) -> None:
    """The database round trip changes nothing a report shows, on either database."""
    stored_database(tmp_path, db)
    report(db, tmp_path / "out")
    report(db, tmp_path / "out", "--public")
    golden = Path(__file__).parent.parent / "golden"
    for path in (tmp_path / "out").iterdir():
        assert path.read_bytes() == (golden / path.name).read_bytes(), path.name


def test_public_report_leaks_no_restricted_string(tmp_path: Path) -> None:
    db = stored_database(tmp_path)
    assert report(db, tmp_path / "out", "--public").exit_code == 0
    files = list((tmp_path / "out").iterdir())
    assert all(p.name.startswith("testshire-2024-25-public.") for p in files)
    for path in files:
        text = path.read_text("utf-8")
        assert not [v for v in PLANTED.values() if v in text], path.name


def test_report_rerun_is_byte_identical(tmp_path: Path) -> None:
    db = stored_database(tmp_path)
    report(db, tmp_path / "a")
    report(db, tmp_path / "b")
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()


def test_report_usage_errors_exit_2(tmp_path: Path) -> None:
    db = stored_database(tmp_path)
    out = str(tmp_path / "out")
    unknown = runner.invoke(app, ["report", "--db", db, "--partnership", "nowhere",
                                  "--out", out])
    assert unknown.exit_code == 2 and "no partnership 'nowhere'" in unknown.output
    both = runner.invoke(app, ["report", "--db", db, "--all", "--partnership", "testshire",
                               "--out", out])
    assert both.exit_code == 2
    bad_format = runner.invoke(app, ["report", "--db", db, "--all", "--format", "docx",
                                     "--out", out])
    assert bad_format.exit_code == 2 and "unknown format docx" in bad_format.output
    bad_date = runner.invoke(app, ["report", "--db", db, "--all", "--as-of", "31/02/2025",
                                   "--out", out])
    assert bad_date.exit_code == 2 and "not a date" in bad_date.output
    assert "Traceback" not in unknown.output + bad_format.output + bad_date.output


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
