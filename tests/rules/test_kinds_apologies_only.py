"""Every kind that reads attendance, under `attendance_recorded: apologies_only` (minutes
that name the people sending apologies, never who was present): a member with no row at a
meeting with rows was present; a body whose only rows are apologies or absences is not
known, since another of its people may have come (issue 11: the Haringey minutes of 29 July
2014 list three council apologies and elect a councillor co-chair)."""

from __future__ import annotations

from datetime import date

import pytest
from support.kinds import attended, meeting, partnership, records, run

from csp_audit.model.periods import period_containing
from csp_audit.model.records import PartnershipRecords
from csp_audit.rules.checklists import Rule
from csp_audit.rules.engine import run_rule
from csp_audit.rules.kinds import KINDS, Context
from csp_audit.rules.kinds.base import APOLOGIES_ONLY_NOTE

END = date(2025, 3, 31)
DAYS = (date(2024, 6, 1), date(2024, 9, 1), date(2024, 12, 1), date(2025, 3, 1))


def boards(apologies: dict[int, list[str]], status: str = "apologies",
           recorded: str = "apologies_only", **changes: object) -> PartnershipRecords:
    """Four boards; at board i the organisations in `apologies[i]` have a row of `status`
    (and nothing else); a board missing from `apologies` has no row at all."""
    meetings = tuple(meeting(f"B{i}", day, row=2 + i, **changes)
                     for i, day in enumerate(DAYS))
    rows: tuple = ()
    for i, organisations in apologies.items():
        rows += attended(f"B{i}", organisations, status)
    return records(partnership=partnership(attendance_recorded=recorded), meetings=meetings,
                   attendance=rows)


def test_a_rate_resting_on_apologies_is_may_have_been_amber_never_red() -> None:
    outcome = run("attendance_rate", {}, boards({i: ["Council"] for i in range(4)}), END)
    assert outcome.status == "amber"
    assert outcome.reason == ("Council (0 of 4; at 4 meetings only apologies are recorded for "
                              "it) may have been represented at fewer than 50% of board "
                              "meetings in 2024-25.")
    assert "Council: represented at 0 of 4 (at 4 meetings only apologies are recorded for " \
           "it)" in [e.description for e in outcome.evidence]
    everyone = boards({i: ["Council"] for i in range(4)}, recorded="everyone")
    assert run("attendance_rate", {}, everyone, END).status == "red"


@pytest.mark.parametrize(("apologised", "status"), [(2, "green"), (3, "amber")])
def test_a_rate_counts_a_meeting_without_its_row_as_present(apologised: int,
                                                            status: str) -> None:
    """Apologies at 2 of 4 boards, present at the others: 50%, green; at 3: amber."""
    recs = boards({i: ["Council"] if i < apologised else ["Police"] for i in range(4)})
    assert run("attendance_rate", {}, recs, END).status == status


def test_absences_are_said_as_absences() -> None:
    outcome = run("attendance_rate", {}, boards({i: ["Council"] for i in range(4)}, "absent"),
                  END)
    assert "at 4 meetings only absences are recorded for it" in outcome.reason


def test_a_run_of_apologies_may_reach_the_consecutive_limit_amber_never_red() -> None:
    recs = boards({0: ["Police"], 1: ["Police"], 2: ["Police"], 3: ["Council"]})
    outcome = run("consecutive_absence", {"max": 3}, recs, END)
    assert outcome.status == "amber"
    assert outcome.reason == ("Police may not have been represented at 3 consecutive board "
                              "meetings (B0, B1 and B2), as only apologies are recorded for it "
                              "at B0, B1 and B2; the checklist counts 3 in a row as too many.")
    assert [e.description for e in outcome.evidence][0] == (
        "Board meeting B0 (1 June 2024): only apologies recorded for Police")
    proven = boards({0: ["Police"], 1: ["Police"], 2: ["Police"], 3: ["Council"]},
                    recorded="everyone")
    assert run("consecutive_absence", {"max": 3}, proven, END).status == "red"


def test_consecutive_absence_is_green_when_the_apologies_are_not_in_a_row() -> None:
    recs = boards({0: ["Police"], 1: ["Council"], 2: ["Police"], 3: ["Council"]})
    assert run("consecutive_absence", {"max": 3}, recs, END).status == "green"


