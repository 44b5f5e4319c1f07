"""A police authority still on the Members sheet (abolished 22 November 2012, replaced by
police and crime commissioners) must not make a shipped attendance or quorum rule red: it
cannot attend, so it is neither absent nor part of the membership a quorum counts.
NAT-RA-MEMBERSHIP is the rule that tells the partnership to take it off the sheet."""

from __future__ import annotations

from datetime import date

import pytest
from support.kinds import attended, meeting, records, run

from csp_audit.model.records import Member, Place
from csp_audit.rules.checklists import Library

CURRENT = (("Council", "council"), ("Police", "police"), ("Fire", "fire"), ("ICB", "health"))
ABOLISHED = Member("Police Authority", "responsible_authority", "police_authority",
                   Place("Members", 9), voting=True, senior=True)
DAYS = (date(2024, 6, 12), date(2024, 9, 11), date(2024, 12, 11), date(2025, 3, 12))


def partnership_records(with_police_authority: bool):
    members = tuple(Member(org, "responsible_authority", sector, Place("Members", 2 + i),
                           voting=True, senior=True) for i, (org, sector) in enumerate(CURRENT))
    meetings = tuple(meeting(f"B-{i}", day, row=2 + i) for i, day in enumerate(DAYS))
    attendance = []
    for i, _ in enumerate(DAYS):
        present = [org for org, _ in CURRENT] if i < 2 else ["Council", "Police", "Fire"]
        attendance += attended(f"B-{i}", present)
    return records(members=members + ((ABOLISHED,) if with_police_authority else ()),
                   meetings=meetings, attendance=tuple(attendance))


COUNTS_EVERY_MEMBER = {"HM-RA-ATTENDANCE", "NEL-ABSENCE", "THU-QUORUM"}
"""Rules whose kind counts every listed member (a fraction quorum, an attendance rate, a
run of absences), which a listed police authority would change; quorums counting a fixed
number of authorities present are unaffected."""


def attendance_rules():
    library = Library()
    seeds = ["north-east-lincolnshire", "norfolk", "sefton", "richmond", "thurrock"]
    found = {}
    for seed in seeds:
        for rule in library.resolve([seed]).rules:
            if rule.kind in ("attendance_rate", "consecutive_absence", "quorum"):
                found[rule.id] = rule
    return [pytest.param(rule, id=rule.id) for rule in sorted(found.values(), key=lambda r: r.id)]


@pytest.mark.parametrize("rule", attendance_rules())
def test_a_listed_police_authority_changes_no_attendance_or_quorum_finding(rule) -> None:
    params = rule.params.model_dump(by_alias=True, exclude_unset=True)
    without = run(rule.kind, params, partnership_records(False), date(2025, 3, 31))
    listed = run(rule.kind, params, partnership_records(True), date(2025, 3, 31))
    assert (listed.status, rule.id) == (without.status, rule.id), listed.reason


def test_the_rules_counting_every_member_are_among_those_tested() -> None:
    assert {param.id for param in attendance_rules()} >= COUNTS_EVERY_MEMBER
