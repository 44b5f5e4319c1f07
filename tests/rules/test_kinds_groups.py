"""Boundaries of the sub-group kinds (group_meetings, group_reports, group_documents) and
of the reporting-on kinds (reports_in_year, document_order)."""

from __future__ import annotations

from datetime import date

from support.kinds import meeting, partnership, records, run

from csp_audit.model.records import AgendaItem, Document, Place, SentReport

END = date(2025, 3, 31)
QUARTERS = (date(2024, 5, 1), date(2024, 8, 1), date(2024, 11, 1), date(2025, 2, 1))


def group_meetings_of(group: str, days: tuple[date, ...], first_row: int = 2) -> tuple:
    return tuple(meeting(f"{group[0]}{n}", day, "task_group", row=first_row + n, group=group)
                 for n, day in enumerate(days))


def test_group_meetings_per_quarter_green_then_red_for_a_missed_quarter() -> None:
    both = group_meetings_of("Youth", QUARTERS) + group_meetings_of("Drugs", QUARTERS, 10)
    outcome = run("group_meetings", {"per": "quarter"}, records(meetings=both), END)
    assert outcome.status == "green" and "(Drugs and Youth)" in outcome.reason
    short = group_meetings_of("Youth", QUARTERS) + group_meetings_of("Drugs", QUARTERS[:3], 10)
    outcome = run("group_meetings", {"per": "quarter"}, records(meetings=short), END)
    assert outcome.status == "red" and "Drugs (0 in quarter 4)" in outcome.reason


def test_group_meetings_the_running_quarter_is_amber_until_it_ends() -> None:
    recs = records(meetings=group_meetings_of("Youth", QUARTERS[:3]))
    assert run("group_meetings", {"per": "quarter"}, recs, date(2025, 3, 30)).status == "amber"
    assert run("group_meetings", {"per": "quarter"}, recs, END).status == "red"


def test_group_meetings_exactly_at_the_count_and_names_compare_loosely() -> None:
    recs = records(meetings=group_meetings_of("Youth  group", QUARTERS[:3]))
    params = {"groups": ["youth group"], "min": 3}
    assert run("group_meetings", params, recs, END).status == "green"
    assert run("group_meetings", {**params, "min": 4}, recs, END).status == "red"


def test_group_meetings_with_no_group_named_is_amber() -> None:
    recs = records(meetings=(meeting("T1", date(2024, 5, 1), "task_group"),))
    outcome = run("group_meetings", {}, recs, END)
    assert outcome.status == "amber" and "names its group" in outcome.reason


def item(meeting_id: str, group: str | None, topic: str | None = "performance",
         row: int = 2, decision: bool | None = None) -> AgendaItem:
    return AgendaItem(meeting_id, Place("Agenda", row), "Report", topic, group=group,
                      decision=decision)


def test_group_reports_each_group_at_the_count() -> None:
    boards = tuple(meeting(f"B{n}", day, row=20 + n) for n, day in enumerate(QUARTERS))
    groups = group_meetings_of("Youth", QUARTERS[:1]) + group_meetings_of("Drugs", QUARTERS[:1],
                                                                          10)
    agenda = tuple(item(f"B{n}", "Youth", row=2 + n) for n in range(3)) + tuple(
        item(f"B{n}", "Drugs", row=10 + n) for n in range(2))
    recs = records(meetings=boards + groups, agenda=agenda)
    outcome = run("group_reports", {"min_meetings": 3, "topic": "performance"}, recs, END)
    assert outcome.status == "red" and "Drugs (2)" in outcome.reason
    assert run("group_reports", {"min_meetings": 2}, recs, END).status == "green"
    assert run("group_reports", {"min_meetings": 3}, recs, date(2025, 3, 1)).status == "amber"


def test_group_reports_a_performance_item_without_the_group_does_not_count() -> None:
    """RIC-TASK-GROUP-REPORTS' misreading: any performance item used to count."""
    boards = tuple(meeting(f"B{n}", day, row=20 + n) for n, day in enumerate(QUARTERS))
    agenda = tuple(item(f"B{n}", None, row=2 + n) for n in range(4))
    recs = records(meetings=boards + group_meetings_of("Youth", QUARTERS[:1]), agenda=agenda)
    assert run("group_reports", {"min_meetings": 3}, recs, END).status == "red"
    no_sheet = records(partnership=partnership(registers=frozenset()), meetings=boards)
    assert "not supplied" in run("group_reports", {}, no_sheet, END).reason


def document(document_id: str, kind: str, group: str | None = None, **dates: date) -> Document:
    return Document(document_id, kind, Place("Documents", 2), group=group, **dates)


