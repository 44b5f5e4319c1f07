"""A waiver naming a rule that none of the applied checklists has: warned about at
validate, load and check (matched as the engine matches rule ids), with a guess at the
rule meant, and nothing guessed for a checklist validate cannot see."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from support.builders import minimal_workbook_sheets, write_workbook
from support.commands import check, run, workbook
from support.kinds import partnership, records
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.model.records import Place, Waiver
from csp_audit.store.connect import open_database
from csp_audit.store.records import ImportInfo, save_records

runner = CliRunner()


def test_validate_warns_of_a_mistyped_waiver_rule_id(tmp_path: Path) -> None:
    book = workbook(tmp_path, waivers=["NAT-PUBLIC-MEETING", "NAT-PUBLC-MEETING"])
    result = run("validate", book)
    assert result.exit_code == 0, result.output
    assert f"OK {book}: valid workbook (0 errors, 1 warning)" in result.stdout
    assert (f"  warning: {book}: Waivers!A3: unknown waiver rule id 'NAT-PUBLC-MEETING': "
            "none of the checklists that apply (national, hallmarks) has it, so it waives "
            "nothing; did you mean 'NAT-PUBLIC-MEETING'?") in result.stdout


def test_the_rules_known_are_those_of_the_checklists_that_apply(tmp_path: Path) -> None:
    """sefton's checklist is shipped, so its rules may be waived (matched as the engine
    matches them: trimmed, any case); a Welsh partnership's checklists are national-wales's."""
    sheets = minimal_workbook_sheets()
    sheets["Partnership"][4][1] = "sefton"
    sheets["Waivers"][1][0] = "sef-quorum "
    result = run("validate", write_workbook(tmp_path / "sefton.xlsx", sheets))
    assert "(0 errors, 0 warnings)" in result.stdout, result.stdout
    sheets["Partnership"][3][1] = "Wales"
    sheets["Waivers"][1][0] = "SEF-QUORAM"
    result = run("validate", write_workbook(tmp_path / "welsh.xlsx", sheets))
    assert ("none of the checklists that apply (national, national-wales, hallmarks, sefton) "
            "has it, so it waives nothing; did you mean 'SEF-QUORUM'?") in result.stdout


def test_validate_does_not_guess_for_a_checklist_it_cannot_see(tmp_path: Path) -> None:
    """The partnership's own checklist lives in a folder validate is not given: its rule ids
    cannot be known, so nothing is said about them (the checklist itself is warned about)."""
    result = run("validate", workbook(tmp_path, checklist="mytown", waivers=["MYT-ANYTHING"]))
    assert result.exit_code == 0, result.output
    assert "unknown waiver rule id" not in result.stdout
    assert "checklist 'mytown' is not a shipped checklist" in result.stdout
    assert ("pass --checklists DIR holding mytown.yaml (validate, load, check, audit and "
            "report take it)") in result.stdout


def test_load_warns_of_a_mistyped_waiver_rule_id_and_still_loads(tmp_path: Path) -> None:
    book = workbook(tmp_path, waivers=["HM-SKILS-REVIEW"])
    db = tmp_path / "audit.db"
    result = run("load", book, "--db", db)
    assert result.exit_code == 0, result.output
    assert f"Loaded {book} as testshire" in result.stdout
    assert (f"warning: {book}: Waivers!A2: unknown waiver rule id 'HM-SKILS-REVIEW'"
            in result.stderr)
    assert "did you mean 'HM-SKILLS-REVIEW'?" in result.stderr


def test_a_waiver_for_a_misspelt_rule_suggests_the_rule(tmp_path: Path) -> None:
    db = tmp_path / "audit.db"
    engine = open_database(str(db))
    waiver = Waiver("nat-public-meetng", "Ward surgeries", date(2025, 12, 31),
                    Place("Waivers", 2))
    save_records(engine, records(partnership=partnership(code="testshire"),
                                 waivers=(waiver,)), ImportInfo("t.xlsx", "0" * 64))
    engine.dispose()
    result = check(str(db))
    assert result.exit_code == 0, result.output
    assert ("Waivers row 2: the waiver names rule nat-public-meetng, which none of the "
            "applied checklists (national, hallmarks) has, so it waives nothing; did you "
            "mean 'NAT-PUBLIC-MEETING'?") in result.stderr


def test_a_waiver_for_no_applied_rule_is_reported_not_ignored(tmp_path: Path) -> None:
    from datetime import date

    from csp_audit.model.records import Place, Waiver

    waivers = (Waiver("NAT-FOO", "Typo", date(2025, 12, 31), Place("Waivers", 3)),
               Waiver("nat-strategic-assessment", "Late", date(2025, 12, 31),
                      Place("Waivers", 2)))
    db = str(tmp_path / "audit.db")
    engine = open_database(db)
    recs = records(partnership=partnership(code="testshire", name="Testshire CSP"),
                   waivers=waivers)
    save_records(engine, recs, ImportInfo("testshire.xlsx", "0" * 64))
    engine.dispose()
    result = runner.invoke(app, ["check", "--db", db, "--partnership", "testshire", "--year",
                                 "2024-25", "--fail-on", "never", "--format", "json"])
    assert result.exit_code == 0, result.output
    expected = ("Waivers row 3: the waiver names rule NAT-FOO, which none of the applied "
                "checklists (national, hallmarks) has, so it waives nothing")
    assert f"warning: testshire: {expected}" in result.stderr
    document = json.loads(result.stdout)
    waivers = [w for w in document["warnings"] if w.startswith("Waivers")]
    assert waivers == [expected], "the waiver of a real rule is no warning"
    basis = {f["rule_id"]: f["basis"] for f in document["findings"]}
    assert basis["NAT-DHR-DECISION"].startswith("this checklist's default, unverified")
    assert "DVCVA 2004 s9(3)" in basis["NAT-DHR-DECISION"]
    assert basis["NAT-STRATEGIC-ASSESSMENT"] is None
