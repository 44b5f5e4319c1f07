"""What a new user meets on the command line: words not codes, forgiving options, readable
help, no database made by a command that only reads."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from csp_audit.cli import app
from csp_audit.db import open_database
from csp_audit.store import ImportInfo, save_records
from tests._kinds import partnership, records

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
