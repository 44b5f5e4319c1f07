"""The parameters issue 14 added to existing kinds for misread rules: a quorum for
decisions counted over the roles the terms of reference name (THU-QUORUM), declarations
when financial decisions are made (RIC-FINANCE-DECLARATIONS), declarations at the outset
(NFK-DECLARATIONS), the vice-chair's own election (NFK-CHAIR-ELECTION) and published
agendas (SEF-AGENDAS-PUBLIC)."""

from __future__ import annotations

from datetime import date

from support.kinds import attended, meeting, ra_members, records, run

from csp_audit.model.records import AgendaItem, Member, Place

END = date(2025, 3, 31)
ALL = ["Council", "Police", "Fire", "ICB", "Probation"]
STAFF = tuple(Member(f"Staff {n}", "ex_officio", "council", Place("Members", 10 + n))
              for n in range(2))


def item(meeting_id: str, topic: str | None, row: int, decision: bool | None = None
         ) -> AgendaItem:
    return AgendaItem(meeting_id, Place("Agenda", row), topic or "Item", topic,
                      decision=decision)


def test_quorum_roles_leave_ex_officio_staff_out_of_the_membership() -> None:
    """With the two staff the membership is 7 and 5 are needed (ceil(3.5 + 1)), so 4
    present is short; counting the 5 authorities only, 4 are needed (ceil(2.5 + 1))."""
    recs = records(members=ra_members() + STAFF, meetings=(meeting("B1", date(2024, 6, 1)),),
                   attendance=attended("B1", ALL[:4]))
    params = {"fraction": 0.5, "plus": 1}
    assert run("quorum", params, recs, END).status == "red"
    assert run("quorum", {**params, "roles": ["responsible_authority"]}, recs,
               END).status == "green"


def test_quorum_for_decisions_skips_meetings_without_a_decision() -> None:
    boards = (meeting("B1", date(2024, 6, 1)), meeting("B2", date(2024, 9, 1), row=3))
    rows = attended("B1", ALL[:1]) + attended("B2", ALL)
    agenda = (item("B1", "performance", 2, decision=False), item("B2", "finance", 3, True))
    recs = records(meetings=boards, attendance=rows, agenda=agenda)
    params = {"responsible_authorities": 3}
    assert run("quorum", params, recs, END).status == "red"
    assert run("quorum", {**params, "decisions_only": True}, recs, END).status == "green"


def test_quorum_for_decisions_when_nothing_records_the_decision_column() -> None:
    recs = records(meetings=(meeting("B1", date(2024, 6, 1)),),
                   attendance=attended("B1", ALL), agenda=(item("B1", "finance", 2),))
    outcome = run("quorum", {"responsible_authorities": 3, "decisions_only": True}, recs, END)
    assert outcome.status == "amber" and "decision column" in outcome.reason
    noted = records(meetings=(meeting("B1", date(2024, 6, 1)),), attendance=attended("B1", ALL),
                    agenda=(item("B1", "finance", 2, decision=False),))
    assert run("quorum", {"responsible_authorities": 3, "decisions_only": True}, noted,
               END).status == "not_applicable"


def test_declarations_only_where_a_financial_decision_was_taken() -> None:
    """A finance report is not a financial decision (RIC-FINANCE-DECLARATIONS)."""
    boards = (meeting("B1", date(2024, 6, 1)), meeting("B2", date(2024, 9, 1), row=3))
    agenda = (item("B1", "finance", 2, decision=False), item("B2", "finance", 3, True),
              item("B2", "declarations_of_interest", 4))
    params = {"topic": "declarations_of_interest", "when_topic": "finance",
              "when_decision": True}
    outcome = run("agenda_topic_each_meeting", params, records(meetings=boards, agenda=agenda),
                  END)
    assert outcome.status == "green"
    assert "with a finance decision item" in outcome.reason
    assert run("agenda_topic_each_meeting", {**params, "when_decision": False},
               records(meetings=boards, agenda=agenda), END).status == "amber"


def test_declarations_at_the_outset_within_the_first_items() -> None:
    board = (meeting("B1", date(2024, 6, 1)),)
    agenda = (item("B1", None, 2), item("B1", "performance", 3),
              item("B1", "declarations_of_interest", 4))
    params = {"topic": "declarations_of_interest", "within_first": 3}
    assert run("agenda_topic_each_meeting", params, records(meetings=board, agenda=agenda),
               END).status == "green"
    outcome = run("agenda_topic_each_meeting", {**params, "within_first": 2},
                  records(meetings=board, agenda=agenda), END)
    assert outcome.status == "red" and "among the first 2 items" in outcome.reason


def test_vice_chair_election_reads_its_own_column() -> None:
    chair_only = records(meetings=(meeting("B1", date(2024, 6, 1), chair_elected=True),))
    outcome = run("chair_election", {"office": "vice_chair"}, chair_only, END)
    assert outcome.status == "red" and "vice-chair" in outcome.reason
    both = records(meetings=(meeting("B1", date(2024, 6, 1), chair_elected=True,
                                     vice_chair_elected=True),))
    assert run("chair_election", {"office": "vice_chair"}, both, END).status == "green"


def test_meeting_field_papers_published() -> None:
    recs = records(meetings=(meeting("B1", date(2024, 6, 1),
                                     papers_published=date(2024, 5, 25)),
                             meeting("B2", date(2024, 9, 1), row=3)))
    outcome = run("meeting_field", {"field": "papers_published"}, recs, END)
    assert outcome.status == "amber"
    assert "does not record its agenda and papers as published" in outcome.reason
