"""Boundaries between statuses for the DHR and ASB case kinds, and which cases count."""

from __future__ import annotations

from datetime import date

import pytest
from support.kinds import partnership, records, run

from csp_audit.model.periods import period_containing
from csp_audit.model.records import AsbReview, DhrCase, Place
from csp_audit.rules.kinds.base import Context
from csp_audit.rules.kinds.cases import REGISTERS, cases_in_scope

END = date(2025, 3, 31)
DECISION = {"register": "dhr", "stages": [
    {"start": "notified", "end": "decision_date", "within": {"months": 1}}]}
COMPLETION = {"register": "dhr", "where": {"decision": "commission"}, "stages": [
    {"start": "decision_date", "end": "submitted", "within": {"months": 6},
     "red_after": {"months": 12}}]}


def dhr(ref: str = "DHR-2024-01", **changes: object) -> DhrCase:
    return DhrCase(ref, Place("DHR", 2), **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(("decided", "status"), [
    (date(2024, 6, 13), "green"),  # exactly one calendar month after 13 May
    (date(2024, 6, 14), "amber"),  # a day later
])
def test_dhr_decided_within_one_calendar_month(decided: date, status: str) -> None:
    case = dhr(notified=date(2024, 5, 13), decision="commission", decision_date=decided)
    outcome = run("case_deadline", DECISION, records(dhr_cases=(case,)), END)
    assert outcome.status == status
    if status == "amber":
        assert "DHR-2024-01" in outcome.reason and "13 June 2024" in outcome.reason
        assert outcome.public_reason is not None and "DHR-2024" not in outcome.public_reason
        assert all(e.restricted for e in outcome.evidence)


@pytest.mark.parametrize(("as_of", "status"), [(date(2024, 6, 13), "green"),
                                               (date(2024, 6, 14), "red")])
def test_undecided_dhr_is_not_yet_due_then_red(as_of: date, status: str) -> None:
    case = dhr(notified=date(2024, 5, 13), decision="pending")
    assert run("case_deadline", DECISION, records(dhr_cases=(case,)), as_of).status == status


@pytest.mark.parametrize(("as_of", "submitted", "status"), [
    (date(2024, 12, 1), None, "green"), (date(2024, 12, 2), None, "amber"),
    (date(2025, 6, 1), None, "amber"), (date(2025, 6, 2), None, "red"),
    (END, date(2024, 12, 1), "green"), (END, date(2024, 12, 2), "amber"),
])
def test_dhr_completion_six_and_twelve_months(as_of: date, submitted: date | None,
                                              status: str) -> None:
    case = dhr(notified=date(2024, 5, 1), decision="commission", decision_date=date(2024, 6, 1),
               submitted=submitted)
    assert run("case_deadline", COMPLETION, records(dhr_cases=(case,)), as_of).status == status


def test_completion_ignores_cases_not_commissioned() -> None:
    case = dhr(notified=date(2024, 5, 1), decision="not_commissioned",
               decision_date=date(2024, 5, 20))
    assert run("case_deadline", COMPLETION, records(dhr_cases=(case,)), END).status \
        == "not_applicable"


def test_missing_register_is_amber_and_empty_register_not_applicable() -> None:
    bare = records(partnership=partnership(registers=frozenset()))
    outcome = run("case_deadline", DECISION, bare, END)
    assert outcome.status == "amber" and "DHR register was not supplied" in outcome.reason
    assert run("case_deadline", DECISION, records(), END).status == "not_applicable"


def test_which_cases_count() -> None:
    closed_before = dhr("DHR-OLD", notified=date(2020, 1, 1), decision="commission",
                        decision_date=date(2020, 3, 1), published=date(2023, 1, 1))
    open_at_start = dhr("DHR-OPEN", notified=date(2023, 1, 1), decision="pending")
    after_as_of = dhr("DHR-NEW", notified=date(2025, 3, 1), decision="pending")
    recs = records(dhr_cases=(closed_before, open_at_start, after_as_of))
    outcome = run("case_deadline", DECISION, recs, date(2025, 2, 1))
    assert outcome.status == "red"
    assert "DHR-OPEN" in outcome.reason
    assert [e.description.split(":")[0] for e in outcome.evidence] == ["DHR-OPEN"]


ASB = {"register": "asb", "stages": [
    {"start": "received", "end": "threshold_decided", "within": {"working_days": 10}},
    {"start": "threshold_decided", "end": "review_completed", "within": {"working_days": 25},
     "red_after": {"months": 3}, "red_start": "received", "only_if": "threshold_met"}]}


@pytest.mark.parametrize(("decided", "status"), [(date(2024, 5, 29), "green"),
                                                 (date(2024, 5, 30), "amber")])
def test_asb_threshold_within_ten_working_days(decided: date, status: str) -> None:
    review = AsbReview("ASB-1", Place("ASB case reviews", 2), received=date(2024, 5, 14),
                       threshold_met=False, threshold_decided=decided)
    assert run("case_deadline", ASB, records(asb_reviews=(review,)), END).status == status


@pytest.mark.parametrize(("as_of", "status"), [(date(2024, 8, 14), "amber"),
                                               (date(2024, 8, 15), "red")])
def test_asb_review_red_three_months_after_receipt(as_of: date, status: str) -> None:
    review = AsbReview("ASB-1", Place("ASB case reviews", 2), received=date(2024, 5, 14),
                       threshold_met=True, threshold_decided=date(2024, 5, 20))
    assert run("case_deadline", ASB, records(asb_reviews=(review,)), as_of).status == status


def test_case_publication() -> None:
    early = dhr(notified=date(2023, 1, 1), submitted=date(2024, 1, 1), qa_outcome="resubmit",
                published=date(2024, 6, 1))
    outcome = run("case_publication", {}, records(dhr_cases=(early,)), END)
    assert outcome.status == "red" and "published on 1 June 2024" in outcome.reason
    waiting = dhr(notified=date(2023, 1, 1), submitted=date(2024, 6, 1), qa_outcome="accepted")
    assert run("case_publication", {}, records(dhr_cases=(waiting,)),
               date(2024, 12, 1)).status == "green"
    assert run("case_publication", {}, records(dhr_cases=(waiting,)),
               date(2024, 12, 2)).status == "amber"


def test_a_late_submission_made_before_the_year_is_not_counted_again_in_it() -> None:
    """Sefton's DHR-SEF-2023-01 was submitted late on 28 March 2024: amber in 2023-24, but
    in 2024-25 (still open, awaiting publication) there is nothing late left to judge."""
    case = dhr("DHR-SEF-2023-01", notified=date(2023, 5, 2), decision="commission",
               decision_date=date(2023, 5, 25), submitted=date(2024, 3, 28))
    recs = records(dhr_cases=(case,))
    assert run("case_deadline", COMPLETION, recs, date(2024, 3, 31)).status == "amber"
    later = run("case_deadline", COMPLETION, recs, END)
    assert later.status == "green", later.reason
    unsubmitted = dhr("DHR-2023-02", notified=date(2023, 5, 2), decision="commission",
                      decision_date=date(2023, 5, 25), submitted=date(2024, 4, 10))
    still = run("case_deadline", COMPLETION, records(dhr_cases=(unsubmitted,)), END)
    assert still.status == "amber" and "10 April 2024" in still.reason


def test_cases_in_scope_are_worked_out_once_and_each_caller_gets_its_own_list() -> None:
    recs = records(dhr_cases=(dhr("DHR-2024-02", notified=date(2024, 5, 1)),
                              dhr("DHR-2020-01", notified=date(2020, 5, 1),
                                  published=date(2021, 1, 1))))
    context = Context(recs, period_containing(END, 4, 1), END)
    first = cases_in_scope(context, REGISTERS["dhr"])
    assert [c.case_ref for c in first] == ["DHR-2024-02"]
    first.clear()
    assert [c.case_ref for c in cases_in_scope(context, REGISTERS["dhr"])] == ["DHR-2024-02"]
