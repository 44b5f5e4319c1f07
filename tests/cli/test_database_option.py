"""--db as a user gives it: a SQLite URI read as SQLite reads it, a read-only or plain
`file:` name said for what it is, no database made by a command that only reads, and
database servers other than PostgreSQL refused plainly."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from support.commands import check, database, run, workbook
from typer.testing import CliRunner

from csp_audit.cli.app import app

runner = CliRunner()


def test_a_sqlite_uri_db_names_the_file_sqlite_opens(tmp_path: Path) -> None:
    db = database(tmp_path / "audit db.db")
    for url in (f"sqlite:///file:{db}?mode=rw&uri=true",
                f"sqlite:///file:{quote(str(db))}?uri=true",
                f"sqlite:///file://localhost{quote(str(db))}?uri=true"):
        result = check(url)
        assert result.exit_code == 0, (url, result.output)
        assert "Overall:" in result.stdout
    missing = tmp_path / "nosuch.db"
    result = check(f"sqlite:///file:{missing}?mode=rwc&uri=true")
    assert result.exit_code == 2
    assert f"no database at {missing}: load a workbook first" in result.stderr
    assert not missing.exists(), "check made the database it was asked to read"


def test_a_read_only_uri_db_is_refused_for_what_it_is(tmp_path: Path) -> None:
    """check stores its run, so a read-only database cannot serve; it exists, though."""
    db = database(tmp_path / "audit.db")
    result = check(f"sqlite:///file:{db}?mode=ro&uri=true")
    assert result.exit_code == 2
    assert "no database at" not in result.stderr
    assert "readonly" in result.stderr and "Traceback" not in result.output


def test_a_file_name_without_uri_true_is_a_plain_path_and_says_so(tmp_path: Path) -> None:
    db = database(tmp_path / "audit.db")
    result = check(f"sqlite:///file:{db}")
    assert result.exit_code == 2
    assert "no database at" in result.stderr and "only with ?uri=true" in result.stderr


def test_commands_that_read_do_not_create_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "nosuch.db"
    for command in (["check", "--partnership", "testshire"],
                    ["report", "--partnership", "testshire", "--out", str(tmp_path / "out")]):
        for db in (str(missing), f"sqlite:///{missing}"):
            result = runner.invoke(app, [*command, "--db", db])
            assert result.exit_code == 2, result.output
            assert f"no database at {missing}: load a workbook first" in result.output
            assert not missing.exists(), f"{command[0]} created {missing}"


@pytest.mark.parametrize("url", ["mysql://auditor@db.example.org/csp",
                                 "mysql+pymysql://auditor:secret@db.example.org/csp",
                                 "mssql+pyodbc://auditor@dsn"])
@pytest.mark.parametrize("command", ["load", "check", "report"])
def test_another_database_server_is_refused_plainly(tmp_path: Path, url: str,
                                                     command: str) -> None:
    args = {"load": ["load", workbook(tmp_path)],
            "check": ["check", "--partnership", "testshire"],
            "report": ["report", "--partnership", "testshire", "--out", tmp_path / "out"]}
    result = run(*args[command], "--db", url)
    assert result.exit_code == 2
    assert "csp-audit supports only SQLite (a file path or sqlite:///PATH) and PostgreSQL" \
           in result.stderr
    assert "secret" not in result.output and "Traceback" not in result.output
