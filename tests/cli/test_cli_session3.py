"""What a new user's trial of the command line found: --checklists for audit and report,
waivers naming no rule warned about at validate and load, a template that keeps what it
would overwrite, no database left by a refused load, load's warnings on one stream, every
--partnership checked before the first audit, plain words for an unsupported database,
--version, and check's JSON shape said in its help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.builders import minimal_workbook_sheets, write_workbook
from typer.testing import CliRunner

from csp_audit.cli.app import app

runner = CliRunner()

LOCAL_CHECKLIST = """\
id: mytown
title: "Mytown CSP terms of reference"
version: "1"
extends: [national, hallmarks]
rules:
  - id: MYT-BOARD-AGENDA
    title: Domestic abuse on every board agenda
    statutory: false
    sources:
      - cite: "Mytown ToR (2024), para 3"
    kind: agenda_topic_each_meeting
    params: {body: board, topic: domestic_abuse}
    guidance: Put domestic abuse on every board agenda.
"""


def local_folder(tmp_path: Path) -> Path:
    """A folder holding the partnership's own checklist, as a partnership keeps it."""
    folder = tmp_path / "our-checklists"
    folder.mkdir()
    (folder / "mytown.yaml").write_text(LOCAL_CHECKLIST, encoding="utf-8")
    return folder


def workbook(tmp_path: Path, name: str = "testshire.xlsx", checklist: str = "national",
             waivers: list[str] | None = None) -> Path:
    """The minimal valid workbook, naming `checklist` and waiving `waivers` (rule ids)."""
    sheets = minimal_workbook_sheets()
    sheets["Partnership"][4][1] = checklist
    header, *rows = sheets["Waivers"]
    sheets["Waivers"] = [header] + [[rule_id, *rows[0][1:]] for rule_id in
                                    (waivers if waivers is not None else ["NAT-PUBLIC-MEETING"])]
    return write_workbook(tmp_path / name, sheets)


def run(*args: str):
    return runner.invoke(app, [str(arg) for arg in args])


# 1. --checklists for audit and report


def test_audit_reads_the_partnerships_own_checklist_from_checklists(tmp_path: Path) -> None:
    book = workbook(tmp_path, checklist="mytown")
    out = tmp_path / "out"
    refused = run("audit", book, "--out", out, "--format", "json", "--year", "2024-25",
                  "--fail-on", "never")
    assert refused.exit_code == 2
    assert "pass --checklists DIR holding mytown.yaml" in refused.stderr
    result = run("audit", book, "--out", out, "--format", "json", "--year", "2024-25",
                 "--fail-on", "never", "--checklists", local_folder(tmp_path))
    assert result.exit_code == 0, result.output
    findings = json.loads((out / "testshire-2024-25.json").read_text("utf-8"))["findings"]
    assert "MYT-BOARD-AGENDA" in {finding["rule_id"] for finding in findings}


def test_audit_refuses_a_missing_checklists_folder_before_loading(tmp_path: Path) -> None:
    db = tmp_path / "kept.db"
    result = run("audit", workbook(tmp_path), "--out", tmp_path / "out", "--db", db,
                 "--checklists", tmp_path / "nosuch")
    assert result.exit_code == 2
    assert "checklists folder not found" in result.stderr
    assert "Traceback" not in result.output
    assert not db.exists()


def test_report_runs_the_audit_with_the_partnerships_own_checklist(tmp_path: Path) -> None:
    db = tmp_path / "audit.db"
    assert run("load", workbook(tmp_path, checklist="mytown"), "--db", db).exit_code == 0
    out = tmp_path / "out"
    args = ("report", "--db", db, "--partnership", "testshire", "--year", "2024-25",
            "--format", "json", "--out", out)
    refused = run(*args)
    assert refused.exit_code == 2
    assert "pass --checklists DIR holding mytown.yaml" in refused.stderr
    result = run(*args, "--checklists", local_folder(tmp_path))
    assert result.exit_code == 0, result.output
    assert "(audit run now)" in result.stdout
    findings = json.loads((out / "testshire-2024-25.json").read_text("utf-8"))["findings"]
    assert "MYT-BOARD-AGENDA" in {finding["rule_id"] for finding in findings}


@pytest.mark.parametrize("command", ["audit", "report", "check"])
def test_checklists_has_one_meaning_in_every_command_that_audits(command: str) -> None:
    text = " ".join(run(command, "--help").stdout.split())
    assert "--checklists DIR A folder of your own checklists (repeatable); they may extend " \
           "or replace the shipped ones." in text


# 2. A waiver naming no rule, warned about at validate and load


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
    assert "pass --checklists DIR holding mytown.yaml to check, audit and report" \
        in result.stdout


def test_load_warns_of_a_mistyped_waiver_rule_id_and_still_loads(tmp_path: Path) -> None:
    book = workbook(tmp_path, waivers=["HM-SKILS-REVIEW"])
    db = tmp_path / "audit.db"
    result = run("load", book, "--db", db)
    assert result.exit_code == 0, result.output
    assert f"Loaded {book} as testshire" in result.stdout
    assert (f"warning: {book}: Waivers!A2: unknown waiver rule id 'HM-SKILS-REVIEW'"
            in result.stderr)
    assert "did you mean 'HM-SKILLS-REVIEW'?" in result.stderr


# 3. A template never overwrites by surprise, and is always .xlsx


def test_template_keeps_an_existing_file_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "ours.xlsx"
    path.write_bytes(b"a workbook someone filled in")
    result = run("template", path)
    assert result.exit_code == 2
    assert f"error: {path} already exists; pass --force to overwrite it" in result.stderr
    assert path.read_bytes() == b"a workbook someone filled in"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ours.xlsx"]
    forced = run("template", path, "--force")
    assert forced.exit_code == 0, forced.output
    assert path.read_bytes()[:2] == b"PK"


