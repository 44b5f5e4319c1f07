"""A misspelt checklist or --format gets a 'did you mean', from `checklists show`, check
and report alike."""

from __future__ import annotations

from pathlib import Path

from support.builders import minimal_workbook_sheets, write_workbook
from support.commands import check, database
from typer.testing import CliRunner

from csp_audit.cli.app import app

runner = CliRunner()


def test_a_misspelt_checklist_or_format_gets_a_suggestion(tmp_path: Path) -> None:
    shown = runner.invoke(app, ["checklists", "show", "nationl"])
    assert shown.exit_code == 2
    assert "unknown checklist 'nationl' (known: hallmarks, national," in shown.stderr
    assert shown.stderr.rstrip().endswith("did you mean 'national'?")
    db = str(database(tmp_path / "audit.db"))
    formatted = check(db, "--format", "jsn")
    assert formatted.exit_code == 2
    assert formatted.stderr.strip() == ("error: --format 'jsn': choose table or json; did "
                                        "you mean 'json'?")
    reported = runner.invoke(app, ["report", "--db", db, "--partnership", "testshire",
                                   "--format", "html,mdd", "--out", str(tmp_path / "out")])
    assert reported.exit_code == 2
    assert "unknown format mdd; choose from" in reported.stderr
    assert reported.stderr.rstrip().endswith("did you mean 'md'?")


def test_check_ends_its_refusal_of_a_misspelt_checklist_with_the_guess(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Partnership"][4][1] = "sefton-typo"
    book = write_workbook(tmp_path / "book.xlsx", sheets)
    db = str(tmp_path / "audit.db")
    assert runner.invoke(app, ["load", "--db", db, str(book)]).exit_code == 0
    result = runner.invoke(app, ["check", "--db", db, "--partnership", "testshire"])
    assert result.exit_code == 2, result.output
    assert "?;" not in result.output
    assert "holding sefton-typo.yaml; did you mean 'sefton'?" in result.output
