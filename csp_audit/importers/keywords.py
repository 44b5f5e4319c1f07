"""Words in an agenda item's or a document's title that name a topic or a kind.

The agenda topics' map can be extended by the user's own CSV file (keyword,topic), read
first, so a partnership's own wording ("Safer Streets update" -> asb) wins.
"""

from __future__ import annotations

import csv
from pathlib import Path

from csp_audit.model.contract import AGENDA_TOPICS, TOPIC_SYNONYMS, normalise_name
from csp_audit.model.errors import InputError, Problem, did_you_mean

TOPIC_WORDS: tuple[tuple[str, str], ...] = (
    ("declarations of interest", "declarations_of_interest"),
    ("declaration of interest", "declarations_of_interest"),
    ("declarations", "declarations_of_interest"),
    ("terms of reference", "terms_of_reference_review"),
    ("domestic abuse", "domestic_abuse"), ("domestic violence", "domestic_abuse"),
    ("anti-social behaviour", "asb"), ("antisocial behaviour", "asb"),
    ("anti social behaviour", "asb"), ("community trigger", "asb"),
    ("integrated offender", "iom"), ("youth justice", "youth_justice"),
    ("youth offending", "youth_justice"), ("hate crime", "hate_crime"),
    ("serious violence", "serious_violence"), ("prevent", "prevent"),
    ("performance", "performance"), ("budget", "finance"), ("finance", "finance"),
    ("funding", "finance"), ("risk register", "risk"), ("risk", "risk"),
    ("skills", "skills_review"), ("membership", "membership_review"),
)

DOCUMENT_WORDS: tuple[tuple[str, str], ...] = (
    ("serious violence needs assessment", "serious_violence_needs_assessment"),
    ("serious violence strategic needs", "serious_violence_needs_assessment"),
    ("serious violence strategy", "serious_violence_strategy"),
    ("strategic assessment", "strategic_assessment"),
    ("community safety plan", "partnership_plan"), ("partnership plan", "partnership_plan"),
    ("information sharing protocol", "information_sharing_protocol"),
    ("information sharing agreement", "information_sharing_protocol"),
    ("terms of reference", "terms_of_reference"), ("annual report", "annual_report"),
    ("youth justice plan", "youth_justice_plan"),
    ("reducing reoffending strategy", "reducing_reoffending_strategy"),
    ("substance misuse strategy", "substance_misuse_strategy"),
    ("drug and alcohol strategy", "substance_misuse_strategy"),
    ("equality impact assessment", "equality_impact_assessment"),
    ("risk register", "risk_register"), ("community trigger procedure",
                                         "asb_case_review_procedure"),
    ("asb case review procedure", "asb_case_review_procedure"),
    ("communications strategy", "communications_strategy"),
    ("skills assessment", "skills_assessment"), ("skills audit", "skills_assessment"),
    ("membership review", "membership_review"), ("county agreement", "county_agreement"),
)


def find(title: str, words: tuple[tuple[str, str], ...]) -> str | None:
    """The first entry whose keyword the title holds (whole words, any case)."""
    padded = f" {' '.join(_words(title))} "
    for keyword, value in words:
        if f" {' '.join(_words(keyword))} " in padded:
            return value
    return None


def _words(text: str) -> list[str]:
    return "".join(ch if ch.isalnum() else " " for ch in text.casefold()).split()


def read_topics(path: Path) -> tuple[tuple[str, str], ...]:
    """The user's keyword,topic lines, then the shipped ones."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError) as error:
        detail = getattr(error, "strerror", None) or error
        raise _refuse(path, f"cannot be read as a CSV file: {detail}") from None
    if not rows or [normalise_name(cell) for cell in rows[0][:2]] != ["keyword", "topic"]:
        raise _refuse(path, "its first line must be the header keyword,topic")
    own = []
    for number, row in enumerate(rows[1:], start=2):
        keyword, topic = ([cell.strip() for cell in row] + ["", ""])[:2]
        if not keyword and not topic:
            continue
        key = normalise_name(topic)
        key = TOPIC_SYNONYMS.get(key, key)
        chosen = next((t for t in AGENDA_TOPICS if normalise_name(t) == key), None)
        if not keyword or chosen is None:
            raise _refuse(path, f"line {number}: topic {topic!r} is not one of "
                          f"{', '.join(AGENDA_TOPICS)}{did_you_mean(topic, AGENDA_TOPICS)}")
        own.append((keyword, chosen))
    return tuple(own) + TOPIC_WORDS


def _refuse(path: Path, message: str) -> InputError:
    return InputError([Problem(str(path), message)])