def test_template_keeps_a_file_made_while_it_was_being_built(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from csp_audit.workbook import template

    path = tmp_path / "race.xlsx"
    real_build = template.build_template

    def build_then_someone_saves(example: bool = False):
        workbook = real_build(example)
        path.write_bytes(b"saved meanwhile")
        return workbook

    monkeypatch.setattr(template, "build_template", build_then_someone_saves)
    result = run("template", path)
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert path.read_bytes() == b"saved meanwhile"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["race.xlsx"]


@pytest.mark.parametrize("name", ["template.csv", "template", "template.xls"])
def test_template_refuses_a_name_that_is_not_xlsx(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    result = run("template", path)
    assert result.exit_code == 2
    assert (f"error: {path}: the template is an Excel workbook; give a file name ending "
            ".xlsx") in result.stderr
    assert not path.exists()
    assert run("template", tmp_path / "UPPER.XLSX").exit_code == 0


# 4. A refused load leaves no new database; 7. only SQLite and PostgreSQL


def refused_workbook(tmp_path: Path) -> Path:
    sheets = minimal_workbook_sheets()
    sheets["Meetings"][1][1] = "31/02/2024"
    return write_workbook(tmp_path / "refused.xlsx", sheets)


@pytest.mark.parametrize("form", ["{path}", "sqlite:///{path}"])
def test_a_refused_load_leaves_no_new_database(tmp_path: Path, form: str) -> None:
    db = tmp_path / "new.db"
    result = run("load", refused_workbook(tmp_path), "--db", form.format(path=db))
    assert result.exit_code == 2
    assert "nothing from it was loaded and no database was made" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refused.xlsx"]


def test_a_refused_audit_leaves_no_new_database(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    result = run("audit", refused_workbook(tmp_path), "--db", db, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert not db.exists()


def test_a_refused_load_keeps_the_database_that_was_there(tmp_path: Path) -> None:
    db = tmp_path / "kept.db"
    assert run("load", workbook(tmp_path), "--db", db).exit_code == 0
    before = db.read_bytes()
    result = run("load", refused_workbook(tmp_path), "--db", db)
    assert result.exit_code == 2
    assert db.read_bytes() == before
    listed = run("check", "--db", db, "--partnership", "testshire", "--fail-on", "never")
    assert listed.exit_code == 0, listed.output


def test_a_new_database_is_made_by_the_first_valid_workbook(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    result = run("load", refused_workbook(tmp_path), workbook(tmp_path), "--db", db)
    assert result.exit_code == 2
    assert f"Loaded {tmp_path / 'testshire.xlsx'} as testshire" in result.stdout
    assert db.exists()


def test_a_new_database_that_cannot_be_opened_keeps_the_earlier_refusals(
        tmp_path: Path) -> None:
    """The new file is opened only at the first valid workbook; its failure is that
    workbook's refusal, and what was said of the workbooks before it still stands."""
    db = f"sqlite:///file:{tmp_path / 'new.db'}?mode=ro&uri=true"
    result = run("load", refused_workbook(tmp_path), workbook(tmp_path), "--db", db)
    assert result.exit_code == 2
    assert f"Refused {tmp_path / 'refused.xlsx'}: 1 error" in result.stderr
    assert "testshire.xlsx: not loaded: cannot open database" in result.stderr
    assert "Traceback" not in result.output + result.stderr


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


# 5. load's warnings heading goes with its warnings


def test_loads_warning_heading_and_warnings_share_stderr(tmp_path: Path) -> None:
    book = workbook(tmp_path, waivers=["NAT-PUBLIC-MEETNG", "HM-NOPE"])
    result = run("load", book, "--db", tmp_path / "audit.db")
    assert result.exit_code == 0, result.output
    assert "warnings:" not in result.stdout
    lines = result.stderr.splitlines()
    assert lines[0] == "  2 warnings:"
    assert [line.split(":")[0] for line in lines[1:]] == ["warning", "warning"]


# 6. Every --partnership checked before the first audit


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


# 8. --version


def test_version_comes_from_the_package_metadata() -> None:
    from importlib.metadata import version

    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"csp-audit {version('csp-audit')}\n"


def test_version_imports_no_heavy_library() -> None:
    import subprocess
    import sys

    probe = ("import sys; sys.argv = ['csp-audit', '--version']\n"
             "from csp_audit.cli.app import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "heavy = {'sqlmodel', 'sqlalchemy', 'openpyxl', 'jinja2', 'weasyprint', 'yaml'}\n"
             "print(sorted({m.split('.')[0] for m in sys.modules} & heavy), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.startswith("csp-audit ")
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr


# 9. Generated output is ignored by git


@pytest.mark.parametrize(("path", "ignored"), [
    ("demo/sefton-2024-25.html", True), ("demo/csp-audit.db", True),
    ("bench/data/p001-2024-25.xlsx", True), ("reports/sefton-2024-25.html", True),
    ("public/sefton-2024-25-public.html", True),
    ("reports/templates/report.html.j2", False), ("bench/results.json", False),
])
def test_generated_output_is_ignored_and_sources_are_not(path: str, ignored: bool) -> None:
    import shutil
    import subprocess

    root = Path(__file__).resolve().parent.parent.parent
    if shutil.which("git") is None or not (root / ".git").exists():
        pytest.skip("not a git checkout")
    done = subprocess.run(["git", "check-ignore", "-q", "--no-index", path], cwd=root,
                          timeout=30)
    assert done.returncode == (0 if ignored else 1), path


# 10. check's JSON shape, said where a user looks


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
