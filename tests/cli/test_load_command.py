"""`csp-audit load` as a user runs it: what it prints, where it writes, its exit codes."""

from __future__ import annotations

import json
import socket
import sqlite3
from pathlib import Path

import pytest
from support.builders import minimal_workbook_sheets, write_workbook
from support.databases import codes
from typer.testing import CliRunner

from csp_audit.cli.app import app

runner = CliRunner()


def partnerships(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [code for (code,) in conn.execute("SELECT code FROM partnership ORDER BY code")]


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "testshire.xlsx", minimal_workbook_sheets())


def test_load_prints_rows_per_sheet_and_exits_0(db: str, workbook: Path) -> None:
    result = runner.invoke(app, ["load", str(workbook), "--db", db])
    assert result.exit_code == 0, result.output
    assert f"Loaded {workbook} as testshire" in result.stdout
    lines = result.stdout.splitlines()
    assert any(line.split()[:2] == ["Members", "6"] for line in lines)
    assert any(line.split()[:2] == ["Attendance", "7"] for line in lines)
    assert codes(db) == ["testshire"]


def test_a_second_load_says_it_replaced_the_records(db: str, workbook: Path) -> None:
    runner.invoke(app, ["load", str(workbook), "--db", db])
    result = runner.invoke(app, ["load", str(workbook), "--db", db])
    assert result.exit_code == 0
    assert "replacing its earlier records" in result.stdout
    assert codes(db) == ["testshire"]


def test_load_then_check_read_the_same_database(db: str, tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Partnership"] = [row for row in sheets["Partnership"] if row[0] != "checklist"]
    workbook = write_workbook(tmp_path / "testshire.xlsx", sheets)
    loaded = runner.invoke(app, ["load", str(workbook)], env={"CSP_AUDIT_DB": db})
    assert loaded.exit_code == 0, loaded.output
    result = runner.invoke(app, ["check", "--all", "--year", "2024-25", "--format", "json",
                                 "--fail-on", "never"], env={"CSP_AUDIT_DB": db})
    assert result.exit_code == 0, result.output
    (audit,) = json.loads(result.stdout)
    assert (audit["partnership"]["code"], audit["year"]) == ("testshire", "2024-25")
    assert audit["findings"] and audit["overall"] in ("red", "amber", "green")


def test_the_database_comes_from_csp_audit_db(tmp_path: Path, workbook: Path) -> None:
    db = tmp_path / "from-env.db"
    result = runner.invoke(app, ["load", str(workbook)], env={"CSP_AUDIT_DB": str(db)})
    assert result.exit_code == 0, result.output
    assert partnerships(db) == ["testshire"]


def test_the_db_option_wins_over_the_environment(tmp_path: Path, workbook: Path) -> None:
    chosen, ignored = tmp_path / "chosen.db", tmp_path / "ignored.db"
    result = runner.invoke(app, ["load", str(workbook), "--db", str(chosen)],
                           env={"CSP_AUDIT_DB": str(ignored)})
    assert result.exit_code == 0
    assert partnerships(chosen) == ["testshire"] and not ignored.exists()


def test_the_default_database_is_in_the_working_directory(
    tmp_path: Path, workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CSP_AUDIT_DB", raising=False)
    result = runner.invoke(app, ["load", str(workbook)])
    assert result.exit_code == 0, result.output
    assert partnerships(tmp_path / "csp-audit.db") == ["testshire"]


def test_warnings_are_printed_and_the_load_still_succeeds(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Notes"] = [["anything"]]
    path = write_workbook(tmp_path / "noted.xlsx", sheets)
    result = runner.invoke(app, ["load", str(path), "--db", str(tmp_path / "audit.db")])
    assert result.exit_code == 0
    assert "warning:" in result.stderr and "Notes" in result.stderr
    assert "  1 warning:" in result.stderr and "1 warning:" not in result.stdout


def test_a_refused_workbook_lists_its_errors_and_exits_2(tmp_path: Path,
                                                         workbook: Path) -> None:
    db = tmp_path / "audit.db"
    runner.invoke(app, ["load", str(workbook), "--db", str(db)])
    sheets = minimal_workbook_sheets()
    sheets["Meetings"][1][1] = "31/02/2024"
    broken = write_workbook(tmp_path / "broken.xlsx", sheets)
    result = runner.invoke(app, ["load", str(broken), "--db", str(db)])
    assert result.exit_code == 2
    assert "Meetings!B2" in result.stderr
    assert f"Refused {broken}" in result.stderr and "database is unchanged" in result.stderr
    assert "Loaded" not in result.stdout
    assert "Traceback" not in result.output


def test_one_refused_workbook_among_several_exits_2_but_loads_the_rest(
    tmp_path: Path, workbook: Path
) -> None:
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook")
    db = tmp_path / "audit.db"
    result = runner.invoke(app, ["load", str(text), str(workbook), "--db", str(db)])
    assert result.exit_code == 2
    assert f"Loaded {workbook}" in result.stdout and f"Refused {text}" in result.stderr
    assert partnerships(db) == ["testshire"]


def test_an_unreachable_server_gives_one_clear_line_and_exit_2(workbook: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db = f"postgresql+psycopg://auditor:s3cret@127.0.0.1:{port}/csp"
    result = runner.invoke(app, ["load", str(workbook), "--db", db])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: cannot open database postgresql+psycopg://auditor:***@"
                           f"127.0.0.1:{port}/csp: connection failed")
    assert "s3cret" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("bad", ["directory", "missing-dir", "url"])
def test_a_bad_db_gives_one_clear_line_and_exit_2(tmp_path: Path, workbook: Path,
                                                  bad: str) -> None:
    db = {"directory": str(tmp_path), "missing-dir": str(tmp_path / "no" / "audit.db"),
          "url": "nosuchdialect://host/db"}[bad]
    result = runner.invoke(app, ["load", str(workbook), "--db", db])
    assert result.exit_code == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: cannot open database {db}")


def test_load_counts_each_sheet_in_its_own_words(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "testshire.xlsx", minimal_workbook_sheets())
    result = runner.invoke(app, ["load", str(path), "--db", str(tmp_path / "audit.db")])
    assert result.exit_code == 0, result.output
    words = [line.split() for line in result.stdout.splitlines()[1:]]
    assert words == [
        ["Partnership", "6", "settings"], ["Members", "6", "members"],
        ["Meetings", "3", "meetings"], ["Attendance", "7", "attendance", "records"],
        ["Agenda", "3", "agenda", "items"], ["Documents", "3", "documents"],
        ["DHR", "1", "case"], ["ASB", "case", "reviews", "1", "case"],
        ["Waivers", "1", "waiver"]]
    assert "(s)" not in result.output
