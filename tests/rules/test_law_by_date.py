"""The shipped national checklists rate each year by the law in force in it
(docs/legal-review.md rows 1, 11-13, 19): with dates on both sides of each change, the
responsible authorities (probation from 1 April 2010, police authorities until 21 November
2012), the Domestic Abuse Commissioner copy from 1 November 2021, the statutory membership
and skills duties only before June (England) or December (Wales) 2011, and a district's
county council counted as an authority of its own."""

from __future__ import annotations

from datetime import date

import pytest
from support.kinds import attended, meeting, partnership, records

from csp_audit.model.findings import Finding
from csp_audit.model.records import DhrCase, Document, Member, Place
from csp_audit.rules.checklists import Library
from csp_audit.rules.engine import run_audit

SECTORS_2007 = (("Council", "council"), ("Police", "police"),
                ("Police Authority", "police_authority"), ("Fire", "fire"), ("PCT", "health"),
                ("Probation", "probation"))


@pytest.fixture(scope="module")
def england():
    return Library().resolve(["national", "hallmarks"])


@pytest.fixture(scope="module")
def wales():
    return Library().resolve(["national-wales", "hallmarks"])


def members(names: tuple[tuple[str, str], ...] = SECTORS_2007, senior: bool = True
            ) -> tuple[Member, ...]:
    return tuple(Member(org, "responsible_authority", sector, Place("Members", 2 + i),
                        senior=senior) for i, (org, sector) in enumerate(names))


def finding(rules, rule_id: str, as_of: date, **parts) -> Finding:
    result = run_audit(records(**parts), rules, None, as_of, date(2026, 12, 6))
    (found,) = [f for f in result.findings if f.rule_id == rule_id]
    return found


def public_meeting(day: date, came: list[str]) -> dict:
    return {"meetings": (meeting("PUB-1", day, "public"),),
            "attendance": attended("PUB-1", came), "members": members()}


ALL_BUT_PROBATION = ["Council", "Police", "Police Authority", "Fire", "PCT"]


def test_probation_is_counted_at_the_public_meeting_from_1_april_2010(england) -> None:
    before = finding(england, "NAT-PUBLIC-MEETING", date(2010, 3, 31),
                     **public_meeting(date(2010, 3, 20), ALL_BUT_PROBATION))
    assert before.status == "green", before.reason
    on = finding(england, "NAT-PUBLIC-MEETING", date(2010, 4, 1),
                 **public_meeting(date(2010, 4, 1), ALL_BUT_PROBATION))
    assert on.status == "amber"
    assert "had no senior attendee from probation" in on.reason


def test_probation_signs_the_information_sharing_protocol_from_1_april_2010(england) -> None:
    isp = Document("ISP-1", "information_sharing_protocol", Place("Documents", 2),
                   approved=date(2009, 6, 1), signatories=tuple(ALL_BUT_PROBATION))
    before = finding(england, "NAT-ISP", date(2010, 3, 31), documents=(isp,),
                     members=members())
    assert before.status == "green", before.reason
    on = finding(england, "NAT-ISP", date(2010, 4, 1), documents=(isp,), members=members())
    assert on.status == "amber"
    assert "probation" in on.reason


ALL_BUT_POLICE_AUTHORITY = ["Council", "Police", "Fire", "PCT", "Probation"]


def test_the_police_authority_is_counted_until_21_november_2012(england) -> None:
    until = finding(england, "NAT-PUBLIC-MEETING", date(2012, 11, 21),
                    **public_meeting(date(2012, 11, 21), ALL_BUT_POLICE_AUTHORITY))
    assert until.status == "amber"
    assert "had no senior attendee from police authority" in until.reason
    after = finding(england, "NAT-PUBLIC-MEETING", date(2012, 11, 22),
                    **public_meeting(date(2012, 11, 22), ALL_BUT_POLICE_AUTHORITY))
    assert after.status == "green", after.reason


def test_membership_needs_a_police_authority_until_21_november_2012(england) -> None:
    today = tuple((org, sector) for org, sector in SECTORS_2007 if sector != "police_authority")
    until = finding(england, "NAT-RA-MEMBERSHIP", date(2012, 11, 21), members=members(today))
    assert until.status == "red" and "police authority sector" in until.reason
    after = finding(england, "NAT-RA-MEMBERSHIP", date(2012, 11, 22), members=members(today))
    assert after.status == "green", after.reason