def test_group_documents_each_group_has_its_own() -> None:
    recs = records(meetings=group_meetings_of("Youth", QUARTERS[:1])
                   + group_meetings_of("Drugs", QUARTERS[:1], 10),
                   documents=(document("T1", "terms_of_reference", "youth",
                                       approved=date(2019, 1, 1)),
                              document("T0", "terms_of_reference", approved=date(2024, 1, 1))))
    outcome = run("group_documents", {"kind": "terms_of_reference"}, recs, END)
    assert outcome.status == "red" and "for Drugs" in outcome.reason
    assert run("group_documents", {"kind": "terms_of_reference", "groups": ["Youth"]}, recs,
               END).status == "green"


def test_group_documents_approved_the_day_after_as_of_does_not_count() -> None:
    recs = records(meetings=group_meetings_of("Youth", QUARTERS[:1]),
                   documents=(document("A1", "action_plan", "Youth", approved=END),))
    assert run("group_documents", {"kind": "action_plan"}, recs, END).status == "green"
    assert run("group_documents", {"kind": "action_plan"}, recs,
               date(2025, 3, 30)).status == "red"


def sent(day: date, to: str, what: str = "minutes", row: int = 2) -> SentReport:
    return SentReport(day, to, Place("Reports", row), what=what)


LSP = {"to": [{"name": "Local Strategic Partnership", "also": ["LSP"]}]}


def test_reports_in_year_exactly_at_the_count_and_a_successor_name_counts() -> None:
    reports = (sent(date(2024, 7, 1), "Thurrock LSP"),
               sent(date(2025, 1, 1), "Local Strategic Partnership board", row=3))
    assert run("reports_in_year", {**LSP, "min": 2}, records(reports=reports),
               END).status == "green"
    outcome = run("reports_in_year", {**LSP, "min": 3}, records(reports=reports), END)
    assert outcome.status == "red" and "Local Strategic Partnership (2)" in outcome.reason


def test_reports_in_year_a_report_a_day_before_the_year_does_not_count() -> None:
    reports = (sent(date(2024, 3, 31), "LSP"), sent(date(2024, 4, 1), "LSP", row=3))
    assert run("reports_in_year", {**LSP, "min": 2}, records(reports=reports),
               END).status == "red"
    assert run("reports_in_year", {**LSP, "min": 1}, records(reports=reports),
               END).status == "green"


def test_reports_in_year_one_per_meeting_and_the_what_filter() -> None:
    boards = (meeting("B1", date(2024, 6, 1)), meeting("B2", date(2024, 9, 1), row=3))
    reports = (sent(date(2024, 6, 20), "LSP"), sent(date(2024, 9, 20), "LSP", "plan", row=3))
    params = {**LSP, "each_meeting_of": "board", "what": "minutes"}
    outcome = run("reports_in_year", params, records(meetings=boards, reports=reports), END)
    assert outcome.status == "red" and "one for each of the 2 board meetings" in outcome.reason
    assert run("reports_in_year", params, records(meetings=boards, reports=reports),
               date(2024, 10, 1)).status == "amber"


def test_reports_in_year_without_the_register_is_amber() -> None:
    recs = records(partnership=partnership(registers=frozenset()))
    outcome = run("reports_in_year", LSP, recs, END)
    assert outcome.status == "amber" and "Reports register was not supplied" in outcome.reason


def test_document_order_same_day_is_green_a_day_before_is_red() -> None:
    sa = document("SA", "strategic_assessment", approved=date(2024, 6, 1))
    same = document("PP", "partnership_plan", approved=date(2024, 6, 1))
    outcome = run("document_order", {}, records(documents=(sa, same)), END)
    assert outcome.status == "green" and "on or after strategic assessment SA" in outcome.reason
    before = document("PP", "partnership_plan", approved=date(2024, 5, 31))
    assert run("document_order", {}, records(documents=(sa, before)), END).status == "red"
    assert run("document_order", {}, records(documents=(sa, before)),
               date(2024, 12, 1)).status == "amber"
    reviewed = document("PP", "partnership_plan", approved=date(2023, 5, 1),
                        reviewed=date(2024, 6, 2))
    assert run("document_order", {}, records(documents=(sa, reviewed)), END).status == "green"


def test_document_order_without_the_years_assessment_is_amber() -> None:
    old = document("SA", "strategic_assessment", approved=date(2024, 3, 31))
    outcome = run("document_order", {}, records(documents=(old,)), END)
    assert outcome.status == "amber" and "No strategic assessment is dated" in outcome.reason
