"""Run csp-audit in-process, and the small workbooks and databases its command tests feed it.

Shared by the command-line tests in several folders, so that `workbook(tmp_path)` or
`check(db)` means the same wherever a test uses it.
"""

from __future__ import annotations

from pathlib import Path

from support.builders import minimal_workbook_sheets, write_workbook
from support.kinds import partnership, records
from typer.testing import CliRunner, Result

from csp_audit.cli.app import app
from csp_audit.store.connect import open_database
from csp_audit.store.records import ImportInfo, save_records

runner = CliRunner()


def run(*args: object) -> Result:
    """`csp-audit ARGS...`, each argument given as text (paths included)."""
    return runner.invoke(app, [str(arg) for arg in args])


def workbook(folder: Path, code: str = "testshire", year_start: str = "01-04",
             name: str | None = None, checklist: str = "national",
             waivers: list[str] | None = None) -> Path:
    """The minimal valid workbook at `folder/<code>.xlsx` (or `folder/name`): partnership
    `code`, its year starting `year_start` (DD-MM), naming `checklist`, and waiving `waivers`
    (rule ids; None keeps the builders' one waiver)."""
    sheets = minimal_workbook_sheets()
    for row in sheets["Partnership"]:
        if row[0] == "code":
            row[1] = code
        if row[0] == "year_start":
            row[1] = year_start
        if row[0] == "checklist":
            row[1] = checklist
    if waivers is not None:
        header, *rows = sheets["Waivers"]
        sheets["Waivers"] = [header] + [[rule_id, *rows[0][1:]] for rule_id in waivers]
    return write_workbook(folder / (name or f"{code}.xlsx"), sheets)


def refused_workbook(folder: Path) -> Path:
    """`folder/refused.xlsx`: the minimal workbook with one error (a date that does not
    exist), so load and audit refuse it."""
    sheets = minimal_workbook_sheets()
    sheets["Meetings"][1][1] = "31/02/2024"
    return write_workbook(folder / "refused.xlsx", sheets)


def database(path: Path, *parts: tuple[str, dict[str, object]]) -> Path:
    """A SQLite file at `path` holding one partnership per (code, partnership fields)."""
    engine = open_database(str(path))
    for number, (code, fields) in enumerate(parts or (("testshire", {}),)):
        recs = records(partnership=partnership(code=code, name=f"{code.title()} CSP",
                                               **fields))
        save_records(engine, recs, ImportInfo(f"{code}.xlsx", str(number) * 64))
    engine.dispose()
    return path


def check(db: str, *extra: str, code: str = "testshire") -> Result:
    """`csp-audit check` of one partnership for 2024-25 that never fails on findings."""
    return runner.invoke(app, ["check", "--db", db, "--partnership", code, "--year",
                               "2024-25", "--fail-on", "never", *extra])
