"""Which stored run a report renders and compares with, and the warning for a year without
meetings: `report` and `audit` as a user runs them."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from support.builders import minimal_workbook_sheets, write_workbook
from support.report_fixtures import previous_result, sample_records, sample_result
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.store.connect import open_database
from csp_audit.store.records import ImportInfo, save_records
from csp_audit.store.runs import fetch_audit, save_audit

runner = CliRunner()


def invoke(*args: str) -> object:
    return runner.invoke(app, list(args), catch_exceptions=False)


def workbook(path: Path, name: str) -> Path:
    sheets = minimal_workbook_sheets()
    sheets["Partnership"][1] = ["name", name]
    return write_workbook(path, sheets)


def test_a_run_made_before_a_reload_is_not_reused(tmp_path: Path) -> None:
    """check, change the workbook, load again, report: the report rates the new records."""
    db, out = str(tmp_path / "audit.db"), tmp_path / "out"
    book = workbook(tmp_path / "testshire.xlsx", "Old Name CSP")
    assert invoke("load", str(book), "--db", db).exit_code == 0
    year = ("--partnership", "testshire", "--year", "2024-25", "--db", db)
    assert invoke("check", *year, "--fail-on", "never").exit_code == 0
    workbook(book, "New Name CSP")
    assert invoke("load", str(book), "--db", db).exit_code == 0
    result = invoke("report", *year, "--format", "json", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "(audit run now)" in result.output
    document = json.loads((out / "testshire-2024-25.json").read_text("utf-8"))
    assert document["partnership"]["name"] == "New Name CSP"
    again = invoke("report", *year, "--format", "json", "--out", str(out))
    assert "(audit run now)" not in again.output


def database(tmp_path: Path, *runs: object) -> str:
    db = str(tmp_path / "audit.db")
    engine = open_database(db)
    save_records(engine, sample_records(), ImportInfo("testshire.xlsx", "0" * 64))
    for run in runs:
        save_audit(engine, run)  # type: ignore[arg-type]
    engine.dispose()
    return db


def report(db: str, out: Path) -> dict:
    result = invoke("report", "--db", db, "--partnership", "testshire", "--year", "2024-25",
                    "--as-of", "2025-03-31", "--format", "json,md", "--out", str(out))
    assert result.exit_code == 0, result.output
    return json.loads((out / "testshire-2024-25.json").read_text("utf-8"))


def test_the_trend_compares_with_last_years_audit_not_another_year(tmp_path: Path) -> None:
    """An accidental audit of 2025-26 stored after last year's is not the one compared."""
    later = replace(sample_result(as_of=date(2026, 3, 31)), year="2025-26",
                    period_start=date(2025, 4, 1), period_end=date(2026, 3, 31))
    db = database(tmp_path, previous_result(), later, sample_result())
    document = report(db, tmp_path / "out")
    assert document["previous_as_of"] == "2024-03-31"
    md = (tmp_path / "out" / "testshire-2024-25.md").read_text("utf-8")
    assert ("Compared with last year's audit \\(reporting year 2023-24, as of 31 March "
            "2024\\): ") in md


def test_without_last_years_audit_the_trend_uses_an_earlier_run_of_this_year(
        tmp_path: Path) -> None:
    earlier = sample_result(as_of=date(2024, 12, 31))
    db = database(tmp_path, earlier, sample_result())
    document = report(db, tmp_path / "out")
    assert document["previous_as_of"] == "2024-12-31"
    md = (tmp_path / "out" / "testshire-2024-25.md").read_text("utf-8")
    assert ("an earlier audit of this year \\(reporting year 2024-25, as of 31 December "
            "2024\\): ") in md


def test_a_year_without_meetings_is_warned_on_stderr(tmp_path: Path) -> None:
    book = workbook(tmp_path / "testshire.xlsx", "Testshire CSP")
    result = invoke("audit", str(book), "--year", "2025-26", "--format", "json",
                    "--out", str(tmp_path / "out"), "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert ("warning: testshire: the workbook holds no meetings in 2025-26 (1 April 2025 to "
            "31 March 2026), the year audited; its meetings fall in 2024-25; pass --year "
            "2024-25 to audit that year") in result.stderr
    assert "warning" not in result.stdout
    right = invoke("audit", str(book), "--year", "2024-25", "--format", "json",
                   "--out", str(tmp_path / "right"), "--fail-on", "never")
    assert "no meetings" not in right.stderr


def test_a_year_without_meetings_is_a_warning_stored_with_the_run(tmp_path: Path) -> None:
    """check stores it; report renders the stored run and shows it in every format, and on
    stderr, without running the audit again."""
    db, out = str(tmp_path / "audit.db"), tmp_path / "out"
    book = workbook(tmp_path / "testshire.xlsx", "Testshire CSP")
    assert invoke("load", str(book), "--db", db).exit_code == 0
    year = ("--partnership", "testshire", "--year", "2025-26", "--db", db)
    checked = invoke("check", *year, "--fail-on", "never", "--format", "json")
    warning = ("the workbook holds no meetings in 2025-26 (1 April 2025 to 31 March 2026), "
               "the year audited; its meetings fall in 2024-25; pass --year 2024-25 to "
               "audit that year")
    assert f"warning: testshire: {warning}" in checked.stderr
    assert json.loads(checked.stdout)["warnings"][0] == warning
    result = invoke("report", *year, "--format", "json,md,html", "--public", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "(audit run now)" not in result.output
    assert f"warning: testshire: {warning}" in result.stderr
    assert json.loads((out / "testshire-2025-26-public.json").read_text("utf-8"))[
        "warnings"][0] == warning
    md = (out / "testshire-2025-26-public.md").read_text("utf-8")
    assert "## Warnings about the input\n" in md and "- the workbook holds no meetings" in md
    page = (out / "testshire-2025-26-public.html").read_text("utf-8")
    assert '<h2 id="input-warnings">Warnings about the input</h2>' in page
    assert f"<li>{warning}</li>" in page


def test_warnings_survive_the_database_and_a_public_report_leaves_out_restricted_ones(
        tmp_path: Path) -> None:
    db = database(tmp_path, sample_result())
    officers = report(db, tmp_path / "out")
    assert officers["warnings"] == list(sample_result().warnings)
    assert officers["warnings_withheld"] == 0
    result = invoke("report", "--db", db, "--partnership", "testshire", "--year", "2024-25",
                    "--as-of", "2025-03-31", "--format", "json", "--public",
                    "--out", str(tmp_path / "public"))
    assert result.exit_code == 0, result.output
    public = json.loads((tmp_path / "public" / "testshire-2024-25-public.json")
                        .read_text("utf-8"))
    assert public["warnings"] == [sample_result().warnings[0]]
    assert "NAT-FOO" in public["warnings"][0]
    assert public["warnings_withheld"] == 1


def test_a_database_made_before_run_warnings_were_kept_gains_the_column(
        tmp_path: Path) -> None:
    db = database(tmp_path, sample_result())
    engine = open_database(db)
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE audit_run DROP COLUMN warnings")
    engine.dispose()
    engine = open_database(db)
    old = fetch_audit(engine, 1)
    again = fetch_audit(engine, save_audit(engine, sample_result()).run_id)
    engine.dispose()
    assert old is not None and old.warnings == ()
    assert again is not None and again.warnings == sample_result().warnings
