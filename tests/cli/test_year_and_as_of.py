"""--year and --as-of checked against each chosen partnership's reporting year before any
audit, load or report: a split year for a calendar-year partnership, the single-year
form, an as-of day outside a partnership's year or after today, a year beyond any
workbook date."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.commands import run, workbook


@pytest.fixture
def mixed_db(tmp_path: Path) -> Path:
    """April-year testshire and calendar-year calshire in one database."""
    db = tmp_path / "mixed.db"
    result = run("load", workbook(tmp_path), workbook(tmp_path, "calshire", "01-01"),
                 "--db", db)
    assert result.exit_code == 0, result.output
    return db


def runs_stored(db: Path) -> int:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return conn.execute("select count(*) from audit_run").fetchone()[0]


@pytest.mark.parametrize("output", ["table", "json"])
def test_a_split_year_names_the_calendar_year_partnership_and_checks_none(
        mixed_db: Path, output: str) -> None:
    result = run("check", "--all", "--db", mixed_db, "--year", "2024-25", "--format", output,
                 "--fail-on", "never")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: calshire: its reporting year is the calendar year, so --year 2024-25 names "
        "none of its years: write --year 2024",
        "hint: --year 2024 audits each partnership's year that starts in 2024: 2024 for a "
        "calendar year, 2024-25 for a year from April"]
    assert runs_stored(mixed_db) == 0


def test_report_all_with_a_split_year_writes_nothing(mixed_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = run("report", "--all", "--db", mixed_db, "--year", "2024-25", "--out", out,
                 "--format", "md")
    assert result.exit_code == 2
    assert "error: calshire: its reporting year is the calendar year" in result.stderr
    assert not out.exists()
    assert runs_stored(mixed_db) == 0


def test_the_single_year_form_audits_each_partnership_and_says_which_year(
        mixed_db: Path) -> None:
    result = run("check", "--all", "--db", mixed_db, "--year", "2024", "--format", "json",
                 "--fail-on", "never")
    assert result.exit_code == 0, result.output
    import json

    years = {audit["partnership"]["code"]: audit["year"] for audit in json.loads(result.stdout)}
    assert years == {"calshire": "2024", "testshire": "2024-25"}
    assert ("note: --year 2024 is each partnership's reporting year that starts in 2024: "
            "2024-25 (1 April 2024 to 31 March 2025) for a year from April, 2024 for a "
            "calendar year; for April 2023 to March 2024 write --year 2023-24") in (
        result.stderr)


def test_an_as_of_outside_one_partnerships_year_names_it(mixed_db: Path) -> None:
    result = run("check", "--all", "--db", mixed_db, "--year", "2024", "--as-of",
                 "2025-03-31")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "error: calshire: --as-of 2025-03-31 is outside the reporting year 2024 (1 January "
        "2024 to 31 December 2024)")
    assert runs_stored(mixed_db) == 0


@pytest.mark.parametrize("year", ["1800-01", "1949", "2101-02", "9999"])
def test_a_year_beyond_any_workbook_date_is_refused(mixed_db: Path, year: str) -> None:
    result = run("check", "--all", "--db", mixed_db, "--year", year)
    assert result.exit_code == 2
    assert (f"error: bad year '{year}': a workbook's dates run from 1950 to 2100, so no "
            f"reporting year starts in {year[:4]}") in result.stderr
    assert "calshire" not in result.stderr


def test_an_as_of_after_today_is_refused(mixed_db: Path) -> None:
    from datetime import date, timedelta

    tomorrow = date.today() + timedelta(days=1)
    result = run("check", "--partnership", "testshire", "--db", mixed_db, "--as-of",
                 tomorrow.isoformat())
    assert result.exit_code == 2
    assert "is after today" in result.stderr
    assert runs_stored(mixed_db) == 0


def test_audit_refuses_a_bad_year_before_loading(tmp_path: Path) -> None:
    db = tmp_path / "audit.db"
    result = run("audit", workbook(tmp_path), "--out", tmp_path / "out", "--db", db,
                 "--year", "1800-01")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "bad year '1800-01'" in result.stderr
    assert not db.exists()
