"""Names that point from one sheet into another, matched as people copy them from minutes.

An organisation is found in Members by its name ignoring case and spacing, then ignoring
hyphens, punctuation, quote styles and invisible characters, then by the aliases listed on
its row ("RBC; Riverside Council"). A name found nowhere is one error per name, counting its
rows, with a "did you mean" by initials or by spelling.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from csp_audit.model.contract import vocabulary_key
from csp_audit.model.errors import did_you_mean
from csp_audit.model.wording import visible
from csp_audit.workbook.rows import Problems, Row, with_article


@lru_cache(maxsize=65536)
def ident(text: object) -> str:
    """How names and ids are compared: case, runs of spaces and characters no one sees (a
    zero-width space pasted from a web page) do not matter."""
    return " ".join(visible(str(text)).split()).casefold()


def lookup(known: Mapping[str, str], name: object) -> str | None:
    """The spelling `name` stands for in `known` (an `_organisations` or `_unique` map):
    by `ident`, else by `organisation_key` (ignoring hyphens, punctuation, quote styles and
    invisible characters)."""
    found = known.get(ident(name))
    if found is None:
        found = known.get(LOOSE + organisation_key(name))
    return found


LOOSE = "\x00"
"""Prefix of the looser keys in a names map, so they never meet an `ident` key."""


def organisation_key(name: object) -> str:
    """A name as compared when copied from minutes: 'Riverside-on-Sea B.C.' and
    'riverside on sea BC' are one name; '&' is 'and'."""
    return vocabulary_key(name)


def organisations(rows: list[Row], members: dict[str, str],
                   problems: Problems) -> dict[str, str]:
    """The Members names map: each name by `ident`, then by its loose key and each of its
    aliases (the `aliases` column), unless two members share one (then neither is found by
    it, and an alias naming another member is an error at its cell)."""
    loose: dict[str, str | None] = {}
    for spelling in members.values():
        key = LOOSE + organisation_key(spelling)
        loose[key] = None if key in loose and loose[key] != spelling else spelling
    for row in rows:
        spelling = members.get(ident(row.values.get("organisation") or ""))
        if spelling is None or not row.ok:
            continue
        for alias in row.values.get("aliases") or ():
            other = lookup({**members, **{k: v for k, v in loose.items() if v}}, alias)
            if other is not None and other != spelling:
                row.ok = False
                problems.error(f"alias '{alias}' already names {other}", row.sheet,
                               row.ref("aliases"), found=alias,
                               expected="aliases that name no other member")
                continue
            loose[ident(alias)] = spelling
            loose[LOOSE + organisation_key(alias)] = spelling
    merged = dict(members)
    for key, spelling in loose.items():
        if spelling is not None:
            merged.setdefault(key, spelling)
    return merged


class Unresolved:
    """References to a name missing from Members or Meetings, grouped by the name: one
    error for 29 rows of 'RBC', naming how many and where, not 29."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, str, str, str], list[Row]] = {}
        self.found: dict[tuple[str, str, str, str], object] = {}

    def add(self, row: Row, column: str, sheet: str, value: object) -> None:
        group = (row.sheet, column, sheet, ident(value))
        self.groups.setdefault(group, []).append(row)
        self.found.setdefault(group, value)

    def report(self, problems: Problems, members: Mapping[str, str]) -> None:
        for (source, column, sheet, _), rows in self.groups.items():
            value = self.found[(source, column, sheet, _)]
            refs = [row.ref(column) for row in rows]
            where = "" if len(rows) == 1 else (
                f": {len(rows):,} rows, {refs[0]} to {refs[-1]}")
            hint = (_member_hint(str(value), members) if sheet == "Members" else "")
            problems.error(f"{column} is not in the {sheet} sheet{where}{hint}",
                           source, refs[0], found=value,
                           expected=f"{with_article(column)} listed in {sheet}")


def _member_hint(name: str, members: Mapping[str, str]) -> str:
    """`; did you mean 'Riverside Borough Council'? (or add 'RBC' to its aliases)`: by
    initials for an abbreviation, else by spelling."""
    spellings = sorted(set(members.values()))
    letters = re.sub(r"[^A-Za-z]", "", name)
    if name.strip().isupper() and 2 <= len(letters) <= 6:
        matches = [s for s in spellings if _initials(s) == letters.casefold()]
        if len(matches) == 1:
            return (f"; did you mean '{matches[0]}'? (if so, add '{name.strip()}' to its "
                    "aliases in Members)")
    hint = did_you_mean(name, spellings)
    return f"{hint} (or add '{name.strip()}' to the aliases of the member it names)" \
        if hint else "; add it to Members, or to the aliases of the member it names"


def _initials(name: str) -> str:
    """'Riverside Borough Council' -> 'rbc'; 'Fire and Rescue Service' -> 'frs'."""
    words = re.findall(r"[A-Za-z]+", name.replace("-", " "))
    return "".join(w[0] for w in words if w.casefold() not in _SMALL_WORDS).casefold()


_SMALL_WORDS = frozenset({"and", "of", "the", "for", "on", "upon", "in"})


