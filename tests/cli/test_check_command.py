"""`csp-audit check` and `csp-audit checklists` as a user runs them, on real SQLite
files, and on PostgreSQL where a test takes the `db` fixture."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from support.kinds import attended, meeting, partnership, records
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.model.periods import parse_year
from csp_audit.model.records import Document, Place
from csp_audit.pipeline.check import audit_partnership
from csp_audit.report.machine import audit_document
from csp_audit.store.connect import open_database
from csp_audit.store.records import ImportInfo, save_records
from csp_audit.store.runs import current_run

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parent.parent.parent / "sample_data"


def database(tmp_path: Path, db: str | None = None, **parts: object) -> str:
    """`db` (else a new SQLite file) holding Testshire's records, built from `parts`."""
    db = db or str(tmp_path / "audit.db")
    engine = open_database(db)
    recs = records(partnership=partnership(code="testshire", name="Testshire CSP"), **parts)
    save_records(engine, recs, ImportInfo("testshire.xlsx", "0" * 64))
    engine.dispose()
    return db


def check(db: str, *extra: str):
    return runner.invoke(app, ["check", "--db", db, *extra], catch_exceptions=False)


def test_json_equals_the_library_function_and_the_run_is_stored(tmp_path: Path,
                                                                db: str) -> None:
    database(tmp_path, db)
    result = check(db, "--partnership", "testshire", "--year", "2024-25", "--format", "json",
                   "--fail-on", "never")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    library = audit_document(audit_partnership(db, "testshire", "2024-25"))
    assert document == library
    assert {"partnership", "year", "as_of", "overall", "summary", "findings"} <= set(document)
    assert set(document["findings"][0]) >= {"rule_id", "status", "reason", "source",
                                            "evidence", "guidance"}
    engine = open_database(db)
    stored = current_run(engine, "testshire", parse_year("2024-25"), date(2025, 3, 31), None)
    engine.dispose()
    assert stored is not None and len(stored.result.findings) == len(document["findings"])


@pytest.mark.parametrize(("fail_on", "code"), [("red", 1), ("amber", 1), ("never", 0)])
def test_exit_code_follows_fail_on(tmp_path: Path, fail_on: str, code: int) -> None:
    db = database(tmp_path)
    assert check(db, "--partnership", "testshire", "--year", "2024-25", "--fail-on",
                 fail_on).exit_code == code


def test_table_output_names_rules_and_overall(tmp_path: Path) -> None:
    board = tuple(meeting(f"B{i}", date(2024, 5 + 2 * i, 10)) for i in range(4))
    rows = sum((attended(f"B{i}", ["Council", "Police", "Fire", "ICB", "Probation"])
                for i in range(4)), ())
    db = database(tmp_path, meetings=board, attendance=rows, documents=(
        Document("SA", "strategic_assessment", Place("Documents", 2),
                 approved=date(2024, 6, 1)),))
    result = check(db, "--partnership", "testshire", "--year", "2024-25", "--fail-on",
                   "never")
    assert result.exit_code == 0
    assert "NAT-STRATEGIC-ASSESSMENT" in result.output and "Overall:" in result.output


@pytest.mark.parametrize("args", [
    ["--partnership", "nowhere"], [], ["--partnership", "testshire", "--all"],
    ["--partnership", "testshire", "--year", "2024-26"],
    ["--partnership", "testshire", "--as-of", "31/02/2025"],
    ["--partnership", "testshire", "--format", "xml"],
    ["--partnership", "testshire", "--fail-on", "green"],
    ["--partnership", "testshire", "--checklists", "/no/such/folder"],
])
def test_bad_input_and_usage_exit_2(tmp_path: Path, args: list[str]) -> None:
    result = check(database(tmp_path), *args)
    assert result.exit_code == 2
    assert "error" in result.output and "Traceback" not in result.output


