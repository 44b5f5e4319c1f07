"""Boundaries between statuses for the meeting and agenda kinds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from support.kinds import meeting, records, run

from csp_audit.model.records import AgendaItem, Place

END = date(2025, 3, 31)


def boards(*days: date, body: str = "board", **changes: object) -> tuple:
    return tuple(meeting(f"B{i}", d, body, 2 + i, **changes) for i, d in enumerate(days))


QUARTERLY = (date(2024, 6, 1), date(2024, 9, 1), date(2024, 12, 1), date(2025, 3, 1))


@pytest.mark.parametrize(("count", "as_of", "status"), [
    (4, END, "green"), (3, END, "amber"), (2, END, "red"), (2, date(2024, 12, 31), "amber"),
])
def test_meeting_count_per_year(count: int, as_of: date, status: str) -> None:
    recs = records(meetings=boards(*QUARTERLY[:count]))
    assert run("meeting_count", {"min": 4}, recs, as_of).status == status


def test_meeting_count_per_quarter() -> None:
    params = {"min": 1, "per": "quarter"}
    assert run("meeting_count", params, records(meetings=boards(*QUARTERLY)), END).status \
        == "green"
    gap = records(meetings=boards(*QUARTERLY[:1], *QUARTERLY[2:]))
    outcome = run("meeting_count", params, gap, END)
    assert outcome.status == "red" and "quarter 2 (July to September 2024)" in outcome.reason
    running = records(meetings=boards(*QUARTERLY[:2]))
    assert run("meeting_count", params, running, date(2024, 11, 15)).status == "amber"
    assert run("meeting_count", params, running, date(2024, 9, 30)).status == "green"
    assert run("meeting_count", params, running, date(2024, 12, 31)).status == "red"


def test_meetings_in_named_months() -> None:
    params = {"months": [6, 9, 12, 3]}
    assert run("meetings_in_months", params, records(meetings=boards(*QUARTERLY)),
               END).status == "green"
    moved = records(meetings=boards(date(2024, 6, 1), date(2024, 9, 1), date(2025, 1, 8),
                                    date(2025, 3, 1)))
    outcome = run("meetings_in_months", params, moved, END)
    assert outcome.status == "red" and "December 2024" in outcome.reason
    assert run("meetings_in_months", params, moved, date(2024, 12, 31)).status == "red"
    assert run("meetings_in_months", params, moved, date(2024, 12, 30)).status == "amber"


@pytest.mark.parametrize(("earlier", "status"), [
    (date(2024, 3, 31), "green"), (date(2024, 3, 30), "amber"), (date(2023, 12, 31), "amber"),
    (date(2023, 12, 30), "red"),
])
def test_max_gap_since_last_meeting(earlier: date, status: str) -> None:
    recs = records(meetings=boards(earlier, body="scrutiny"))
    assert run("max_gap", {"body": "scrutiny"}, recs, END).status == status


def test_max_gap_with_one_meeting_says_when_it_was_not_a_longest_gap() -> None:
    recs = records(meetings=boards(date(2025, 1, 22), body="scrutiny"))
    outcome = run("max_gap", {"body": "scrutiny"}, recs, END)
    assert outcome.status == "green"
    assert outcome.reason == ("The last scrutiny meeting was B0 on 22 January 2025, 2 months "
                              "and 9 days before 31 March 2025, within 12 months.")


def test_max_gap_between_meetings_and_none() -> None:
    recs = records(meetings=boards(date(2023, 5, 1), date(2024, 8, 1), date(2025, 2, 1),
                                   body="scrutiny"))
    outcome = run("max_gap", {"body": "scrutiny"}, recs, END)
    assert outcome.status == "amber" and "between B0 and B1" in outcome.reason
    assert run("max_gap", {"body": "scrutiny"}, records(), END).status == "red"


def test_max_gap_open_since_the_last_meeting_says_so_plainly() -> None:
    recs = records(meetings=boards(date(2023, 9, 1), date(2024, 3, 1), body="scrutiny"))
    outcome = run("max_gap", {"body": "scrutiny"}, recs, END)
    assert outcome.status == "amber"
    assert outcome.reason == (
        "No scrutiny meeting since B1 on 1 March 2024: the longest gap, 12 months and 30 days "
        "to the as-of date (31 March 2025); the checklist asks for no more than 12 months.")
    recs = records(meetings=boards(date(2024, 9, 1), date(2025, 1, 10), body="scrutiny"))
    assert run("max_gap", {"body": "scrutiny"}, recs, END).reason == (
        "The longest gap, between B0 and B1, is 4 months and 9 days, within 12 months.")


PAPERS = {"field": "papers_circulated", "direction": "before", "working_days": 5}


@pytest.mark.parametrize(("sent", "status"), [
    (date(2024, 5, 2), "green"),    # 5 working days before, across the 6 May bank holiday
    (date(2024, 5, 3), "red"),      # 4 working days before
    (None, "red"),
    (date(2024, 5, 13), "red"),     # on the day
])
def test_papers_five_working_days_before_one_meeting(sent: date | None, status: str) -> None:
    recs = records(meetings=boards(date(2024, 5, 13), papers_circulated=sent))
    outcome = run("circulation_deadline", PAPERS, recs, END)
    assert outcome.status == status
    if status == "red":
        assert "B0 (13 May 2024)" in outcome.reason


def test_papers_late_at_a_minority_of_meetings_is_amber() -> None:
    meetings = boards(date(2024, 6, 13), date(2024, 9, 12), date(2024, 12, 12),
                      papers_circulated=date(2024, 6, 1))
    meetings = (meetings[0], replace(meetings[1], papers_circulated=date(2024, 9, 1)),
                replace(meetings[2], papers_circulated=date(2024, 12, 10)))
    outcome = run("circulation_deadline", PAPERS, records(meetings=meetings), END)
    assert outcome.status == "amber"
    assert outcome.reason == ("Papers for board meeting B2 (12 December 2024) went out 1 "
                              "working day before; the checklist asks for them at least 5 "
                              "working days before.")


@pytest.mark.parametrize(("sent", "as_of", "status"), [
    (date(2024, 5, 29), END, "green"), (date(2024, 5, 30), END, "red"),
    (None, date(2024, 5, 29), "green"), (None, date(2024, 5, 30), "red"),
])
def test_minutes_within_ten_working_days(sent: date | None, as_of: date, status: str) -> None:
    recs = records(meetings=boards(date(2024, 5, 14), minutes_circulated=sent))
    params = {"field": "minutes_circulated", "direction": "after", "working_days": 10}
    outcome = run("circulation_deadline", params, recs, as_of)
    assert outcome.status == status
    if sent is not None:
        assert outcome.reason.endswith(
            "the checklist asks for them within 10 working days after." if status == "red"
            else "went out on time (within 10 working days after).")


def test_calendar_days_before_and_after() -> None:
    params = {"field": "papers_circulated", "direction": "before", "days": 7}
    on_time = records(meetings=boards(date(2024, 6, 13), papers_circulated=date(2024, 6, 6)))
    late = records(meetings=boards(date(2024, 6, 13), papers_circulated=date(2024, 6, 7)))
    assert run("circulation_deadline", params, on_time, END).status == "green"
    assert run("circulation_deadline", params, late, END).status == "red"
    assert run("circulation_deadline", params, records(), END).status == "not_applicable"


def agenda(meeting_id: str, topic: str, row: int) -> AgendaItem:
    return AgendaItem(meeting_id, Place("Agenda", row), topic, topic)


def test_agenda_topic_each_meeting() -> None:
    meetings = boards(*QUARTERLY)
    every = tuple(agenda(f"B{i}", "declarations_of_interest", i + 2) for i in range(4))
    params = {"topic": "declarations_of_interest"}
    assert run("agenda_topic_each_meeting", params,
               records(meetings=meetings, agenda=every), END).status == "green"
    outcome = run("agenda_topic_each_meeting", params,
                  records(meetings=meetings, agenda=every[1:]), END)
    assert outcome.status == "amber" and "B0" in outcome.reason
    assert run("agenda_topic_each_meeting", params,
               records(meetings=meetings, agenda=every[2:]), END).status == "amber"
    assert run("agenda_topic_each_meeting", params,
               records(meetings=meetings, agenda=every[3:]), END).status == "red"


def test_agenda_topic_only_when_another_topic_is_discussed() -> None:
    meetings = boards(*QUARTERLY)
    params = {"topic": "declarations_of_interest", "when_topic": "finance"}
    nothing = records(meetings=meetings, agenda=(agenda("B0", "prevent", 2),))
    assert run("agenda_topic_each_meeting", params, nothing, END).status == "green"
    finance = records(meetings=meetings, agenda=(agenda("B1", "finance", 2),))
    outcome = run("agenda_topic_each_meeting", params, finance, END)
    assert outcome.status == "red" and "B1" in outcome.reason


def test_agenda_topics_in_year() -> None:
    meetings = boards(*QUARTERLY)
    items = (agenda("B0", "prevent", 2), agenda("B1", "asb", 3))
    params = {"topics": ["prevent", "asb", "hate_crime"]}
    outcome = run("agenda_topics_in_year", params, records(meetings=meetings, agenda=items),
                  END)
    assert outcome.status == "red" and "hate crime" in outcome.reason
    assert run("agenda_topics_in_year", params, records(meetings=meetings, agenda=items),
               date(2024, 12, 1)).status == "amber"
    all_three = items + (agenda("B3", "hate_crime", 4),)
    assert run("agenda_topics_in_year", params, records(meetings=meetings, agenda=all_three),
               END).status == "green"


def test_agenda_topics_in_year_names_a_single_topic_in_plain_words() -> None:
    """One standing topic reads "Risk was on the agenda of a board meeting", not "Each
    standing topic (risk) was on an agenda"."""
    recs = records(meetings=boards(*QUARTERLY), agenda=(agenda("B1", "risk", 3),
                                                       agenda("B2", "risk", 4)))
    one = run("agenda_topics_in_year", {"body": "board", "topics": ["risk"]}, recs, END)
    assert one.reason == "Risk was on the agenda of a board meeting in 2024-25."
    twice = run("agenda_topics_in_year", {"topics": ["risk"], "min_meetings": 2}, recs, END)
    assert twice.reason == "Risk was on the agenda of 2 or more meetings in 2024-25."
    both = recs.agenda + (agenda("B3", "hate_crime", 5),)
    many = run("agenda_topics_in_year", {"topics": ["risk", "hate_crime"]},
               replace(recs, agenda=both), END)
    assert many.reason == ("Every standing topic (risk and hate crime) was on the agenda of a "
                           "meeting in 2024-25.")


