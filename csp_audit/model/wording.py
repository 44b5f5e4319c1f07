"""Counts, articles and agreement: how every stage words a noun in a sentence.

`counted` gives a count its noun in the right number (`1 error`, `2 errors`) for the
command line's summaries and the check kinds' reasons alike. The articles and agreement
are for nouns that come from checklist data (document kinds, topics, months), so a reason
reads "an information sharing protocol", "an ASB case review" and "terms of reference
are", never "a information sharing protocol" or "a terms of reference".
"""

from __future__ import annotations

LETTERS_SAID_WITH_A_VOWEL = frozenset("AEFHILMNORSX")
"""Initial letters whose spoken name starts with a vowel sound: an ASB, an NHS, a PCC."""

A_BEFORE = ("one", "once", "unique", "unit", "union", "univers", "uniform", "usual", "use",
            "user", "utilit", "eu", "ewe")
"""Words spelt with a vowel but said with a consonant sound: a unit, a user, a one-off."""

AN_BEFORE = ("hour", "honest", "honour", "honor", "heir")
"""Words spelt with a consonant but said with a vowel sound: an hour."""

PLURAL_NOUNS = ("terms of reference", "minutes", "accounts", "papers")
"""Nouns that are plural though they name one document: no "a", and "are", not "is"."""


def counted(count: int, singular: str, plural: str | None = None, width: int = 0) -> str:
    """`1 error`, `2 errors`: a count (right-aligned in `width`) with its noun in the right
    number."""
    return f"{count:>{width}} {singular if count == 1 else plural or singular + 's'}"


def a_or_an(phrase: str) -> str:
    """`an` or `a`, by the sound of the phrase's first word (as said, not as spelt)."""
    first = phrase.strip().split(" ", 1)[0].split("-", 1)[0]
    if not first:
        return "a"
    if len(first) > 1 and first.isupper() and first.isalpha():
        return "an" if first[0] in LETTERS_SAID_WITH_A_VOWEL else "a"
    if first[0].isdigit():
        return "an" if first.startswith("8") or first in ("11", "18") else "a"
    lower = first.lower()
    if lower.startswith(AN_BEFORE):
        return "an"
    if lower.startswith(A_BEFORE):
        return "a"
    return "an" if lower[0] in "aeiou" else "a"


def is_plural(noun: str) -> bool:
    """The phrase ends in a plural-only noun: `terms of reference`, `annual report or minutes`."""
    return noun.strip().lower().endswith(PLURAL_NOUNS)


def indefinite(noun: str) -> str:
    """The noun with its indefinite article: `an ISP`, `a plan`, and none before a plural
    noun: "cannot show terms of reference"."""
    if noun.strip().lower().startswith(PLURAL_NOUNS):
        return noun
    return f"{a_or_an(noun)} {noun}"


def agrees(noun: str, singular: str, plural: str) -> str:
    """The verb form that agrees with `noun` (its last noun, as in "no X or Y is"):
    `agrees("terms of reference", "is", "are")` -> `are`."""
    return plural if is_plural(noun) else singular


INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062"
                                   "\u2063\u2064\ufeff"), None)
"""Characters no one sees (soft hyphen, zero-width spaces and joiners, the byte-order mark):
pasted from minutes or a web page, they make two names that look the same differ."""


def visible(text: str) -> str:
    """`text` without the characters no one sees (`INVISIBLE`)."""
    return text.translate(INVISIBLE)
