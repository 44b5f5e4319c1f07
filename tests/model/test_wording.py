"""Counts, articles and agreement for nouns, and the reasons that use them: "2 meetings",
"an information sharing protocol", never "a information sharing protocol"."""

from __future__ import annotations

from datetime import date

import pytest
from support.kinds import meeting, partnership, records, run

from csp_audit.model.records import AgendaItem, Document, Place
from csp_audit.model.wording import a_or_an, agrees, counted, indefinite

END = date(2025, 3, 31)


@pytest.mark.parametrize(("args", "words"), [
    ((1, "error"), "1 error"), ((0, "error"), "0 errors"), ((2, "meeting"), "2 meetings"),
    ((1, "case", "cases"), "1 case"), ((3, "attendance record", "attendance records"),
                                        "3 attendance records"),
    ((2, "body", "bodies"), "2 bodies"), ((7, "row", "rows", 3), "  7 rows"),
])
def test_counted_gives_the_noun_in_the_number_of_its_count(args: tuple, words: str) -> None:
    assert counted(*args) == words


@pytest.mark.parametrize(("phrase", "article"), [
    ("information sharing protocol", "an"), ("equality impact assessment", "an"),
    ("annual report", "an"), ("ASB case review procedure", "an"), ("IOM item", "an"),
    ("NHS trust", "an"), ("April", "an"), ("August", "an"), ("October", "an"),
    ("hour", "an"), ("8-week review", "an"), ("11 month gap", "an"),
    ("partnership plan", "a"), ("DHR", "a"), ("PCC", "a"), ("UK", "a"),
    ("unitary council", "a"), ("user survey", "a"), ("one-off review", "a"),
    ("June", "a"), ("strategic assessment", "a"), ("risk", "a"), ("", "a"),
])
def test_a_or_an_follows_the_sound_of_the_first_word(phrase: str, article: str) -> None:
    assert a_or_an(phrase) == article


def test_plural_nouns_take_no_article_and_a_plural_verb() -> None:
    assert indefinite("terms of reference") == "terms of reference"
    assert indefinite("information sharing protocol") == "an information sharing protocol"
    assert agrees("terms of reference", "is", "are") == "are"
    assert agrees("community feedback or annual report", "is", "are") == "is"


def test_reasons_for_a_document_kind_starting_with_a_vowel_use_an() -> None:
    none = records(partnership=partnership(registers=frozenset()))
    outcome = run("document_signatories", {}, none, END)
    assert outcome.reason.endswith("cannot show an information sharing protocol.")
    outcome = run("document_field", {"kind": "asb_case_review_procedure",
                                     "field": "published"}, none, END)
    assert outcome.reason.endswith("cannot show an ASB case review procedure.")


def test_reasons_for_terms_of_reference_read_as_a_plural() -> None:
    params = {"kind": "terms_of_reference", "green_months": 12}
    outcome = run("document_recency", params, records(partnership=partnership(
        registers=frozenset())), END)
    assert outcome.reason.endswith("cannot show terms of reference.")
    outcome = run("document_recency", params, records(), END)
    assert outcome.reason == ("No terms of reference with an approval or review date are "
                              "recorded.")
    undated = Document("TOR", "terms_of_reference", Place("Documents", 2))
    outcome = run("document_in_year", {"kinds": ["terms_of_reference"]},
                  records(documents=(undated,)), END)
    assert outcome.reason.startswith("No terms of reference are recorded in the Documents "
                                     "sheet as approved, reviewed or published in 2024-25.")


def test_chair_election_month_and_agenda_topic_take_an_before_a_vowel() -> None:
    board = meeting("B1", date(2024, 6, 13), chair_elected=True)
    outcome = run("chair_election", {"month": 4}, records(meetings=(board,)), END)
    assert "not at an April meeting" in outcome.reason
    outcome = run("chair_election", {"month": 10}, records(), END)
    assert outcome.reason.endswith("records the election of the chair at an October meeting.")
    item = AgendaItem("B1", Place("Agenda", 2), "Grants", "asb")
    outcome = run("agenda_topic_each_meeting",
                  {"topic": "asb", "when_topic": "asb"},
                  records(meetings=(board,), agenda=(item,)), END)
    assert "Every board meeting with an ASB item" in outcome.reason
