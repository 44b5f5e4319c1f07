"""`check`'s options and table as a user types and reads them: --as-of in the workbook's date
forms, choices in any case, --partnership given repeatedly, and 'not applicable' in words."""

from __future__ import annotations

import json
from pathlib import Path

from support.kinds import partnership, records
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.store.connect import open_database
from csp_audit.store.records import ImportInfo, save_records

runner = CliRunner()


def database(tmp_path: Path, **fields: object) -> str:
    """A new SQLite file holding Testshire's (nearly empty) records."""
    db = str(tmp_path / "audit.db")
    engine = open_database(db)
    recs = records(partnership=partnership(code="testshire", name="Testshire CSP", **fields))
    save_records(engine, recs, ImportInfo("testshire.xlsx", "0" * 64))
    engine.dispose()
    return db


def check(db: str, *extra: str):
    return runner.invoke(app, ["check", "--db", db, "--partnership", "testshire", "--year",
                               "2024-25", "--fail-on", "never", *extra])


def test_the_table_says_not_applicable_in_words(tmp_path: Path) -> None:
    result = check(database(tmp_path))
    assert result.exit_code == 0, result.output
    assert "not applicable" in result.output
    assert "not_applicable" not in result.output


def test_as_of_takes_the_workbook_date_forms(tmp_path: Path) -> None:
    db = database(tmp_path)
    for text in ("31/03/2025", "31 March 2025", "2025-03-31"):
        result = check(db, "--as-of", text, "--format", "json")
        assert result.exit_code == 0, result.output
        assert '"as_of": "2025-03-31"' in result.output
    refused = check(db, "--as-of", "31/02/2025")
    assert refused.exit_code == 2
    assert "--as-of '31/02/2025' is not a date" in refused.output
    assert "13/06/2024" in refused.output, "the refusal shows the accepted forms"


def test_choices_ignore_case(tmp_path: Path) -> None:
    db = database(tmp_path)
    result = runner.invoke(app, ["check", "--db", db, "--partnership", "testshire", "--year",
                                 "2024-25", "--fail-on", "NEVER", "--format", "JSON"])
    assert result.exit_code == 0, result.output
    assert result.stdout.lstrip().startswith("{")
    refused = check(db, "--format", "Xml")
    assert refused.exit_code == 2 and "choose table or json" in refused.output


def test_check_takes_partnership_repeatedly_like_report(tmp_path: Path) -> None:
    db = database(tmp_path)
    engine = open_database(db)
    other = records(partnership=partnership(code="otherton", name="Otherton CSP"))
    save_records(engine, other, ImportInfo("otherton.xlsx", "1" * 64))
    engine.dispose()
    result = runner.invoke(app, ["check", "--db", db, "--partnership", "testshire",
                                 "--partnership", "otherton", "--year", "2024-25",
                                 "--fail-on", "never", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [d["partnership"]["code"] for d in json.loads(result.stdout)] == [
        "testshire", "otherton"]
    one = check(db, "--format", "json")
    assert json.loads(one.stdout)["partnership"]["code"] == "testshire"
