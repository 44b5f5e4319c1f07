"""`report` and `audit` never destroy the action plan a manager filled in: the Owner, Action,
Due date and Progress are carried over by rule id, or the command refuses (exit 2) unless
--force."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from support.commands import run, workbook
from support.libreoffice import resave_through_libreoffice

PLAN = "testshire-2024-25.xlsx"
AUDIT = ("--year", "2024-25", "--as-of", "2025-03-31", "--format", "xlsx")


def audit(folder: Path, out: Path, *extra: str):  # noqa: ANN201 - a typer Result
    return run("audit", workbook(folder), "--out", out, *AUDIT, *extra)


def plan_rows(path: Path) -> dict[str, list[object]]:
    sheet = load_workbook(path)["Action plan"]
    rows = {}
    for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if any(value is not None for value in row):
            rows[str(row[0]) if row[0] else f"row {number}"] = list(row)
    return rows


def fill_in(path: Path) -> str:
    """What a manager does: Owner, Action, Due date and Progress on the first rule, and an
    action of their own in a spare row; returns the first rule's id."""
    book = load_workbook(path)
    sheet = book["Action plan"]
    rule = str(sheet["A2"].value)
    sheet["I2"], sheet["J2"] = "Community Safety Manager", "Book the meeting"
    sheet["K2"], sheet["L2"] = datetime(2025, 6, 30), "In progress"
    spare = sheet.max_row + 1
    while sheet.cell(row=spare - 1, column=1).value is None:
        spare -= 1
    sheet.cell(row=spare, column=2, value="Our own action: refresh the web page")
    sheet.cell(row=spare, column=9, value="Comms officer")
    book.save(path)
    return rule


def test_rerunning_audit_carries_the_managers_entries_over_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    assert audit(tmp_path, out).exit_code == 1
    rule = fill_in(out / PLAN)
    again = audit(tmp_path, out)
    assert again.exit_code == 1, again.output
    assert "carried over the Owner, Action, Due date and Progress of 1 rule and 1 row a " \
           "person added" in again.stderr
    rows = plan_rows(out / PLAN)
    assert rows[rule][8:] == ["Community Safety Manager", "Book the meeting",
                              datetime(2025, 6, 30), "In progress"]
    added = [row for key, row in rows.items() if key.startswith("row ")]
    assert [(row[1], row[8]) for row in added] == [
        ("Our own action: refresh the web page", "Comms officer")]


def test_report_carries_over_a_plan_saved_by_libreoffice_calc(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    db = tmp_path / "audit.db"
    assert run("load", workbook(tmp_path), "--db", db).exit_code == 0
    report = ("report", "--partnership", "testshire", "--db", db, "--out", out, *AUDIT)
    assert run(*report).exit_code == 0
    rule = fill_in(out / PLAN)
    resave_through_libreoffice(out / PLAN)
    again = run(*report)
    assert again.exit_code == 0, again.output
    assert "carried over" in again.stderr
    assert plan_rows(out / PLAN)[rule][8:11] == [
        "Community Safety Manager", "Book the meeting", datetime(2025, 6, 30)]


def test_a_rule_now_green_keeps_its_row_and_entries(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    book = Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    sheet.append(["Rule", "Title", "Area", "Status", "Reason", "Source", "Evidence",
                  "Guidance", "Owner", "Action", "Due date", "Progress"])
    sheet.append(["NAT-ISP", None, None, None, None, None, None, None, "Chair", "Sign it",
                  date(2025, 1, 31), "Done"])
    sheet.append(["RETIRED-RULE", None, None, None, None, None, None, None, "Clerk", None,
                  None, "Done"])
    book.save(out / PLAN)
    result = audit(tmp_path, out)
    assert "of 2 rules" in result.stderr
    rows = plan_rows(out / PLAN)
    assert rows["NAT-ISP"][3] and rows["NAT-ISP"][8:] == ["Chair", "Sign it",
                                                         datetime(2025, 1, 31), "Done"]
    assert rows["RETIRED-RULE"][8] == "Clerk"


def test_a_file_that_is_not_an_action_plan_is_refused_unless_force(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    other = Workbook()
    other.active.title = "Budget"
    other.active["A1"] = "someone's budget"
    other.save(out / PLAN)
    before = (out / PLAN).read_bytes()
    refused = audit(tmp_path, out)
    assert refused.exit_code == 2
    assert "has no 'Action plan' sheet" in refused.stderr
    assert "pass --force to replace it" in refused.stderr
    assert "Traceback" not in refused.output
    assert (out / PLAN).read_bytes() == before
    assert [path.name for path in out.iterdir()] == [PLAN]
    forced = audit(tmp_path, out, "--force")
    assert forced.exit_code == 1, forced.output
    assert "Action plan" in load_workbook(out / PLAN).sheetnames


def test_an_untouched_plan_is_simply_rewritten(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    audit(tmp_path, out)
    first = (out / PLAN).read_bytes()
    again = audit(tmp_path, out)
    assert "carried over" not in again.stderr
    assert (out / PLAN).read_bytes() == first