def dhr(submitted: date, sent: date | None = None) -> DhrCase:
    return DhrCase("DHR-1", Place("DHR", 2), notified=date(2021, 1, 5), decision="commission",
                   decision_date=date(2021, 2, 1), submitted=submitted, sent_to_dac=sent)


def test_the_dac_copy_is_a_duty_from_1_november_2021(england) -> None:
    before = finding(england, "NAT-DHR-DAC-COPY", date(2021, 10, 31),
                     dhr_cases=(dhr(date(2021, 10, 30)),))
    assert before.status == "not_applicable"
    assert before.reason.startswith("This duty came into force on 1 November 2021")
    completed_before = finding(england, "NAT-DHR-DAC-COPY", date(2022, 1, 31),
                               dhr_cases=(dhr(date(2021, 10, 31)),))
    assert completed_before.status == "not_applicable", completed_before.reason
    unsent = finding(england, "NAT-DHR-DAC-COPY", date(2022, 1, 31),
                     dhr_cases=(dhr(date(2021, 11, 1)),))
    assert unsent.status == "amber"
    assert "Domestic Abuse Commissioner is not recorded" in unsent.reason
    assert "as soon as reasonably practicable" in unsent.reason
    assert "outstanding rather than late" in unsent.reason
    sent = finding(england, "NAT-DHR-DAC-COPY", date(2022, 1, 31),
                   dhr_cases=(dhr(date(2021, 11, 1), date(2021, 11, 20)),))
    assert sent.status == "green", sent.reason


def test_the_dac_copy_is_never_red_however_long_it_waits(england) -> None:
    late = finding(england, "NAT-DHR-DAC-COPY", date(2024, 3, 31),
                   dhr_cases=(dhr(date(2022, 1, 10)),))
    assert late.status == "amber" and late.rule_id == "NAT-DHR-DAC-COPY"
    assert late.statutory


def test_the_dac_copy_applies_in_wales_too(wales) -> None:
    unsent = finding(wales, "NAT-DHR-DAC-COPY", date(2022, 1, 31),
                     partnership=partnership(nation="Wales"),
                     dhr_cases=(dhr(date(2021, 11, 1)),))
    assert unsent.status == "amber"


def skills_meeting(day: date) -> dict:
    return {"meetings": (meeting("B-1", day),), "members": members()}


@pytest.mark.parametrize(("rules_name", "nation", "last_day", "first_day_after"), [
    ("england", "England", date(2011, 5, 31), date(2011, 6, 1)),
    ("wales", "Wales", date(2011, 12, 4), date(2011, 12, 5)),
])
def test_the_statutory_skills_review_and_membership_end_in_2011(
        request, rules_name: str, nation: str, last_day: date, first_day_after: date) -> None:
    rules = request.getfixturevalue(rules_name)
    where = partnership(nation=nation)
    for rule_id in ("NAT-SKILLS-REVIEW", "NAT-RA-MEMBERSHIP-2007"):
        last = finding(rules, rule_id, last_day, partnership=where, members=members())
        assert last.status != "not_applicable", (rule_id, last.reason)
        assert last.statutory
        after = finding(rules, rule_id, first_day_after, partnership=where, members=members())
        assert after.status == "not_applicable", rule_id
        assert after.reason.startswith("This duty ended on")
    good_practice = finding(rules, "NAT-RA-MEMBERSHIP", last_day, partnership=where,
                            members=members())
    assert good_practice.status == "not_applicable"
    now = finding(rules, "NAT-RA-MEMBERSHIP", first_day_after, partnership=where,
                  members=members())
    assert now.status != "not_applicable" and not now.statutory


def test_the_2007_membership_duty_wants_a_senior_member_of_each_authority(england) -> None:
    junior = finding(england, "NAT-RA-MEMBERSHIP-2007", date(2009, 3, 31),
                     members=members(senior=False))
    assert junior.status == "red"
    assert "not represented by a person holding a senior position" in junior.reason
    before_probation = tuple(m for m in SECTORS_2007 if m[1] != "probation")
    senior = finding(england, "NAT-RA-MEMBERSHIP-2007", date(2009, 3, 31),
                     members=members(before_probation))
    assert senior.status == "green", senior.reason