def test_chair_election() -> None:
    may = records(meetings=boards(date(2024, 5, 9), chair_elected=True))
    june = records(meetings=boards(date(2024, 6, 9), chair_elected=True))
    assert run("chair_election", {"month": 5}, may, END).status == "green"
    assert run("chair_election", {"month": 5}, june, END).status == "amber"
    assert run("chair_election", {}, june, END).status == "green"
    none = records(meetings=boards(date(2024, 6, 9)))
    assert run("chair_election", {}, none, END).status == "red"
    assert run("chair_election", {}, none, date(2024, 7, 1)).status == "amber"


def test_meeting_field() -> None:
    params = {"body": "board", "field": "open_to_public"}
    meetings = boards(*QUARTERLY, open_to_public=True)
    assert run("meeting_field", params, records(meetings=meetings), END).status == "green"
    one_closed = (replace(meetings[0], open_to_public=False),) + meetings[1:]
    assert run("meeting_field", params, records(meetings=one_closed), END).status == "amber"
    closed = boards(*QUARTERLY, open_to_public=None)
    assert run("meeting_field", params, records(meetings=closed), END).status == "red"
    assert run("meeting_field", params, records(), END).status == "red"
    assert run("meeting_field", params, records(), date(2024, 5, 1)).status == "amber"
    graced = {**params, "field": "minutes_published", "grace_days": 30}
    recent = records(meetings=boards(date(2025, 3, 10)))
    assert run("meeting_field", graced, recent, END).status == "amber"


