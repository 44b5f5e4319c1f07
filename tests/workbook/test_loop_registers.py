"""The loop registers as a person writes them (issue 15): Actions typed with the words
managers use, the Action plan sheet csp-audit wrote copied in and read back by rule id,
DHR recommendations pointing at DHR cases, and the template offering all three."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from support.builders import minimal_workbook_sheets, write_workbook

from csp_audit.workbook.template import write_template
from csp_audit.workbook.validate import validate_workbook

PLAN = ["Rule", "Title", "Area", "Status", "Reason", "Source", "Evidence", "Guidance",
        "Owner", "Action", "Due date", "Progress"]


def validated(tmp_path: Path, **sheets: list[list[object]]):
    book = minimal_workbook_sheets()
    book.update({name.replace("_", " "): rows for name, rows in sheets.items()})
    return validate_workbook(write_workbook(tmp_path / "book.xlsx", book))


def test_actions_read_with_managers_words(tmp_path: Path) -> None:
    result = validated(tmp_path, Actions=[
        ["Action ID", "Rule ID", "Action", "Owner", "Due", "Status", "Done"],
        ["ACT-1", "nat-isp", "Agree the protocol", "Chair", "30/06/2025", "In progress", None],
        ["ACT-2", None, "Refresh the website", "Comms lead", date(2024, 5, 1), "Completed",
         date(2024, 6, 1)],
        ["ACT-3", None, "Hold a summit", None, None, None, None]])
    assert result.ok, result.errors
    assert [(a.action_id, a.status, a.due) for a in result.records.actions] == [
        ("ACT-1", "in_progress", date(2025, 6, 30)), ("ACT-2", "done", date(2024, 5, 1)),
        ("ACT-3", "open", None)]
    assert result.records.row_counts["Actions"] == 3


def test_a_done_date_with_status_open_is_an_error_at_its_cell(tmp_path: Path) -> None:
    result = validated(tmp_path, Actions=[
        ["action_id", "action", "status", "done"], ["ACT-1", "Do it", "open", date(2024, 6, 1)]])
    (error,) = result.errors
    assert (error.sheet, error.cell) == ("Actions", "C2")
    assert error.message == "done is dated but status is open"


def test_the_action_plan_sheet_copied_in_is_read_back_by_rule_id(tmp_path: Path) -> None:
    result = validated(tmp_path, Action_plan=[
        PLAN,
        ["NAT-ISP", "t", "a", "Red", "r", "s", "e", "g", "Chair", "Sign it", "30/06/2025",
         "In progress"],
        ["HM-TOR-REVIEW", "t", "a", "Amber", "r", "s", "e", "g", None, None, None, None],
        [None, None, None, None, None, None, None, None, "Clerk", "Extra action", None, None]])
    assert result.ok, result.errors
    assert not result.warnings
    actions = result.records.actions
    assert [(a.action_id, a.rule_id, a.rating, a.status, a.owner) for a in actions] == [
        ("NAT-ISP", "NAT-ISP", "red", "in_progress", "Chair"),
        ("HM-TOR-REVIEW", "HM-TOR-REVIEW", "amber", "open", None),
        ("Action plan row 4", None, None, "open", "Clerk")]
    assert "actionplan" in result.records.partnership.registers


def test_a_rule_in_both_the_plan_and_actions_is_an_error(tmp_path: Path) -> None:
    result = validated(
        tmp_path, Actions=[["action_id", "action"], ["NAT-ISP", "Sign it"]],
        Action_plan=[PLAN, ["NAT-ISP", "t", "a", "Red", "r", "s", "e", "g", "Chair", "x",
                            None, None]])
    (error,) = result.errors
    assert error.sheet == "Action plan" and "rule 'NAT-ISP' has two actions" in error.message


def test_a_dhr_recommendation_must_name_a_dhr_case(tmp_path: Path) -> None:
    result = validated(tmp_path, DHR_recommendations=[
        ["case_ref", "number", "recommendation", "sector", "due"],
        ["dhr-2023-01", "1", "Train GPs", "NHS", date(2025, 2, 1)],
        ["DHR-1999-09", "2", "Audit referrals", "police", None]])
    (error,) = result.errors
    assert (error.sheet, error.cell, error.found) == ("DHR recommendations", "A3",
                                                      "DHR-1999-09")


def test_the_template_offers_the_loop_sheets_and_guides_them(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path)
    book = load_workbook(path)
    for name in ("Actions", "DHR recommendations", "Recommendations"):
        assert name in book.sheetnames
    assert "Action plan" not in book.sheetnames
    guide = "\n".join(str(c.value) for row in book["Guide"].iter_rows() for c in row
                      if c.value)
    assert "load with --actions" in guide
    example = tmp_path / "example.xlsx"
    write_template(example, example=True)
    assert validate_workbook(example).errors == []
