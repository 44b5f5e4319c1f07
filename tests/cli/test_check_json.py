"""`check --format json`: one object for one partnership and an array otherwise, as its
help says, and on stdout whole or not at all."""

from __future__ import annotations

import json
from pathlib import Path

from support.commands import database, run, workbook
from typer.testing import CliRunner

from csp_audit.cli.app import app

runner = CliRunner()


def test_check_help_says_when_json_is_an_object_and_when_an_array() -> None:
    text = " ".join(run("check", "--help").stdout.split())
    assert ("--format json prints one JSON object for one --partnership, and an array of "
            "such objects for --all or for several --partnership (an array even when --all "
            "finds one partnership).") in text


def test_check_json_is_an_object_for_one_and_an_array_for_all(tmp_path: Path) -> None:
    db = tmp_path / "audit.db"
    assert run("load", workbook(tmp_path), "--db", db).exit_code == 0
    common = ("check", "--db", db, "--year", "2024-25", "--format", "json", "--fail-on",
              "never")
    one = json.loads(run(*common, "--partnership", "testshire").stdout)
    assert isinstance(one, dict) and one["partnership"]["code"] == "testshire"
    every = json.loads(run(*common, "--all").stdout)
    assert isinstance(every, list) and [r["partnership"]["code"] for r in every] == [
        "testshire"]


def test_check_json_is_whole_or_absent(tmp_path: Path) -> None:
    """A CI job redirects stdout to a file and parses it: when one partnership's audit fails
    part-way (here its workbook names a checklist that does not exist), stdout holds
    nothing rather than half an array, and the error is on stderr with exit code 2."""
    db = str(database(tmp_path / "audit.db", ("aaa", {}), ("bbb", {}),
                      ("zzz", {"checklist": "nowhere"})))
    failed = runner.invoke(app, ["check", "--db", db, "--all", "--year", "2024-25",
                                 "--format", "json", "--fail-on", "never"])
    assert failed.exit_code == 2
    assert failed.stdout == ""
    assert "zzz: the Partnership sheet's checklist field names 'nowhere'" in failed.stderr
    several = runner.invoke(app, ["check", "--db", db, "--partnership", "aaa",
                                  "--partnership", "bbb", "--year", "2024-25", "--format",
                                  "json", "--fail-on", "never"])
    assert several.exit_code == 0, several.output
    assert [d["partnership"]["code"] for d in json.loads(several.stdout)] == ["aaa", "bbb"]
    assert several.stdout.endswith("\n]\n")