@pytest.mark.parametrize(("field", "green", "one_without"), [
    ("minutes_published", "Minutes of every board meeting in 2024-25 (4 meetings) are "
     "recorded as published.", "does not record its minutes as published."),
    ("open_to_public", "Every board meeting in 2024-25 (4 meetings) is recorded as open to "
     "the public.", "is not recorded as open to the public."),
    ("papers_circulated", "Papers for every board meeting in 2024-25 (4 meetings) are "
     "recorded as circulated.", "does not record its papers as circulated."),
])
def test_meeting_field_reads_naturally_for_each_field(field: str, green: str,
                                                      one_without: str) -> None:
    value = True if field == "open_to_public" else date(2025, 3, 20)
    meetings = boards(*QUARTERLY, **{field: value})
    assert run("meeting_field", {"field": field}, records(meetings=meetings), END).reason == green
    gap = (replace(meetings[0], **{field: None}),) + meetings[1:]
    reason = run("meeting_field", {"field": field}, records(meetings=gap), END).reason
    assert reason == f"Board meeting B0 (1 June 2024) {one_without}"
    none = run("meeting_field", {"field": field}, records(meetings=boards(*QUARTERLY)), END)
    assert none.reason.startswith("4 of 4 board meetings in 2024-25 ")
    assert "record minutes published" not in none.reason


