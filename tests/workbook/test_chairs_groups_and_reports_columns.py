"""The optional columns and sheet issue 14 added (who chairs, sub-groups, decisions, reports
to other bodies): read when present, checked against Members, kept through the database,
and a workbook without them loads exactly as before."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from support.builders import minimal_workbook_sheets, with_rows
from support.validation import run, texts

from csp_audit.store.connect import open_database
from csp_audit.store.records import ImportInfo, fetch_records, save_records


def with_new_columns() -> dict[str, list[list[object]]]:
    sheets = minimal_workbook_sheets()
    meetings = sheets["Meetings"]
    meetings[0] += ["Group", "Chair", "Vice chair", "Vice-chair elected", "Papers published"]
    for row in meetings[1:]:
        row += [None, "testshire police", "Testshire Council", "yes", date(2024, 6, 6)]
    with_rows(sheets, "Meetings", [["T-2024-09", date(2024, 9, 10), "Task and finish group"]
                                   + [None] * 8 + ["Youth Violence Group"]])
    agenda = sheets["Agenda"]
    agenda[0] += ["decision", "group"]
    for row in agenda[1:]:
        row += ["no", None]
    agenda.append(["B-2024-06", "Youth violence group report", "serious_violence", "no",
                   "yes", "Youth Violence Group"])
    sheets["Reports"] = [["Date", "To", "What", "Topic"],
                         [date(2024, 7, 15), "Health and Wellbeing Board",
                          "Annual report", "Performance"]]
    return sheets


def test_the_new_columns_and_the_reports_sheet_are_read(tmp_path: Path) -> None:
    result = run(tmp_path, with_new_columns())
    assert result.ok, texts(result, "error")
    records = result.records
    assert records is not None
    board = next(m for m in records.meetings if m.meeting_id == "B-2024-06")
    assert (board.chair, board.vice_chair, board.vice_chair_elected) == (
        "Testshire Police", "Testshire Council", True)
    assert board.papers_published == date(2024, 6, 6)
    group = next(m for m in records.meetings if m.meeting_id == "T-2024-09")
    assert (group.body, group.group) == ("task_group", "Youth Violence Group")
    item = next(i for i in records.agenda if i.group)
    assert (item.decision, item.group) == (True, "Youth Violence Group")
    (report,) = records.reports
    assert (report.date, report.sent_to, report.what, report.topic) == (
        date(2024, 7, 15), "Health and Wellbeing Board", "Annual report", "performance")
    assert records.has_register("reports")


def test_a_chair_not_on_the_members_sheet_is_an_error_at_its_cell(tmp_path: Path) -> None:
    sheets = with_new_columns()
    sheets["Meetings"][1][12] = "Testshire Constabulary"
    errors = texts(run(tmp_path, sheets), "error")
    assert any("Meetings!M2" in e and "chair is not in the Members sheet" in e
               and "Testshire Constabulary" in e for e in errors), errors


def test_a_report_without_its_body_is_an_error(tmp_path: Path) -> None:
    sheets = with_new_columns()
    sheets["Reports"].append([date(2024, 8, 1), None, "Minutes", None])
    errors = texts(run(tmp_path, sheets), "error")
    assert any("Reports!B3" in e for e in errors), errors


def test_a_workbook_without_them_loads_as_before(tmp_path: Path) -> None:
    result = run(tmp_path, minimal_workbook_sheets())
    assert result.ok and result.records is not None
    assert not result.records.reports and not result.records.has_register("reports")
    assert all(m.group is None and m.chair is None for m in result.records.meetings)
    assert all(i.decision is None for i in result.records.agenda)
    assert not texts(result, "warning") or all("Reports" not in w
                                               for w in texts(result, "warning"))


def test_the_new_records_round_trip_through_the_database(tmp_path: Path) -> None:
    records = run(tmp_path, with_new_columns()).records
    assert records is not None
    engine = open_database(f"sqlite:///{tmp_path / 'audit.db'}")
    try:
        save_records(engine, records, ImportInfo(file_name="book.xlsx", sha256="ab" * 32))
        assert fetch_records(engine, records.partnership.code) == records
    finally:
        engine.dispose()
