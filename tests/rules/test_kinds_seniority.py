"""Boundaries of senior_attendance (a senior attendee or a substitute with delegated
authority) and chair_from (the chair's organisation, role, sector and seniority)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from support.kinds import attended, meeting, partnership, ra_members, records, run

END = date(2025, 3, 31)
ALL = ["Council", "Police", "Fire", "ICB", "Probation"]


def test_senior_attendance_green_when_every_attendee_is_senior() -> None:
    recs = records(meetings=(meeting("B1", date(2024, 6, 1)),), attendance=attended("B1", ALL))
    outcome = run("senior_attendance", {}, recs, END)
    assert outcome.status == "green"
    assert "senior attendee or a substitute with delegated authority" in outcome.reason


def test_a_substitute_counts_only_when_recorded_with_delegated_authority() -> None:
    boards = (meeting("B1", date(2024, 6, 1)), meeting("B2", date(2024, 9, 1), row=3))
    delegated = attended("B1", ALL) + attended("B2", ALL[:4]) + attended(
        "B2", ["Probation"], "substitute", senior=True)
    assert run("senior_attendance", {}, records(meetings=boards, attendance=delegated),
               END).status == "green"
    junior = attended("B1", ALL) + attended("B2", ALL[:4]) + attended(
        "B2", ["Probation"], "substitute", senior=False)
    outcome = run("senior_attendance", {}, records(meetings=boards, attendance=junior), END)
    assert outcome.status == "amber"
    assert "Probation at B2 (substitute)" in outcome.reason


def test_senior_attendance_red_when_more_than_half_the_meetings_fall_short() -> None:
    boards = (meeting("B1", date(2024, 6, 1)), meeting("B2", date(2024, 9, 1), row=3))
    rows = attended("B1", ALL, senior=False) + attended("B2", ALL, senior=False)
    assert run("senior_attendance", {}, records(meetings=boards, attendance=rows),
               END).status == "red"


def test_senior_attendance_unrecorded_seniority_is_amber() -> None:
    rows = attended("B1", ALL[:4]) + attended("B1", ["Probation"], senior=None)
    outcome = run("senior_attendance", {}, records(
        meetings=(meeting("B1", date(2024, 6, 1)),), attendance=rows), END)
    assert outcome.status == "amber" and "does not record whether" in outcome.reason


def test_senior_attendance_a_meeting_with_no_register_is_amber_and_named() -> None:
    boards = (meeting("B1", date(2024, 6, 1)), meeting("B2", date(2024, 9, 1), row=3))
    outcome = run("senior_attendance", {}, records(meetings=boards,
                                                   attendance=attended("B1", ALL)), END)
    assert outcome.status == "amber"
    assert "no attendance was recorded for board meeting B2" in outcome.reason
    none = run("senior_attendance", {}, records(meetings=boards), END)
    assert none.status == "amber" and "cannot show who represented" in none.reason


def test_senior_attendance_absent_members_are_not_its_business_and_no_meeting_na() -> None:
    recs = records(meetings=(meeting("B1", date(2024, 6, 1)),),
                   attendance=attended("B1", ALL[:2]) + attended("B1", ALL[2:], "apologies"))
    assert run("senior_attendance", {}, recs, END).status == "green"
    assert run("senior_attendance", {}, records(), END).status == "not_applicable"
    no_sheet = records(partnership=partnership(registers=frozenset()),
                       meetings=(meeting("B1", date(2024, 6, 1)),))
    assert "not supplied" in run("senior_attendance", {}, no_sheet, END).reason


CHIEF = {"roles": ["responsible_authority"], "senior": True}


def test_chair_from_green_for_a_senior_responsible_authority() -> None:
    recs = records(meetings=(meeting("B1", date(2024, 6, 1), chair="Police"),))
    outcome = run("chair_from", CHIEF, recs, END)
    assert outcome.status == "green"
    assert outcome.reason == ("The chair of board meeting B1 (1 June 2024) was a senior "
                              "representative of a responsible authority.")


def test_chair_from_the_wrong_sector_or_a_junior_member_fails() -> None:
    boards = (meeting("B1", date(2024, 6, 1), chair="Council"),
              meeting("B2", date(2024, 9, 1), row=3, chair="Police"))
    outcome = run("chair_from", {"sectors": ["police"]}, records(meetings=boards), END)
    assert outcome.status == "amber"
    assert "B1 (Council, which is not of the police sector)" in outcome.reason
    members = tuple(replace(m, senior=False) for m in ra_members())
    assert run("chair_from", CHIEF, records(members=members, meetings=boards),
               END).status == "red"


def test_chair_from_a_blank_chair_is_amber_and_vice_chair_reads_its_own_column() -> None:
    recs = records(meetings=(meeting("B1", date(2024, 6, 1), chair="Police"),))
    outcome = run("chair_from", {"office": "vice_chair", "sectors": ["council"]}, recs, END)
    assert outcome.status == "amber" and "vice-chair's organisation" in outcome.reason
    recs = records(meetings=(meeting("B1", date(2024, 6, 1), vice_chair="Council"),))
    assert run("chair_from", {"office": "vice_chair", "sectors": ["council"]}, recs,
               END).status == "green"


def test_chair_from_named_organisation_and_no_meeting() -> None:
    recs = records(meetings=(meeting("B1", date(2024, 6, 1), chair="Fire"),))
    assert run("chair_from", {"organisation": "police"}, recs, END).status == "red"
    assert run("chair_from", {}, records(), END).status == "not_applicable"
