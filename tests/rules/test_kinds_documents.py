"""Boundaries between statuses for the document and membership kinds."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from support.kinds import partnership, ra_members, records, run

from csp_audit.model.records import Document, Member, Place

END = date(2025, 3, 31)
RUNNING = date(2024, 10, 1)


def doc(kind: str, row: int = 2, **changes: object) -> Document:
    return Document(f"D-{row}", kind, Place("Documents", row), **changes)  # type: ignore[arg-type]


def test_membership_all_sectors_green_missing_red_abolished_amber() -> None:
    assert run("membership_sectors", {}, records(), END).status == "green"
    four = records(members=ra_members()[:4])
    outcome = run("membership_sectors", {}, four, END)
    assert outcome.status == "red" and "probation" in outcome.reason
    old = Member("Essex Police Authority", "responsible_authority", "police_authority",
                 Place("Members", 9))
    stale = records(members=ra_members() + (old,))
    outcome = run("membership_sectors", {}, stale, END)
    assert outcome.status == "amber"
    assert outcome.reason == ("Essex Police Authority is still listed as a responsible "
                              "authority, but police authorities were abolished on 22 November "
                              "2012.")
    assert run("membership_sectors", {}, stale, date(2012, 11, 22)).status == "green"


def test_membership_ignores_members_who_left_or_join_later() -> None:
    members = list(ra_members())
    members[4] = dataclasses.replace(members[4], left=date(2024, 12, 31))
    assert run("membership_sectors", {}, records(members=tuple(members)), END).status == "red"
    assert run("membership_sectors", {}, records(members=tuple(members)),
               date(2024, 12, 31)).status == "green"


@pytest.mark.parametrize(("approved", "as_of", "status"), [
    (date(2024, 4, 1), END, "green"),
    (date(2024, 3, 31), END, "red"),
    (date(2024, 3, 31), RUNNING, "amber"),
    (date(2024, 10, 2), RUNNING, "amber"),   # after as-of: not yet happened
    (date(2024, 10, 1), RUNNING, "green"),
])
def test_document_in_year(approved: date, as_of: date, status: str) -> None:
    recs = records(documents=(doc("strategic_assessment", approved=approved),))
    outcome = run("document_in_year", {"kinds": ["strategic_assessment"]}, recs, as_of)
    assert outcome.status == status
    if status == "amber":
        assert "due by 31 March 2025" in outcome.reason


def test_document_in_year_by_agenda_topic_and_missing_register() -> None:
    from support.kinds import meeting

    from csp_audit.model.records import AgendaItem
    recs = records(meetings=(meeting("B1", date(2024, 6, 1)),),
                   agenda=(AgendaItem("B1", Place("Agenda", 2), "Skills", "skills_review"),))
    params = {"kinds": ["skills_assessment"], "agenda_topics": ["skills_review"]}
    assert run("document_in_year", params, recs, END).status == "green"
    bare = records(partnership=partnership(registers=frozenset()))
    outcome = run("document_in_year", {"kinds": ["skills_assessment"]}, bare, END)
    assert outcome.status == "amber" and "not supplied" in outcome.reason


@pytest.mark.parametrize(("document", "status"), [
    (doc("partnership_plan", covers_from=date(2024, 4, 1), covers_to=date(2027, 3, 31),
         approved=date(2024, 5, 1)), "green"),
    (doc("partnership_plan", covers_from=date(2023, 4, 1), covers_to=date(2026, 3, 31),
         approved=date(2023, 5, 1)), "amber"),
    (doc("partnership_plan", covers_from=date(2021, 4, 1), covers_to=date(2025, 3, 30),
         approved=date(2024, 5, 1)), "red"),
])
def test_current_plan(document: Document, status: str) -> None:
    assert run("current_plan", {}, records(documents=(document,)), END).status == status


def test_document_field_green_when_dated_else_missing_status() -> None:
    plan = doc("partnership_plan", approved=date(2024, 5, 1))
    params = {"kind": "partnership_plan", "field": "sent_to_pcc"}
    assert run("document_field", params, records(documents=(plan,)), END).status == "amber"
    assert run("document_field", {**params, "missing": "red"}, records(documents=(plan,)),
               END).status == "red"
    sent = dataclasses.replace(plan, sent_to_pcc=date(2024, 6, 1))
    outcome = run("document_field", params, records(documents=(sent,)), END)
    assert outcome.status == "green" and "1 June 2024" in outcome.reason
    assert run("document_field", params, records(), END).status == "amber"


def test_document_field_when_no_document_covers_as_of_says_so_not_that_one_is_unsent() -> None:
    old = doc("partnership_plan", approved=date(2020, 4, 1), covers_from=date(2020, 4, 1),
              covers_to=date(2023, 3, 31), sent_to_pcc=date(2020, 5, 1))
    params = {"kind": "partnership_plan", "field": "sent_to_pcc"}
    outcome = run("document_field", params, records(documents=(old,)), date(2027, 3, 31))
    assert outcome.status == "amber"
    assert outcome.reason == ("No partnership plan in the Documents sheet covers 31 March "
                              "2027, so none can be shown as sent to the police and crime "
                              "commissioner.")
    red = run("document_field", {**params, "missing": "red"}, records(documents=(old,)), END)
    assert red.status == "red"


@pytest.mark.parametrize(("reviewed", "status"), [
    (date(2024, 3, 31), "green"),   # exactly 12 months before as-of
    (date(2024, 3, 30), "amber"),
    (date(2023, 12, 31), "amber"),  # exactly 15 months
    (date(2023, 12, 30), "red"),
])
def test_document_recency_boundaries(reviewed: date, status: str) -> None:
    recs = records(documents=(doc("terms_of_reference", approved=date(2020, 1, 1),
                                  reviewed=reviewed),))
    params = {"kind": "terms_of_reference", "green_months": 12, "amber_months": 15}
    assert run("document_recency", params, recs, END).status == status


def test_document_recency_says_how_old_and_the_rule_limit_not_the_amber_one() -> None:
    recs = records(documents=(doc("terms_of_reference", approved=date(2022, 5, 1)),))
    params = {"kind": "terms_of_reference", "green_months": 12, "amber_months": 15}
    outcome = run("document_recency", params, recs, END)
    assert outcome.status == "red"
    assert ("last approved or reviewed on 1 May 2022, 34 months and 30 days before "
            "31 March 2025; the checklist asks for a review within 12 months") in outcome.reason
    assert "15 months" not in outcome.reason


def test_document_recency_without_amber_limit_and_expiry() -> None:
    old = doc("reducing_reoffending_strategy", approved=date(2015, 1, 1))
    params = {"kind": "reducing_reoffending_strategy", "green_months": 36}
    assert run("document_recency", params, records(documents=(old,)), END).status == "amber"
    assert run("document_recency", params, records(), END).status == "red"
    expired = doc("reducing_reoffending_strategy", approved=date(2024, 1, 1),
                  covers_to=date(2025, 3, 30))
    outcome = run("document_recency", {**params, "check_expiry": True},
                  records(documents=(expired,)), END)
    assert outcome.status == "amber" and "expired" in outcome.reason


def test_document_signatories() -> None:
    names = ("Council", "Police", "Fire", "ICB", "Probation")
    signed = doc("information_sharing_protocol", approved=date(2024, 1, 1), signatories=names)
    assert run("document_signatories", {}, records(documents=(signed,)), END).status == "green"
    short = dataclasses.replace(signed, signatories=names[:4])
    outcome = run("document_signatories", {}, records(documents=(short,)), END)
    assert outcome.status == "amber" and "probation" in outcome.reason
    assert run("document_signatories", {}, records(), END).status == "red"


def test_strategy_with_assessment() -> None:
    strategy = doc("serious_violence_strategy", 2, approved=date(2024, 4, 1),
                   published=date(2024, 4, 2))
    assessment = doc("serious_violence_needs_assessment", 3, approved=date(2024, 1, 1))
    ok = records(documents=(strategy, assessment))
    assert run("strategy_with_assessment", {}, ok, END).status == "green"
    assert run("strategy_with_assessment", {}, ok, date(2025, 4, 1)).status == "green"
    assert run("strategy_with_assessment", {}, ok, date(2025, 4, 2)).status == "amber"
    lone = run("strategy_with_assessment", {}, records(documents=(strategy,)), END)
    assert lone.status == "amber" and "needs assessment" in lone.reason
    assert run("strategy_with_assessment", {}, records(), END).status == "red"
