"""What a user trial of the command line found: a SQLite URI --db read as SQLite reads it,
problems in workbook order, load summaries in the domain's words, "did you mean" for a
misspelt name, and JSON from check that is whole or absent."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from urllib.parse import quote

from support.builders import minimal_workbook_sheets, write_workbook
from support.kinds import partnership, records
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.cli.printing import in_workbook_order
from csp_audit.model.errors import Problem, did_you_mean
from csp_audit.model.records import Place, Waiver
from csp_audit.store.records import ImportInfo, save_records
from csp_audit.store.schema import open_database

runner = CliRunner()


def database(path: Path, *parts: tuple[str, dict[str, object]]) -> Path:
    """A SQLite file at `path` holding one partnership per (code, partnership fields)."""
    engine = open_database(str(path))
    for number, (code, fields) in enumerate(parts or (("testshire", {}),)):
        recs = records(partnership=partnership(code=code, name=f"{code.title()} CSP",
                                               **fields))
        save_records(engine, recs, ImportInfo(f"{code}.xlsx", str(number) * 64))
    engine.dispose()
    return path


def check(db: str, *extra: str, code: str = "testshire"):
    return runner.invoke(app, ["check", "--db", db, "--partnership", code, "--year",
                               "2024-25", "--fail-on", "never", *extra])


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


def test_problems_come_in_workbook_order(tmp_path: Path) -> None:
    """Cross-sheet checks run after each sheet's cells, and the sheets may be in any order
    in the file; the problems are listed errors first, down the workbook as the contract
    orders its sheets."""
    sheets = minimal_workbook_sheets()
    sheets["Attendance"][1][0] = "B-2099-01"  # A2: a cross-sheet check
    sheets["Attendance"][3][2] = "maybe"  # C4: a cell check
    sheets["Members"][3][2] = "constabulary"
    sheets["Meetings"][2][1] = "31/02/2024"
    sheets["Notes"] = [["anything"]]
    order = ["Notes", "Partnership", "Attendance", "Meetings", "Members", "Agenda",
             "Documents", "DHR", "ASB case reviews", "Waivers"]
    path = write_workbook(tmp_path / "bad.xlsx", {name: sheets[name] for name in order})
    expected = ["error Members!C4", "error Meetings!B3", "error Attendance!A2",
                "error Attendance!C4", "warning Notes"]

    validated = runner.invoke(app, ["validate", str(path)])
    assert validated.exit_code == 2
    shown = [line.strip().split(": ") for line in validated.stdout.splitlines()[1:]]
    assert [f"{words[0]} {words[2]}" for words in shown] == expected

    loaded = runner.invoke(app, ["load", str(path), "--db", str(tmp_path / "audit.db")])
    assert loaded.exit_code == 2
    shown = [line.split(": ") for line in loaded.stderr.splitlines()[:-1]]
    assert [f"{words[0]} {words[2]}" for words in shown] == expected
    assert loaded.stderr.splitlines()[-1] == (f"Refused {path}: 4 errors; nothing from it "
                                              "was loaded and no database was made.")


def test_workbook_order_reads_cells_as_rows_then_columns() -> None:
    def at(sheet: str | None, cell: str | None = None, severity: str = "error") -> Problem:
        return Problem("x.xlsx", "m", sheet, cell, severity=severity)  # type: ignore[arg-type]

    problems = [at("Waivers", "A2"), at("Meetings", "AA2"), at("Meetings", "B10"),
                at("meeting", "C2"), at("Meetings", "B2"), at("Meetings", "1:1"),
                at(None), at("Meetings"), at("Notes"), at("Members", "A9", "warning"),
                at("Community trigger", "A3")]
    assert [(p.sheet, p.cell) for p in in_workbook_order(problems)] == [
        (None, None), ("Meetings", None), ("Meetings", "1:1"), ("Meetings", "B2"),
        ("meeting", "C2"), ("Meetings", "AA2"), ("Meetings", "B10"),
        ("Community trigger", "A3"), ("Waivers", "A2"), ("Notes", None),
        ("Members", "A9")]


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


def test_did_you_mean_offers_only_close_names() -> None:
    codes = ["norfolk", "north-east-lincolnshire", "richmond", "sefton", "thurrock"]
    assert did_you_mean("SEFON", codes) == "; did you mean 'sefton'?"
    assert did_you_mean("somewhere", codes) == ""
    assert did_you_mean("NAT-PUBLIC-MEETNG", ["NAT-PUBLIC-MEETING", "NAT-DHR-PUBLICATION"]
                        ) == "; did you mean 'NAT-PUBLIC-MEETING'?", "no distant second guess"
    assert did_you_mean("boad", ["road", "boar", "board"]) == "; did you mean 'board'?"
    assert did_you_mean("meet", ["met", "meat", "meets", "greet"]) == (
        "; did you mean 'meets' or 'met'?")
    assert did_you_mean("B-2024", ["B-2024-9", "B-2024-6", "B-2024-7", "B-2024-8"]) == (
        "; did you mean 'B-2024-6', 'B-2024-7' or 'B-2024-8'?"), "three at most, in order"


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


def test_audit_says_why_a_refused_workbook_stops_every_report(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Meetings"][2][1] = "31/02/2024"
    bad = write_workbook(tmp_path / "bad.xlsx", sheets)
    good = write_workbook(tmp_path / "good.xlsx", minimal_workbook_sheets())
    out = tmp_path / "out"
    result = runner.invoke(app, ["audit", str(good), str(bad), "--out", str(out), "--year",
                                 "2024-25", "--format", "md"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "error: 1 workbook refused, so nothing was audited and no report written")
    assert not out.exists() or not any(out.iterdir())