TWO_TIER = (("Preston City Council", "council"), ("Lancashire County Council", "council"),
            ("Police", "police"), ("Fire", "fire"), ("ICB", "health"),
            ("Probation", "probation"))


def district_meeting(came: list[str], names=TWO_TIER, tier: str = "district") -> dict:
    return {"meetings": (meeting("PUB-1", date(2024, 10, 3), "public"),),
            "attendance": attended("PUB-1", came), "members": members(names),
            "partnership": partnership(tier=tier)}


def test_a_district_missing_its_county_council_at_the_public_meeting_is_not_green(
        england) -> None:
    came = ["Preston City Council", "Police", "Fire", "ICB", "Probation"]
    found = finding(england, "NAT-PUBLIC-MEETING", date(2025, 3, 31), **district_meeting(came))
    assert found.status == "amber"
    assert "had no senior attendee from Lancashire County Council" in found.reason
    everyone = finding(england, "NAT-PUBLIC-MEETING", date(2025, 3, 31),
                       **district_meeting([*came, "Lancashire County Council"]))
    assert everyone.status == "green", everyone.reason
    assert "every responsible authority" in everyone.reason


def test_a_district_whose_members_list_no_county_council_is_told_so(england) -> None:
    no_county = tuple(m for m in TWO_TIER if m[0] != "Lancashire County Council")
    came = ["Preston City Council", "Police", "Fire", "ICB", "Probation"]
    found = finding(england, "NAT-PUBLIC-MEETING", date(2025, 3, 31),
                    **district_meeting(came, no_county))
    assert found.status == "amber"
    assert "the county council" in found.reason and "s5(1)(a)" in found.reason
    unitary = finding(england, "NAT-PUBLIC-MEETING", date(2025, 3, 31),
                      **district_meeting(came, no_county, tier="unitary"))
    assert unitary.status == "green", unitary.reason
    membership = finding(england, "NAT-RA-MEMBERSHIP", date(2025, 3, 31),
                         **district_meeting(came, no_county))
    assert membership.status == "red" and "county council" in membership.reason


def test_each_authority_counts_not_one_per_sector(england) -> None:
    two_health = (*SECTORS_2007[:4], ("ICB North", "health"), ("ICB South", "health"),
                  ("Probation", "probation"))
    today = tuple(m for m in two_health if m[1] != "police_authority")
    came = ["Council", "Police", "Fire", "ICB North", "Probation"]
    found = finding(england, "NAT-PUBLIC-MEETING", date(2025, 3, 31),
                    **district_meeting(came, today, tier="unitary"))
    assert found.status == "amber"
    assert "ICB South" in found.reason
    isp = Document("ISP-1", "information_sharing_protocol", Place("Documents", 2),
                   approved=date(2024, 6, 1), signatories=tuple(came))
    unsigned = finding(england, "NAT-ISP", date(2025, 3, 31), documents=(isp,),
                       members=members(today))
    assert unsigned.status == "amber" and "ICB South" in unsigned.reason


def test_each_authority_records_its_information_sharing_nominee(england) -> None:
    today = tuple(m for m in SECTORS_2007 if m[1] != "police_authority")
    nominated = tuple(
        Member(org, "responsible_authority", sector, Place("Members", 2 + i), senior=True,
               isp_contact=None if org == "Fire" else "Information sharing lead")
        for i, (org, sector) in enumerate(today))
    found = finding(england, "NAT-ISP-NOMINEE", date(2025, 3, 31), members=nominated)
    assert found.status == "amber" and found.statutory
    assert found.reason.startswith("Fire has no record of a person nominated")
    everyone = tuple(Member(m.organisation, m.role, m.sector, m.place, senior=True,
                            isp_contact="Information sharing lead") for m in nominated)
    assert finding(england, "NAT-ISP-NOMINEE", date(2025, 3, 31),
                   members=everyone).status == "green"
    before = finding(england, "NAT-ISP-NOMINEE", date(2007, 7, 31), members=everyone)
    assert before.status == "not_applicable"
