"""--partnership and --all: every code checked before the first audit, a misspelt one
named with a suggestion, and which of the two mistakes (neither, both) was made."""

from __future__ import annotations

from pathlib import Path

from support.commands import check, database, run, workbook
from typer.testing import CliRunner

from csp_audit.cli.app import app

runner = CliRunner()


def test_check_names_a_misspelt_partnership_before_auditing_any(tmp_path: Path) -> None:
    db = tmp_path / "audit.db"
    assert run("load", workbook(tmp_path), "--db", db).exit_code == 0
    for output in ("table", "json"):
        result = run("check", "--db", db, "--partnership", "testshire", "--partnership",
                     "testshir", "--year", "2024-25", "--format", output)
        assert result.exit_code == 2
        assert result.stdout == "", result.stdout
        assert ("error: no partnership 'testshir' in the database (it holds testshire); "
                "did you mean 'testshire'?") in result.stderr
    runs = run("report", "--db", db, "--partnership", "testshire", "--year", "2024-25",
               "--format", "json", "--out", tmp_path / "out")
    assert "(audit run now)" in runs.stdout, "the refused check stored a run"


def test_a_misspelt_partnership_gets_a_suggestion(tmp_path: Path) -> None:
    db = str(database(tmp_path / "audit.db", ("sefton", {}), ("thurrock", {})))
    checked = check(db, code="sefon")
    assert checked.exit_code == 2
    assert checked.stderr.strip() == ("error: no partnership 'sefon' in the database (it "
                                      "holds sefton, thurrock); did you mean 'sefton'?")
    reported = runner.invoke(app, ["report", "--db", db, "--partnership", "Thurock",
                                   "--out", str(tmp_path / "out")])
    assert reported.exit_code == 2
    assert reported.stderr.strip().endswith("(it holds sefton, thurrock); did you mean "
                                            "'thurrock'?")
    unlike = check(db, code="zzz")
    assert unlike.exit_code == 2 and "did you mean" not in unlike.stderr
    assert "it holds sefton, thurrock" in unlike.stderr


def test_partnership_or_all_says_which_mistake_was_made(tmp_path: Path) -> None:
    db = str(database(tmp_path / "audit.db"))
    out = str(tmp_path / "out")
    for command in (["check"], ["report", "--out", out]):
        neither = runner.invoke(app, [*command, "--db", db])
        assert neither.exit_code == 2
        assert neither.stderr == "error: give --partnership CODE or --all\n"
        both = runner.invoke(app, [*command, "--db", db, "--all", "--partnership", "testshire"])
        assert both.exit_code == 2
        assert both.stderr == "error: give --partnership CODE or --all, not both\n"
