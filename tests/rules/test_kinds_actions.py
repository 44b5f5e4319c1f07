"""The loop's kinds (issue 15): actions followed, recommendations answered, DHR
recommendations delivered; their boundaries, and the due dates they state for `due`."""

from __future__ import annotations

from datetime import date

import pytest
from support.kinds import ALL_REGISTERS, meeting, partnership, records, run

from csp_audit.model.records import Action, AgendaItem, DhrRecommendation, Place, Recommendation

AS_OF = date(2025, 3, 31)
LOOP = ALL_REGISTERS | {"actions", "dhrrecommendations", "recommendations"}
FOLLOWED = {"overdue_days": 90}


def action(action_id: str = "ACT-1", **changes: object) -> Action:
    values: dict[str, object] = {"owner": "Chair", "due": date(2025, 6, 30),
                                 "rule_id": "NAT-ISP", "rating": "red"}
    values.update(changes)
    return Action(action_id, "Agree the protocol", Place("Actions", 2), **values)  # type: ignore[arg-type]


def loop(**parts: object) -> object:
    return records(partnership=partnership(registers=LOOP), **parts)


@pytest.mark.parametrize(("due", "status"), [
    (date(2025, 6, 30), "green"),   # not yet due
    (date(2025, 3, 30), "amber"),   # a day overdue
    (date(2025, 1, 1), "amber"),    # exactly 89 days overdue
    (date(2024, 12, 31), "amber"),  # exactly 90 days: not more than 90
    (date(2024, 12, 30), "red"),    # 91 days
])
def test_overdue_by_more_than_n_days_is_red(due: date, status: str) -> None:
    outcome = run("actions_followed", FOLLOWED, loop(actions=(action(due=due),)), AS_OF)
    assert outcome.status == status, outcome.reason


def test_a_red_without_owner_or_due_date_is_red_and_says_what_is_missing() -> None:
    outcome = run("actions_followed", FOLLOWED,
                  loop(actions=(action(owner=None, due=None),)), AS_OF)
    assert outcome.status == "red"
    assert outcome.reason == "Action ACT-1 (raised by red) has no owner or due date."
    amber_raised = run("actions_followed", FOLLOWED,
                       loop(actions=(action(owner=None, rating="amber"),)), AS_OF)
    assert amber_raised.status == "green"


def test_done_and_dropped_actions_are_not_overdue_and_done_after_as_of_was_open() -> None:
    late = date(2024, 6, 1)
    closed = (action("ACT-1", due=late, status="done", done=date(2024, 7, 1)),
              action("ACT-2", due=late, status="dropped", done=date(2024, 7, 1)))
    assert run("actions_followed", FOLLOWED, loop(actions=closed), AS_OF).status == "green"
    after = (action("ACT-3", due=late, status="done", done=date(2025, 4, 2)),)
    assert run("actions_followed", FOLLOWED, loop(actions=after), AS_OF).status == "red"


def test_no_register_is_amber_and_an_empty_one_not_applicable() -> None:
    assert run("actions_followed", FOLLOWED, records(), AS_OF).status == "amber"
    assert run("actions_followed", FOLLOWED, loop(), AS_OF).status == "not_applicable"


def test_actions_state_their_due_dates_for_due() -> None:
    outcome = run("actions_followed", FOLLOWED, loop(actions=(action(),)), AS_OF)
    (deadline,) = outcome.deadlines
    assert (deadline.due, deadline.state, deadline.text) == (
        date(2025, 6, 30), "open", "ACT-1: Agree the protocol")


def recommendation(**changes: object) -> Recommendation:
    values: dict[str, object] = {"made_by": "pcc", "made_on": date(2024, 6, 1),
                                 "response_due": date(2024, 9, 1)}
    values.update(changes)
    return Recommendation("PCC-1", "Publish minutes", Place("Recommendations", 2),
                          **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(("changes", "status"), [
    ({"responded": date(2024, 9, 1)}, "green"),
    ({"responded": date(2024, 9, 2)}, "amber"),
    ({}, "red"),
    ({"responded": date(2024, 8, 1), "accepted": False}, "amber"),
    ({"responded": date(2024, 8, 1), "accepted": False, "reasons": "No budget"}, "green"),
    ({"response_due": date(2025, 5, 1)}, "green"),
])
def test_recommendations_answered_on_time(changes: dict[str, object], status: str) -> None:
    outcome = run("recommendations_answered", {},
                  loop(recommendations=(recommendation(**changes),)), AS_OF)
    assert outcome.status == status, outcome.reason


def dhr_recommendation(**changes: object) -> DhrRecommendation:
    values: dict[str, object] = {"number": "2", "due": date(2025, 1, 31)}
    values.update(changes)
    return DhrRecommendation("DHR-2023-01", "Train GPs", Place("DHR recommendations", 2),
                             **values)  # type: ignore[arg-type]


def test_an_overdue_dhr_recommendation_is_red_with_a_counts_only_public_reason() -> None:
    outcome = run("dhr_recommendations_delivered", {},
                  loop(dhr_recommendations=(dhr_recommendation(),)), AS_OF)
    assert outcome.status == "red"
    assert "DHR-2023-01 recommendation 2" in outcome.reason
    assert outcome.public_reason == ("1 DHR recommendation was due before 31 March 2025 "
                                     "and is not done.")
    assert all(e.restricted for e in outcome.evidence)


def test_open_dhr_recommendations_need_a_board_agenda_item_on_them() -> None:
    item = dhr_recommendation(due=date(2025, 6, 30))
    unmonitored = run("dhr_recommendations_delivered", {},
                      loop(dhr_recommendations=(item,)), AS_OF)
    assert unmonitored.status == "amber"
    board = meeting("B-1", date(2024, 10, 10))
    agenda = (AgendaItem("B-1", Place("Agenda", 2), "DHR action plans", "dhr_action_plan"),)
    monitored = run("dhr_recommendations_delivered", {},
                    loop(dhr_recommendations=(item,), meetings=(board,), agenda=agenda), AS_OF)
    assert monitored.status == "green"