def test_sefton_sample_reasons_name_the_record(tmp_path: Path) -> None:
    db = str(tmp_path / "samples.db")
    loaded = runner.invoke(app, ["load", str(SAMPLES / "sefton.xlsx"), "--db", db])
    assert loaded.exit_code == 0, loaded.output
    result = check(db, "--partnership", "sefton", "--year", "2024-25", "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.output)["findings"]
    quorum = next(f for f in findings if f["rule_id"] == "SEF-QUORUM")
    assert quorum["status"] == "red" and "SSCP-2024-09" in quorum["reason"]
    for finding in findings:
        if finding["status"] in ("red", "amber"):
            assert finding["evidence"], finding["rule_id"]


def test_all_audits_every_partnership(tmp_path: Path) -> None:
    result = check(database(tmp_path), "--all", "--year", "2024-25", "--format", "json",
                   "--fail-on", "never")
    assert [d["partnership"]["code"] for d in json.loads(result.stdout)] == ["testshire"]


def test_checklists_list_show_and_lint(tmp_path: Path) -> None:
    listed = runner.invoke(app, ["checklists", "list"])
    assert listed.exit_code == 0 and "national" in listed.output
    shown = runner.invoke(app, ["checklists", "show", "sefton"], terminal_width=200)
    assert shown.exit_code == 0 and "SEF-QUORUM" in shown.output
    assert "NAT-SCRUTINY" in shown.output
    assert runner.invoke(app, ["checklists", "show", "nowhere"]).exit_code == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: Bad\nversion: 1\nrules:\n  - id: BAD-X\n    title: x\n"
                   "    sources: [{cite: x}]\n    kind: nonsense\n    guidance: x\n")
    linted = runner.invoke(app, ["checklists", "lint", str(bad)])
    assert linted.exit_code == 2 and "kind: 'nonsense' is not a check kind" in linted.output
    good = tmp_path / "good.yaml"
    good.write_text(bad.read_text().replace("id: bad", "id: good").replace(
        "kind: nonsense", "kind: meeting_count"))
    linted = runner.invoke(app, ["checklists", "lint", str(good)])
    assert linted.exit_code == 0 and "valid (1 rule after" in linted.output


def test_check_json_is_the_report_json_of_the_same_run(tmp_path: Path) -> None:
    """The CLI adds nothing: check's JSON for a partnership is the officers' report JSON of
    the run it stored, byte for byte while there is no earlier run to compare with, and
    with the `previous_*` keys null once there is."""
    db = str(tmp_path / "samples.db")
    books = [str(SAMPLES / f"{name}.xlsx") for name in ("sefton", "thurrock")]
    assert runner.invoke(app, ["load", *books, "--db", db]).exit_code == 0
    year = ("--year", "2024-25")

    def report(code: str, as_of: str) -> str:
        out = tmp_path / f"{code}-{as_of}"
        result = runner.invoke(app, ["report", "--db", db, "--partnership", code, *year,
                                     "--as-of", as_of, "--format", "json", "--out", str(out)])
        assert result.exit_code == 0, result.output
        return (out / f"{code}-2024-25.json").read_text("utf-8")

    first = check(db, "--partnership", "sefton", *year, "--as-of", "2024-12-31",
                  "--format", "json", "--fail-on", "never")
    assert first.stdout == report("sefton", "2024-12-31")
    both = check(db, "--partnership", "sefton", "--partnership", "thurrock", *year,
                 "--as-of", "2025-03-31", "--format", "json", "--fail-on", "never")
    documents = json.loads(both.stdout)
    assert [d["partnership"]["code"] for d in documents] == ["sefton", "thurrock"]
    for document in documents:
        reported = json.loads(report(document["partnership"]["code"], "2025-03-31"))
        if document["partnership"]["code"] == "sefton":
            assert reported["previous_as_of"] == "2024-12-31"
        for key in ("previous_as_of", "previous_year", "previous_run_id"):
            reported[key] = None
        for finding in reported["findings"]:
            finding["previous_status"] = None
        assert document == reported