def test_meeting_kinds_state_the_next_meeting_due() -> None:
    """What `due` lists: each named month's meeting by the month's last day, the year's
    count by its end, the running quarter by its end, the next gap-bound meeting 12 months
    after the last (all checked by hand)."""
    months = run("meetings_in_months", {"months": [6, 9, 12, 3]},
                 records(meetings=boards(date(2024, 6, 20))), date(2024, 10, 1))
    assert [(d.due, d.state, d.text) for d in months.deadlines] == [
        (date(2024, 6, 30), "met", "board meeting in June 2024"),
        (date(2024, 9, 30), "missed", "board meeting in September 2024"),
        (date(2024, 12, 31), "open", "board meeting in December 2024"),
        (date(2025, 3, 31), "open", "board meeting in March 2025")]
    count = run("meeting_count", {"min": 4}, records(meetings=boards(*QUARTERLY[:2])),
                date(2024, 12, 31))
    assert [(d.due, d.state, d.text) for d in count.deadlines] == [
        (END, "open", "board meetings: at least 4 in 2024-25")]
    assert run("meeting_count", {"min": 4}, records(meetings=boards(*QUARTERLY)),
               END).deadlines == ()
    quarter = run("meeting_count", {"min": 1, "per": "quarter"},
                  records(meetings=boards(*QUARTERLY[:2])), date(2024, 11, 15))
    assert [(d.due, d.state) for d in quarter.deadlines] == [(date(2024, 12, 31), "open")]
    gap = run("max_gap", {"body": "scrutiny"},
              records(meetings=boards(date(2024, 1, 23), body="scrutiny")), date(2025, 1, 1))
    assert [(d.due, d.state) for d in gap.deadlines] == [(date(2025, 1, 23), "open")]
    late = run("max_gap", {"body": "scrutiny"},
               records(meetings=boards(date(2024, 1, 23), body="scrutiny")), date(2025, 2, 1))
    assert [(d.due, d.state) for d in late.deadlines] == [(date(2025, 1, 23), "missed")]
