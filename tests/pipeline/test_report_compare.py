"""Which run "Since the last audit" compares with, and that the report names it by what the
workbooks decide (reporting year and as-of day), never by when the run was made."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from support.builders import minimal_workbook_sheets, write_workbook
from support.report_fixtures import previous_result, sample_records, sample_result
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.model.findings import AuditResult
from csp_audit.store.connect import open_database
from csp_audit.store.records import ImportInfo, save_records
from csp_audit.store.runs import save_audit
from csp_audit.store.schema import AuditRunRow, ImportRow

runner = CliRunner()
TEXT_FORMATS = ("html", "md", "json", "junit.xml")


def invoke(*args: str) -> object:
    return runner.invoke(app, list(args), catch_exceptions=False)


def database(path: Path, *runs: AuditResult, made: datetime | None = None) -> str:
    """Sample records and `runs` stored in order; every run's time set to `made`, if given."""
    db = str(path)
    engine = open_database(db)
    save_records(engine, sample_records(), ImportInfo("testshire.xlsx", "0" * 64))
    for run in runs:
        save_audit(engine, run)
    if made is not None:  # the load made before the runs, so they are still current
        with engine.begin() as conn:
            conn.execute(update(AuditRunRow.__table__).values(created_at=made))
            conn.execute(update(ImportRow.__table__).values(loaded_at=made - timedelta(1)))
    engine.dispose()
    return db


def report(db: str, out: Path, as_of: str = "2025-03-31", formats: str = "json,md,html,junit"
           ) -> dict:
    result = invoke("report", "--db", db, "--partnership", "testshire", "--year", "2024-25",
                    "--as-of", as_of, "--format", formats, "--out", str(out))
    assert result.exit_code == 0, result.output
    return json.loads((out / "testshire-2024-25.json").read_text("utf-8"))


def test_a_run_as_of_a_later_day_is_not_the_last_audit(tmp_path: Path) -> None:
    """A stored run as of 31 March 2025 is not "an earlier audit" of a report as of
    1 October 2024: with no run before that day there is no trend at all."""
    db = database(tmp_path / "audit.db", sample_result(),
                  sample_result(as_of=date(2024, 10, 1)))
    document = report(db, tmp_path / "out", as_of="2024-10-01")
    assert document["as_of"] == "2024-10-01"
    assert (document["previous_as_of"], document["previous_run_id"]) == (None, None)
    md = (tmp_path / "out" / "testshire-2024-25.md").read_text("utf-8")
    assert "Since the last audit" not in md and "Compared with" not in md


def test_of_two_runs_the_trend_takes_the_one_before_the_reports_day(tmp_path: Path) -> None:
    before = sample_result(as_of=date(2024, 12, 31))
    after = sample_result(as_of=date(2025, 2, 28))
    db = database(tmp_path / "audit.db", before, after,
                  sample_result(as_of=date(2025, 1, 31)))
    document = report(db, tmp_path / "out", as_of="2025-01-31")
    assert document["previous_as_of"] == "2024-12-31"


def test_checking_the_same_day_twice_does_not_compare_the_audit_with_itself(
        tmp_path: Path) -> None:
    db, out = str(tmp_path / "audit.db"), tmp_path / "out"
    sheets = minimal_workbook_sheets()
    book = write_workbook(tmp_path / "testshire.xlsx", sheets)
    assert invoke("load", str(book), "--db", db).exit_code == 0
    year = ("--partnership", "testshire", "--year", "2024-25", "--as-of", "2025-03-31",
            "--db", db)
    for _ in range(2):
        assert invoke("check", *year, "--fail-on", "never").exit_code == 0
    result = invoke("report", *year, "--format", "json,md", "--out", str(out))
    assert result.exit_code == 0, result.output
    document = json.loads((out / "testshire-2024-25.json").read_text("utf-8"))
    assert document["previous_as_of"] is None
    assert all(f["previous_status"] is None for f in document["findings"])
    assert "Since the last audit" not in (out / "testshire-2024-25.md").read_text("utf-8")


@pytest.mark.parametrize("made", [datetime(2024, 4, 2, 9, 30, tzinfo=UTC),
                                  datetime(2026, 11, 5, 17, 45, tzinfo=UTC)])
def test_the_trend_names_the_compared_run_by_year_and_as_of_day(tmp_path: Path,
                                                                  made: datetime) -> None:
    db = database(tmp_path / "audit.db", previous_result(), sample_result(), made=made)
    report(db, tmp_path / "out")
    md = (tmp_path / "out" / "testshire-2024-25.md").read_text("utf-8")
    assert ("Compared with last year's audit \\(reporting year 2023-24, as of 31 March "
            "2024\\): 1 better") in md
    for text in (made.strftime("%H:%M"), "UTC", "stored as run", "made on"):
        assert text not in md


def test_two_databases_of_the_same_workbooks_give_the_same_report_bytes(
        tmp_path: Path) -> None:
    """The same runs made at different times, one database with an extra run of another
    year stored first: every text format is byte-identical, as is the XLSX's text."""
    from openpyxl import load_workbook

    later_year = replace(sample_result(as_of=date(2026, 3, 31)), year="2025-26",
                         period_start=date(2025, 4, 1), period_end=date(2026, 3, 31))
    first = database(tmp_path / "a.db", previous_result(), sample_result(),
                     made=datetime(2025, 4, 1, 9, 0, tzinfo=UTC))
    second = database(tmp_path / "b.db", later_year, previous_result(), sample_result(),
                      made=datetime(2026, 1, 7, 23, 59, tzinfo=UTC))
    for db, out in ((first, tmp_path / "a"), (second, tmp_path / "b")):
        report(db, out, formats="json,md,html,junit,xlsx")
    for ext in ("html", "md", "junit.xml"):
        name = f"testshire-2024-25.{ext}"
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    documents = [json.loads((tmp_path / o / "testshire-2024-25.json").read_text("utf-8"))
                 for o in ("a", "b")]
    # NOTE: previous_run_id names the run in its own database (docs/report-json.md).
    assert [d.pop("previous_run_id") for d in documents] == [1, 2]
    assert documents[0] == documents[1]
    cells = [[c.value for s in load_workbook(tmp_path / o / "testshire-2024-25.xlsx")
              for row in s.iter_rows() for c in row] for o in ("a", "b")]
    assert cells[0] == cells[1]
