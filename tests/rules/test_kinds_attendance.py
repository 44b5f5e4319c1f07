"""Boundaries between statuses for the attendance and quorum kinds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from support.kinds import attended, meeting, partnership, ra_members, records, run

from csp_audit.model.records import Member, Place

END = date(2025, 3, 31)
ALL = ["Council", "Police", "Fire", "ICB", "Probation"]
DAYS = (date(2024, 6, 1), date(2024, 9, 1), date(2024, 12, 1), date(2025, 3, 1))


def test_public_meeting_attended_by_every_sector_is_green() -> None:
    recs = records(meetings=(meeting("P1", date(2024, 7, 3), "public"),),
                   attendance=attended("P1", ALL))
    outcome = run("public_meeting_attendance", {}, recs, END)
    assert outcome.status == "green"
    assert outcome.reason.endswith("had a senior attendee from every responsible authority "
                                   "sector.")


def test_public_meeting_where_one_sector_sent_no_senior_officer_is_amber() -> None:
    rows = attended("P1", ALL[:4]) + attended("P1", ["Probation"], "substitute", senior=False)
    recs = records(meetings=(meeting("P1", date(2024, 7, 3), "public"),), attendance=rows)
    outcome = run("public_meeting_attendance", {}, recs, END)
    assert outcome.status == "amber"
    assert outcome.reason == ("Public meeting P1 (3 July 2024) had no senior attendee from "
                              "probation.")
    assert run("public_meeting_attendance", {"senior": False}, recs, END).status == "green"


def test_public_meeting_seniority_unrecorded_is_amber_and_says_so() -> None:
    rows = attended("P1", ALL[:4]) + attended("P1", ["Probation"], senior=None)
    recs = records(meetings=(meeting("P1", date(2024, 7, 3), "public"),), attendance=rows)
    outcome = run("public_meeting_attendance", {}, recs, END)
    assert outcome.status == "amber" and "did not record whether" in outcome.reason


def test_no_public_meeting_amber_while_running_red_at_year_end() -> None:
    assert run("public_meeting_attendance", {}, records(), date(2024, 9, 1)).status == "amber"
    outcome = run("public_meeting_attendance", {}, records(), END)
    assert outcome.status == "red"
    (evidence,) = outcome.evidence
    assert (evidence.sheet, evidence.description) == ("Meetings",
                                                      "no public meeting in 2024-25 found")


def test_public_meeting_without_attendance_register_is_amber() -> None:
    recs = records(partnership=partnership(registers=frozenset()),
                   meetings=(meeting("P1", date(2024, 7, 3), "public"),))
    outcome = run("public_meeting_attendance", {}, recs, END)
    assert outcome.status == "amber" and "not supplied" in outcome.reason


def four_boards(probation_at: int) -> tuple:
    meetings = tuple(meeting(f"B{i}", d, row=2 + i) for i, d in enumerate(DAYS))
    rows: tuple = ()
    for i in range(4):
        rows += attended(f"B{i}", ALL[:4] + (["Probation"] if i < probation_at else []))
    return records(meetings=meetings, attendance=rows)


@pytest.mark.parametrize(("came", "status"), [(4, "green"), (2, "green"), (1, "amber"),
                                              (0, "red")])
def test_attendance_rate(came: int, status: str) -> None:
    outcome = run("attendance_rate", {}, four_boards(came), END)
    assert outcome.status == status
    if status != "green":
        assert f"Probation ({came} of 4)" in outcome.reason


@pytest.mark.parametrize(("came", "status"), [(4, "green"), (3, "green"), (2, "amber"),
                                              (1, "red"), (0, "red")])
def test_consecutive_absence(came: int, status: str) -> None:
    assert run("consecutive_absence", {"max": 3}, four_boards(came), END).status == status


def test_attendance_kinds_without_meetings_are_not_applicable() -> None:
    assert run("attendance_rate", {}, records(), END).status == "not_applicable"
    assert run("consecutive_absence", {}, records(), END).status == "not_applicable"


@pytest.mark.parametrize(("present", "status"), [(3, "green"), (2, "red")])
def test_quorum_of_responsible_authorities(present: int, status: str) -> None:
    recs = records(meetings=(meeting("B1", date(2024, 9, 9)),),
                   attendance=attended("B1", ALL[:present]))
    outcome = run("quorum", {"responsible_authorities": 3}, recs, END)
    assert outcome.status == status
    if status == "red":
        assert "B1 (9 September 2024) had 2 responsible authorities" in outcome.reason


def test_quorum_substitutes_count_and_recorded_answer_is_compared() -> None:
    rows = attended("B1", ALL[:2]) + attended("B1", ["Fire"], "substitute", senior=False)
    quorate = meeting("B1", date(2024, 9, 9), quorate=False)
    outcome = run("quorum", {"responsible_authorities": 3},
                  records(meetings=(quorate,), attendance=rows), END)
    assert outcome.status == "amber" and "record it as inquorate" in outcome.reason
    unrecorded = records(meetings=(meeting("B1", date(2024, 9, 9)),))
    assert run("quorum", {"responsible_authorities": 3}, unrecorded, END).status == "amber"


def test_quorum_of_statutory_partners_counts_voting_responsible_authorities() -> None:
    members = ra_members()[:4] + (replace(ra_members()[4], voting=False),)
    recs = records(members=members, meetings=(meeting("B1", date(2024, 9, 9)),),
                   attendance=attended("B1", ALL))
    assert run("quorum", {"statutory_partners": 4}, recs, END).status == "green"
    assert run("quorum", {"statutory_partners": 5}, recs, END).status == "red"


@pytest.mark.parametrize(("members", "present", "status"), [
    (8, 5, "green"), (8, 4, "red"), (7, 5, "green"), (7, 4, "red"),
])
def test_quorum_half_the_members_plus_one(members: int, present: int, status: str) -> None:
    people = tuple(Member(f"Org {i}", "co_opted", "other", Place("Members", 2 + i))
                   for i in range(members))
    officer = Member("Officer", "officer", "council", Place("Members", 40))
    recs = records(members=people + (officer,), meetings=(meeting("B1", date(2024, 9, 9)),),
                   attendance=attended("B1", [f"Org {i}" for i in range(present)]))
    assert run("quorum", {"fraction": 0.5, "plus": 1}, recs, END).status == status


def boards_with_gap(probation_at: set[int], unrecorded: set[int]) -> tuple:
    """Four boards; `unrecorded` have no attendance rows at all; Probation comes to
    `probation_at`, everyone else to every recorded board."""
    meetings = tuple(meeting(f"B{i}", d, row=2 + i) for i, d in enumerate(DAYS))
    rows: tuple = ()
    for i in range(4):
        if i not in unrecorded:
            rows += attended(f"B{i}", ALL[:4] + (["Probation"] if i in probation_at else []))
    return records(meetings=meetings, attendance=rows)


def test_attendance_rate_counts_a_board_without_a_register_as_missed_and_names_it() -> None:
    outcome = run("attendance_rate", {}, boards_with_gap({0, 2, 3}, {1}), END)
    assert outcome.status == "green"
    assert outcome.reason == ("Every responsible authority is recorded as represented at 50% "
                              "or more of the 4 board meetings in 2024-25, counting B1 (no "
                              "attendance recorded) as missed.")
    assert ("Board meeting B1 (1 September 2024): no attendance recorded"
            in [e.description for e in outcome.evidence])
    assert "Probation: represented at 3 of 4 (1 with no attendance recorded)" in [
        e.description for e in outcome.evidence]


def test_attendance_rate_short_only_if_the_unrecorded_board_was_missed_is_amber() -> None:
    outcome = run("attendance_rate", {}, boards_with_gap({0}, {3}), END)
    assert outcome.status == "amber"
    assert outcome.reason == ("Probation (1 of 4, 1 unrecorded) may have been represented at "
                              "fewer than 50% of board meetings in 2024-25; no attendance was "
                              "recorded for board meeting B3 (1 March 2025).")


def test_attendance_rate_never_seen_but_one_board_unrecorded_is_amber_not_red() -> None:
    outcome = run("attendance_rate", {}, boards_with_gap(set(), {3}), END)
    assert outcome.status == "amber"
    assert outcome.reason.startswith("Probation (0 of 4, 1 unrecorded) is recorded as "
                                     "represented at fewer than 50%")


def test_attendance_kinds_with_boards_but_no_register_at_all_are_amber() -> None:
    recs = boards_with_gap(set(), {0, 1, 2, 3})
    for name in ("attendance_rate", "consecutive_absence"):
        outcome = run(name, {}, recs, END)
        assert outcome.status == "amber", name
        assert outcome.reason.startswith("No attendance was recorded for board meeting B0 "
                                         "(1 June 2024), board meeting B1")
        assert len(outcome.evidence) == 4


def test_consecutive_absence_a_run_through_an_unrecorded_board_may_reach_the_limit() -> None:
    outcome = run("consecutive_absence", {"max": 3}, boards_with_gap({3}, {1}), END)
    assert outcome.status == "amber"
    assert outcome.reason == ("Probation may not have been represented at 3 consecutive board "
                              "meetings (B0, B1 and B2), as no attendance was recorded for "
                              "board meeting B1 (1 September 2024); the checklist counts 3 in "
                              "a row as too many.")
    cited = [e.description for e in outcome.evidence]
    assert cited == ["Board meeting B0 (1 June 2024): Probation not represented",
                     "Board meeting B1 (1 September 2024): no attendance recorded",
                     "Board meeting B2 (1 December 2024): Probation not represented"]


def test_consecutive_absence_names_an_unrecorded_board_whatever_the_status() -> None:
    red = run("consecutive_absence", {"max": 3}, boards_with_gap(set(), {3}), END)
    assert red.status == "red"
    assert red.reason.endswith("the checklist counts 3 in a row as too many; no attendance was "
                               "recorded for board meeting B3 (1 March 2025).")
    green = run("consecutive_absence", {"max": 3}, boards_with_gap({0, 2, 3}, {1}), END)
    assert green.status == "green" and "no attendance was recorded for board meeting B1" \
        in green.reason


def test_consecutive_absence_of_one_meeting_names_it_and_says_what_the_limit_means() -> None:
    """`max: 2` makes one missed meeting amber: "at 1 consecutive board meetings" was wrong
    in number and did not say the second in a row would be too many."""
    outcome = run("consecutive_absence", {"max": 2}, four_boards(3), END)
    assert outcome.status == "amber"
    assert outcome.reason == ("Probation was not represented at board meeting B3 (1 March "
                              "2025); one more would make 2 in a row, which the checklist "
                              "counts as too many.")
    red = run("consecutive_absence", {"max": 3}, four_boards(1), END)
    assert red.reason == ("Probation was not represented at 3 consecutive board meetings "
                          "(B1, B2 and B3); the checklist counts 3 in a row as too many.")


def test_public_meeting_with_no_register_asks_only_for_an_attendee_when_seniority_is_not_asked(
        ) -> None:
    recs = records(meetings=(meeting("P1", date(2024, 7, 3), "public"),))
    outcome = run("public_meeting_attendance", {"senior": False}, recs, END)
    assert outcome.reason == ("No attendance was recorded for public meeting P1 (3 July 2024), "
                              "so the workbook cannot show an attendee from every responsible "
                              "authority sector.")


def test_quorum_names_an_unrecorded_board_even_when_another_is_inquorate() -> None:
    recs = records(meetings=(meeting("B1", date(2024, 9, 9)),
                             meeting("B2", date(2024, 12, 9), row=3)),
                   attendance=attended("B1", ALL[:2]))
    outcome = run("quorum", {"responsible_authorities": 3}, recs, END)
    assert outcome.status == "red"
    assert outcome.reason.endswith("so it was inquorate; no attendance was recorded for board "
                                   "meeting B2 (9 December 2024), so its quorum cannot be "
                                   "checked.")


def test_public_meeting_with_no_register_says_so_rather_than_blaming_sectors() -> None:
    recs = records(meetings=(meeting("P1", date(2024, 7, 3), "public"),))
    outcome = run("public_meeting_attendance", {}, recs, END)
    assert outcome.status == "amber"
    assert outcome.reason == ("No attendance was recorded for public meeting P1 (3 July 2024), "
                              "so the workbook cannot show a senior attendee from every "
                              "responsible authority sector.")
    second = meeting("P2", date(2024, 11, 3), "public", row=3)
    rows = attended("P2", ALL[:4])
    outcome = run("public_meeting_attendance", {},
                  records(meetings=(recs.meetings[0], second), attendance=rows), END)
    assert outcome.reason == ("Public meeting P2 (3 November 2024) had no senior attendee "
                              "from probation; no attendance was recorded for public meeting "
                              "P1 (3 July 2024).")


POLICE_AUTHORITY = Member("Police Authority", "responsible_authority", "police_authority",
                          Place("Members", 9), voting=True)


def test_a_police_authority_is_not_counted_at_meetings_after_its_abolition() -> None:
    recs = replace(four_boards(4), members=ra_members() + (POLICE_AUTHORITY,))
    outcome = run("attendance_rate", {}, recs, END)
    assert outcome.status == "green", outcome.reason
    assert outcome.reason.endswith("in 2024-25 (Police Authority not counted at meetings from "
                                   "22 November 2012, when police authorities were "
                                   "abolished).")
    notes = [e.description for e in outcome.evidence if e.row == 9]
    assert notes == ["Police Authority: not counted at meetings from 22 November 2012, when "
                     "police authorities were abolished"]
    assert run("consecutive_absence", {}, recs, END).status == "green"


def test_a_police_authority_still_counts_at_meetings_before_its_abolition() -> None:
    autumn = (meeting("B1", date(2012, 6, 12)), meeting("B2", date(2012, 12, 11), row=3))
    recs = records(members=ra_members() + (POLICE_AUTHORITY,), meetings=autumn,
                   attendance=attended("B1", ALL) + attended("B2", ALL))
    outcome = run("attendance_rate", {}, recs, date(2013, 3, 31))
    assert outcome.status == "red"
    assert outcome.reason.startswith("Police Authority (0 of 1) is recorded as represented")


ESSEX_POLICE_AUTHORITY = replace(POLICE_AUTHORITY, organisation="Essex Police Authority")
SPANNING_ABOLITION = (date(2012, 10, 1), date(2012, 11, 22), date(2012, 12, 5), date(2013, 2, 5))
"""Board meetings of a year spanning 22 November 2012: the police authority counts at the
first only."""
ABOLITION_NOTE = ("(Essex Police Authority not counted at meetings from 22 November 2012, "
                  "when police authorities were abolished).")


def spanning_abolition(meeting_days: tuple[date, ...] = SPANNING_ABOLITION):
    boards = tuple(meeting(f"B{i}", day, row=2 + i) for i, day in enumerate(meeting_days))
    rows = tuple(row for board in boards for row in attended(board.meeting_id, ALL))
    return records(members=ra_members() + (ESSEX_POLICE_AUTHORITY,), meetings=boards,
                   attendance=rows)


@pytest.mark.parametrize(("kind", "params", "status", "cause"), [
    ("attendance_rate", {}, "red", "Essex Police Authority (0 of 1)"),
    ("consecutive_absence", {"max": 2}, "amber", "Essex Police Authority"),
    ("quorum", {"fraction": 1.0}, "red", "B0 (1 October 2012) had 5 members (of 6)"),
])
def test_a_year_spanning_the_abolition_says_when_the_police_authority_stopped_counting(
        kind: str, params: dict[str, object], status: str, cause: str) -> None:
    """Counted (and absent) at 1 October 2012, left out from 22 November 2012: the note must
    not say it was not counted at all, as it is why the finding is not green."""
    outcome = run(kind, params, spanning_abolition(), date(2013, 3, 31))
    assert outcome.status == status, outcome.reason
    assert cause in outcome.reason.removesuffix(ABOLITION_NOTE)
    assert outcome.reason.endswith(ABOLITION_NOTE), outcome.reason
    assert "sector was abolished" not in outcome.reason


def test_no_abolition_note_when_every_meeting_came_before_the_abolition() -> None:
    outcome = run("attendance_rate", {}, spanning_abolition(SPANNING_ABOLITION[:1]),
                  date(2013, 3, 31))
    assert outcome.status == "red"
    assert "not counted" not in outcome.reason


def test_a_police_authority_does_not_raise_a_fraction_of_the_membership_quorum() -> None:
    people = tuple(Member(f"Org {i}", "co_opted", "other", Place("Members", 2 + i))
                   for i in range(8))
    recs = records(members=people + (POLICE_AUTHORITY,),
                   meetings=(meeting("B1", date(2024, 9, 9)),),
                   attendance=attended("B1", [f"Org {i}" for i in range(5)]))
    outcome = run("quorum", {"fraction": 0.5, "plus": 1}, recs, END)
    assert outcome.status == "green", outcome.reason
    assert "5 members (of 8) represented, 5 needed" in outcome.evidence[0].description
    assert "(Police Authority not counted at meetings from 22 November 2012" in outcome.reason
