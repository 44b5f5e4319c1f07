"""What a new user meets on the command line: words not codes, forgiving options, readable
help, no database made by a command that only reads."""

from __future__ import annotations

import json
from pathlib import Path

from support.kinds import partnership, records
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.store.records import ImportInfo, save_records
from csp_audit.store.schema import open_database

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


def all_commands() -> list[list[str]]:
    """Every command's words, e.g. ['checklists', 'lint'], found from the app itself."""
    from typer.main import get_command

    root = get_command(app)
    found = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            found += [[name, sub] for sub in subcommands]
        else:
            found.append([name])
    return found


def test_every_command_has_help_and_readable_metavars() -> None:
    """Like sqlite-utils' test_docs: no command without help, and no type codes such as
    `{workbooks}...` or `<list[Path]>` where a reader expects WORKBOOK... or DIR."""
    commands = all_commands()
    assert ["checklists", "lint"] in commands and ["audit"] in commands
    for words in commands:
        result = runner.invoke(app, [*words, "--help"], terminal_width=100)
        assert result.exit_code == 0, words
        text = result.output
        description = text.split("\n\n")[1].strip()
        assert description and not description.startswith(("Arguments", "Options")), words
        for code in ("<list[", "<str>", "<path>", "{"):
            assert code not in text, f"{' '.join(words)} --help shows {code}:\n{text}"


def test_usage_names_arguments_by_metavar() -> None:
    usage = runner.invoke(app, ["validate", "--help"]).output.splitlines()[0]
    assert usage.endswith("validate [OPTIONS] WORKBOOK...")
    usage = runner.invoke(app, ["template", "--help"]).output.splitlines()[0]
    assert usage.endswith("template [OPTIONS] OUT.xlsx")


def test_commands_that_read_do_not_create_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "nosuch.db"
    for command in (["check", "--partnership", "testshire"],
                    ["report", "--partnership", "testshire", "--out", str(tmp_path / "out")]):
        for db in (str(missing), f"sqlite:///{missing}"):
            result = runner.invoke(app, [*command, "--db", db])
            assert result.exit_code == 2, result.output
            assert f"no database at {missing}: load a workbook first" in result.output
            assert not missing.exists(), f"{command[0]} created {missing}"


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
    assert [d["partnership"] for d in json.loads(result.stdout)] == ["testshire", "otherton"]
    one = check(db, "--format", "json")
    assert json.loads(one.stdout)["partnership"] == "testshire"
