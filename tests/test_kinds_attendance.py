"""Boundaries between statuses for the attendance and quorum kinds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from csp_audit.records import Member, Place
from tests._kinds import attended, meeting, partnership, ra_members, records, run

END = date(2025, 3, 31)
ALL = ["Council", "Police", "Fire", "ICB", "Probation"]
DAYS = (date(2024, 6, 1), date(2024, 9, 1), date(2024, 12, 1), date(2025, 3, 1))


def test_public_meeting_attended_by_every_sector_is_green() -> None:
    recs = records(meetings=(meeting("P1", date(2024, 7, 3), "public"),),
                   attendance=attended("P1", ALL))
    assert run("public_meeting_attendance", {}, recs, END).status == "green"


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
    assert run("public_meeting_attendance", {}, records(), END).status == "red"


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
