"""Close the loop (issue 15): this year's action plan, filled in by the manager, loaded
with next year's workbook, shows in next year's report as actions done, open and overdue.
The whole round trip goes through the files a manager edits."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from support.commands import run, workbook

PLAN_HEADERS = ("Rule", "Owner", "Action", "Due date", "Progress")


def fill_in(plan: Path, answers: dict[str, tuple[str, str, date, str]]) -> list[str]:
    """Write Owner, Action, Due date and Progress into the rows of `answers`' rule ids, as a
    manager does in Excel; the rule ids of the plan, in order."""
    book = load_workbook(plan)
    sheet = book["Action plan"]
    columns = {cell.value: cell.column for cell in sheet[1]}
    rules = []
    for row in range(2, sheet.max_row + 1):
        rule = sheet.cell(row=row, column=columns["Rule"]).value
        if not rule:
            continue
        rules.append(rule)
        if rule in answers:
            owner, action, due, progress = answers[rule]
            sheet.cell(row=row, column=columns["Owner"]).value = owner
            sheet.cell(row=row, column=columns["Action"]).value = action
            sheet.cell(row=row, column=columns["Due date"]).value = due
            sheet.cell(row=row, column=columns["Progress"]).value = progress
    book.save(plan)
    return rules


def test_a_filled_in_plan_shows_next_year_as_done_open_and_overdue(tmp_path: Path) -> None:
    db = str(tmp_path / "audit.db")
    this_year = workbook(tmp_path / "2024", checklist="national")
    assert run("load", this_year, "--db", db).exit_code == 0
    assert run("check", "--db", db, "--partnership", "testshire", "--year", "2024-25",
               "--fail-on", "never").exit_code == 0
    made = run("report", "--db", db, "--partnership", "testshire", "--year", "2024-25",
               "--format", "xlsx", "--out", tmp_path / "reports")
    assert made.exit_code == 0, made.output
    plan = tmp_path / "reports" / "testshire-2024-25.xlsx"
    rules = fill_in(plan, {})
    done_rule, open_rule, late_rule, blank_rule = rules[:4]
    fill_in(plan, {
        done_rule: ("Community Safety Manager", "Publish it", date(2025, 6, 30), "Done"),
        open_rule: ("Chair", "Agree it at the board", date(2026, 6, 30), "In progress"),
        late_rule: ("Head of Service", "Write the procedure", date(2025, 7, 31),
                    "Not started"),
    })

    next_year = workbook(tmp_path / "2025", checklist="national")
    loaded = run("load", next_year, "--actions", plan, "--db", db)
    assert loaded.exit_code == 0, loaded.output
    assert "Action plan" in loaded.output
    assert run("check", "--db", db, "--partnership", "testshire", "--year", "2025-26",
               "--fail-on", "never").exit_code == 0
    out = tmp_path / "next"
    made = run("report", "--db", db, "--partnership", "testshire", "--year", "2025-26",
               "--format", "md,html,json", "--out", out)
    assert made.exit_code == 0, made.output
    markdown = (out / "testshire-2025-26.md").read_text("utf-8")
    section = markdown.split("\n## Actions\n", 1)[1].split("\n## ", 1)[0]
    summary = f"{len(rules) - 1} open, of which 1 overdue; 1 done this year."
    assert section.startswith(f"\n{summary}\n")
    assert f"<p>{summary}</p>" in (out / "testshire-2025-26.html").read_text("utf-8")
    overdue = section.split("### Overdue\n", 1)[1].split("###", 1)[0]
    assert overdue.strip() == (f"- {late_rule}: Write the procedure ({late_rule}; Head of "
                               "Service; due 31 July 2025; open)")
    done = section.split("### Done this year\n", 1)[1].split("###", 1)[0]
    assert done.strip() == (f"- {done_rule}: Publish it ({done_rule}; Community Safety "
                            "Manager; due 30 June 2025; done)")
    still_open = section.split("### Open\n", 1)[1].split("###", 1)[0]
    assert f"- {open_rule}: Agree it at the board ({open_rule}; Chair; due 30 June 2026; " \
        "in progress)" in still_open
    assert f"- {blank_rule} ({blank_rule}; no owner; due not set; open)" in still_open
    assert len([line for line in still_open.splitlines() if line.startswith("- ")]) == (
        len(rules) - 1)
    assert f"rated red or amber in the audit compared with, 1 is done: {done_rule}." in (
        markdown)
    document = json.loads((out / "testshire-2025-26.json").read_text("utf-8"))
    (followed,) = [f for f in document["findings"] if f["rule_id"] == "HM-ACTIONS-FOLLOWED"]
    assert followed["status"] == "red"
    assert "more than 90 days overdue" in followed["reason"]
    assert '<h2 id="actions">Actions</h2>' in (out / "testshire-2025-26.html").read_text()


def test_a_plan_without_its_sheet_is_refused_naming_the_file(tmp_path: Path) -> None:
    db = tmp_path / "audit.db"
    other = workbook(tmp_path / "other")
    result = run("load", workbook(tmp_path), "--actions", other, "--db", db)
    assert result.exit_code == 2
    assert f"{other}" in result.output and "no Action plan sheet" in result.output
    assert not db.exists()


def test_actions_goes_with_one_workbook(tmp_path: Path) -> None:
    first, second = workbook(tmp_path / "a"), workbook(tmp_path / "b", code="other")
    result = run("load", first, second, "--actions", first, "--db", tmp_path / "audit.db")
    assert result.exit_code == 2
    assert "--actions goes with one workbook" in result.output