def public(rows: dict[int, list[str]], **changes: object) -> PartnershipRecords:
    recs = boards(rows, **changes)
    return records(partnership=recs.partnership, attendance=recs.attendance,
                   meetings=tuple(meeting(m.meeting_id, m.date, "public", m.place.row)
                                  for m in recs.meetings[:1]))


def test_a_public_meeting_with_only_apologies_from_a_sector_is_amber_and_says_so() -> None:
    outcome = run("public_meeting_attendance", {}, public({0: ["Police"]}), END)
    assert outcome.status == "amber"
    assert outcome.reason == "Public meeting B0 (1 June 2024) has only apologies recorded for " \
                             "police."
    each = run("public_meeting_attendance", {"each_authority": True}, public({0: ["Police"]}),
               END)
    assert each.status == "amber" and "has only apologies recorded for police" in each.reason


def test_a_public_meeting_with_apologies_from_another_body_only_is_green() -> None:
    recs = public({0: ["Mayor's office"]})
    assert run("public_meeting_attendance", {}, recs, END).status == "green"


def one_board(apologies: list[str], quorate: bool | None = None,
              recorded: str = "apologies_only") -> PartnershipRecords:
    return boards({0: apologies}, recorded=recorded, quorate=quorate)


@pytest.mark.parametrize(("needed", "status"), [(3, "green"), (4, "amber"), (6, "red")])
def test_a_quorum_hanging_on_apologies_is_not_known(needed: int, status: str) -> None:
    """Council and Police send apologies: 3 responsible authorities are present, 2 more not
    known. 3 needed: quorate; 4 or 5: not known; 6: short even if both came."""
    recs = one_board(["Council", "Police"])
    recs = PartnershipRecords(partnership=recs.partnership, members=recs.members,
                              meetings=recs.meetings[:1], attendance=recs.attendance)
    outcome = run("quorum", {"responsible_authorities": needed}, recs, END)
    assert outcome.status == status
    if status == "amber":
        assert outcome.reason == (
            "Board meeting B0 (1 June 2024) had 3 responsible authorities represented and 2 "
            "more with only apologies recorded, 4 needed, so whether it was quorate is not "
            "known.")
    if status == "red":
        assert "had 3 responsible authorities represented (and 2 more with only apologies " \
               "recorded), 6 needed" in outcome.reason


@pytest.mark.parametrize(("quorate", "status"), [(True, "green"), (False, "red")])
def test_the_minutes_settle_a_quorum_the_apologies_leave_open(quorate: bool,
                                                              status: str) -> None:
    recs = one_board(["Council", "Police"], quorate=quorate)
    recs = PartnershipRecords(partnership=recs.partnership, members=recs.members,
                              meetings=recs.meetings[:1], attendance=recs.attendance)
    outcome = run("quorum", {"responsible_authorities": 4}, recs, END)
    assert outcome.status == status
    if quorate:
        assert "B0 as its minutes record" in outcome.reason
    else:
        assert outcome.reason.startswith("The minutes of board meeting B0 (1 June 2024) record "
                                         "it as inquorate (3 responsible authorities")


def test_senior_attendance_does_not_name_a_body_recorded_only_by_its_apologies() -> None:
    outcome = run("senior_attendance", {}, boards({i: ["Council"] for i in range(4)}), END)
    assert outcome.status == "green", outcome.reason


def test_a_meeting_with_no_row_at_all_stays_unrecorded() -> None:
    outcome = run("attendance_rate", {}, boards({0: ["Council"], 1: ["Council"]}), END)
    assert outcome.status == "amber"
    assert "no attendance was recorded for board meeting B2 (1 December 2024) and board " \
           "meeting B3 (1 March 2025)" in outcome.reason


def test_every_reason_reading_such_a_sheet_says_how_it_records_attendance() -> None:
    recs = boards({i: ["Council"] for i in range(4)})
    context = Context(recs, period_containing(END, 4, 1), END)
    rule = Rule(id="T-RATE", title="Attendance", statutory=False, area="governance",
                sources=(), kind="attendance_rate", params=KINDS["attendance_rate"].params(),
                guidance="Come.", checklist="test")
    finding = run_rule(rule, context)
    assert finding.reason.endswith(APOLOGIES_ONLY_NOTE)
    assert "one whose only rows there are apologies or absences as not known" in finding.reason
