"""Right ratings and honest reasons (item 7 of issue 11): a period a document covers is not
blanked as an event, reasons say what the workbook records, a board meeting recorded as
open to the public counts as the public meeting, a missing case register says how to
record no cases."""

from __future__ import annotations

from datetime import date

from support.kinds import RA, attended, meeting, records, run

from csp_audit.model.records import Document, Place

AS_OF = date(2014, 3, 31)


def test_a_plan_agreed_in_march_for_the_next_three_years_does_not_cover_the_year() -> None:
    next_plan = Document("PLAN-2014", "partnership_plan", Place("Documents", 2),
                         title="Community Safety Strategy 2014-17", approved=date(2014, 3, 20),
                         covers_from=date(2014, 4, 1), covers_to=date(2017, 3, 31))
    outcome = run("current_plan", {"kind": "partnership_plan"},
                  records(documents=(next_plan,)), AS_OF)
    assert outcome.status == "red"
    assert outcome.reason == ("No partnership plan in the Documents sheet covers "
                              "31 March 2014.")


def test_no_public_meeting_says_what_the_meetings_sheet_records() -> None:
    outcome = run("public_meeting_attendance", {"body": "public"},
                  records(meetings=(meeting("B1", date(2013, 6, 13)),)), AS_OF)
    assert outcome.status == "red"
    assert outcome.reason == ("No public meeting is recorded in the Meetings sheet for "
                              "2013-14.")
    assert "was held" not in outcome.reason


def test_a_board_meeting_open_to_the_public_counts_as_the_public_meeting() -> None:
    board = meeting("B1", date(2013, 6, 13), open_to_public=True)
    outcome = run("public_meeting_attendance", {"body": "public", "senior": True},
                  records(meetings=(board,),
                          attendance=attended("B1", [org for org, _ in RA])), AS_OF)
    assert outcome.status == "green", outcome.reason
    assert outcome.reason == ("Board meeting B1 (13 June 2013), recorded as open to the "
                              "public, had a senior attendee from every responsible authority "
                              "sector.")


def test_a_document_not_recorded_in_the_year_says_recorded() -> None:
    outcome = run("document_in_year", {"kinds": ["strategic_assessment"]}, records(), AS_OF)
    assert outcome.reason == ("No strategic assessment is recorded in the Documents sheet as "
                              "approved, reviewed or published in 2013-14.")


def test_a_missing_case_register_says_how_to_record_no_cases() -> None:
    from support.kinds import partnership

    params = {"register": "dhr", "stages": [
        {"start": "notified", "end": "decision_date", "within": {"months": 1}}]}
    outcome = run("case_deadline", params, records(partnership=partnership(
        registers=frozenset({"attendance", "agenda", "documents"}))), AS_OF)
    assert outcome.status == "amber"
    assert outcome.reason.endswith("; to record that there were no cases, add a DHR sheet "
                                   "holding only its header row.")
