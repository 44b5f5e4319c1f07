"""The shipped hallmark rules over the recommendations registers (issue 15): each
recommendation answered on time, DHR recommendations delivered and monitored; a partnership
without the register is not applicable (none recorded), never amber."""

from __future__ import annotations

from datetime import date

import pytest
from support.kinds import ALL_REGISTERS, meeting, partnership, records
from support.kinds import run as run_kind

from csp_audit.model.records import AgendaItem, DhrRecommendation, Place, Recommendation
from csp_audit.rules.checklists import Library
from csp_audit.rules.kinds import KINDS

AS_OF = date(2025, 3, 31)
REGISTERS = ALL_REGISTERS | {"dhrrecommendations", "recommendations"}
RULES = {r.id: r for r in Library().resolve(["hallmarks"]).rules}


def rated(rule_id: str, recs: object, as_of: date = AS_OF) -> object:
    """The shipped rule's outcome: its kind with the checklist's own params."""
    rule = RULES[rule_id]
    assert rule.kind in KINDS and not rule.statutory and rule.basis
    return run_kind(rule.kind, rule.params.model_dump(), recs, as_of)  # type: ignore[arg-type]


def kept(**parts: object) -> object:
    return records(partnership=partnership(registers=REGISTERS), **parts)


def made(**changes: object) -> Recommendation:
    values: dict[str, object] = {"made_by": "scrutiny", "made_on": date(2024, 11, 1),
                                 "response_due": date(2025, 3, 31)}
    values.update(changes)
    return Recommendation("CDC-1", "Publish the plan's summary", Place("Recommendations", 2),
                          **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(("as_of", "changes", "status"), [
    (date(2025, 3, 31), {}, "green"),                                 # due today, not yet late
    (date(2025, 4, 1), {}, "red"),                                    # a day late, unanswered
    (date(2025, 4, 1), {"responded": date(2025, 3, 31)}, "green"),    # answered on the day
    (date(2025, 4, 30), {"responded": date(2025, 4, 1)}, "amber"),    # answered a day late
    (AS_OF, {"responded": date(2025, 3, 1), "accepted": False}, "amber"),  # no reasons
    (AS_OF, {"responded": date(2025, 3, 1), "accepted": False,
             "reasons": "No budget this year"}, "green"),
])
def test_recommendations_answered_on_time(as_of: date, changes: dict[str, object],
                                          status: str) -> None:
    outcome = rated("HM-RECOMMENDATIONS-ANSWERED", kept(recommendations=(made(**changes),)),
                    as_of)
    assert outcome.status == status, outcome.reason  # type: ignore[attr-defined]


def test_the_response_date_is_listed_for_due_until_answered() -> None:
    outcome = rated("HM-RECOMMENDATIONS-ANSWERED", kept(recommendations=(made(),)),
                    date(2025, 3, 1))
    assert [(d.due, d.state) for d in outcome.deadlines] == [  # type: ignore[attr-defined]
        (date(2025, 3, 31), "open")]


def dhr(**changes: object) -> DhrRecommendation:
    values: dict[str, object] = {"number": "1", "due": date(2025, 3, 31)}
    values.update(changes)
    return DhrRecommendation("DHR-2023-01", "Train GP practices", Place("DHR recommendations", 2),
                             **values)  # type: ignore[arg-type]


MONITORED = {"meetings": (meeting("B-1", date(2024, 10, 10)),),
             "agenda": (AgendaItem("B-1", Place("Agenda", 2), "DHR action plans",
                                   "dhr_action_plan"),)}


@pytest.mark.parametrize(("as_of", "changes", "parts", "status"), [
    (date(2025, 3, 31), {}, MONITORED, "green"),         # due today, open, monitored
    (date(2025, 3, 31), {}, {}, "amber"),                # open and on no board agenda
    (date(2025, 4, 1), {}, MONITORED, "red"),            # a day late, not done
    (date(2025, 4, 1), {"status": "done", "done": date(2025, 3, 30)}, {}, "green"),
])
def test_dhr_recommendations_delivered_and_monitored(as_of: date, changes: dict[str, object],
                                                     parts: dict[str, object],
                                                     status: str) -> None:
    outcome = rated("HM-DHR-RECOMMENDATIONS", kept(dhr_recommendations=(dhr(**changes),),
                                                   **parts), as_of)
    assert outcome.status == status, outcome.reason  # type: ignore[attr-defined]


@pytest.mark.parametrize(("rule_id", "sheet"), [
    ("HM-RECOMMENDATIONS-ANSWERED", "Recommendations"),
    ("HM-DHR-RECOMMENDATIONS", "DHR recommendations"),
])
def test_no_sheet_is_not_applicable_saying_how_to_record_them(rule_id: str, sheet: str) -> None:
    """A partnership that keeps no such register is not amber for it: no law read for the
    hallmarks makes it keep one. The reason says what the workbook records and how to add it."""
    outcome = rated(rule_id, records())
    assert outcome.status == "not_applicable"  # type: ignore[attr-defined]
    assert outcome.reason.startswith(f"The workbook has no {sheet} sheet, so no ")  # type: ignore[attr-defined]
    assert f"add a {sheet} sheet" in outcome.reason  # type: ignore[attr-defined]
    assert "not applicable" in " ".join(RULES[rule_id].guidance.split())
    empty = rated(rule_id, kept())
    assert empty.status == "not_applicable"  # type: ignore[attr-defined]
    asked = run_kind(RULES[rule_id].kind, {**RULES[rule_id].params.model_dump(),
                                           "unsupplied": "amber"}, records(), AS_OF)
    assert asked.status == "amber" and "was not supplied" in asked.reason
