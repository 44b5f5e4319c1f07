"""`audit` of several workbooks and `report --all`, where partnerships name checklists that
do not exist: all are refused at once, named with their checklists and a did-you-mean, and
no partnership is audited or reported, not even those before the first bad one."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.pipeline import parallel
from csp_audit.store.connect import open_database
from csp_audit.store.schema import AuditRunRow

ROOT = Path(__file__).resolve().parent.parent.parent
runner = CliRunner()


def sample(tmp_path: Path, code: str, checklist: str | None = None) -> Path:
    """The sample workbook of `code`, naming `checklist` (when given) as its own."""
    path = tmp_path / f"{code}.xlsx"
    book = load_workbook(ROOT / "sample_data" / f"{code}.xlsx")
    if checklist is not None:
        sheet = book["Partnership"]
        [row] = [r for r in sheet.iter_rows() if r[0].value == "checklist"]
        row[1].value = checklist
    book.save(path)
    return path


def assert_refused(result: object, out: Path) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    [message] = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert "norfolk names 'norfolkk' (did you mean 'norfolk'?)" in message, message
    assert "thurrock names 'thurock' (did you mean 'thurrock'?)" in message, message
    assert message.startswith("error: 2 partnerships name a checklist that does not exist")
    assert "sefton names" not in message
    assert not out.exists() or sorted(out.iterdir()) == []


def test_audit_of_several_workbooks_refuses_every_unknown_checklist_first(
        tmp_path: Path) -> None:
    books = [sample(tmp_path, "sefton"), sample(tmp_path, "norfolk", "norfolkk"),
             sample(tmp_path, "thurrock", "thurock")]
    out = tmp_path / "out"
    result = runner.invoke(app, ["audit", *map(str, books), "--year", "2024-25", "--format",
                                 "json,md", "--out", str(out), "--fail-on", "never"])
    assert_refused(result, out)


@pytest.mark.parametrize("workers", ["1", "2"], ids=["one-process", "workers"])
def test_report_all_refuses_every_unknown_checklist_and_audits_none(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str) -> None:
    monkeypatch.setenv(parallel.WORKERS_ENV, workers)
    db, out = str(tmp_path / "audit.db"), tmp_path / "out"
    books = [sample(tmp_path, "sefton"), sample(tmp_path, "norfolk", "norfolkk"),
             sample(tmp_path, "thurrock", "thurock")]
    assert runner.invoke(app, ["load", *map(str, books), "--db", db]).exit_code == 0
    result = runner.invoke(app, ["report", "--all", "--db", db, "--year", "2024-25",
                                 "--format", "json,md", "--out", str(out)])
    assert_refused(result, out)
    check = runner.invoke(app, ["check", "--partnership", "sefton", "--db", db, "--year",
                                "2024-25", "--format", "json", "--fail-on", "never"])
    assert check.exit_code == 0
    engine = open_database(db)
    try:  # the report stored no run: sefton's only run is the one check just made
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(AuditRunRow)).scalar() == 1
    finally:
        engine.dispose()


def test_a_stored_run_is_reported_without_looking_up_its_checklists(tmp_path: Path) -> None:
    """A run made with --checklists is reported without them (it keeps its checklists)."""
    db, out = str(tmp_path / "audit.db"), tmp_path / "out"
    own = tmp_path / "mine"
    own.mkdir()
    text = (ROOT / "checklists" / "norfolk.yaml").read_text("utf-8")
    (own / "norfolk-local.yaml").write_text(text.replace("id: norfolk", "id: norfolk-local", 1),
                                            "utf-8")
    book = sample(tmp_path, "norfolk", "norfolk-local")
    assert runner.invoke(app, ["load", str(book), "--db", db]).exit_code == 0
    year = ("--partnership", "norfolk", "--year", "2024-25", "--db", db)
    checked = runner.invoke(app, ["check", *year, "--checklists", str(own), "--fail-on",
                                  "never"])
    assert checked.exit_code == 0, checked.output
    result = runner.invoke(app, ["report", *year, "--format", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "(audit run now)" not in result.output
