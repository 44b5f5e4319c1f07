"""`checklists list` and `checklists show` in an 80-column terminal: wrapped, never cut."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.rules.checklists import Library

runner = CliRunner()


def run(*args: str, columns: int = 80) -> str:
    result = runner.invoke(app, ["checklists", *args], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("columns", [80, 60])
def test_list_fits_the_terminal_and_keeps_every_id_title_and_file(columns: int) -> None:
    out = run("list", columns=columns)
    assert "…" not in out
    assert max(len(line) for line in out.splitlines()) <= columns
    library = Library()
    assert out.startswith(f"{len(library.checklists)} checklists")
    for checklist_id, checklist in library.checklists.items():
        assert f"\n{checklist_id} {checklist.model.version}: " in out
        assert flat(checklist.model.title) in flat(out)
        assert str(checklist.path) in out.replace("\n    ", "")


def test_list_names_parents_and_counts_overrides() -> None:
    out = flat(run("list"))
    assert "sefton 1.1: 10 rules; extends national, hallmarks; 10 overrides" in out
    assert "national 2.0: 29 rules Nationa" in out


def test_show_wraps_long_citations_and_cuts_nothing() -> None:
    out = run("show", "sefton")
    lines = out.splitlines()
    assert "…" not in out
    assert all(len(line) <= 80 or line.strip().startswith("https://") for line in lines)
    resolved = Library().resolve(["national", "hallmarks", "sefton"])
    for rule in resolved.rules:
        assert f"{rule.id}: " in out
        for source in rule.sources:
            assert flat(source.cite) in flat(out), source.cite
            if source.url:
                assert source.url in out
    long_cite = next(line for line in lines if "Sefton Safer Communities Partnership Terms of"
                     in line and "Membership para 5" not in line)
    assert long_cite.startswith("      - ")


def test_show_says_where_a_rule_comes_from_and_when_it_does_not_apply(tmp_path: Path) -> None:
    out = flat(run("show", "national-wales"))
    assert "NAT-SCRUTINY: " in out and "from national" in out
    assert "not applicable: " in out
