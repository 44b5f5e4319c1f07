"""What a public report must not name: the ids of restricted records, how to find them in a
sentence, and the one sentence given instead of a reason that names them.

Kept apart from the engine so the report context can use it without loading the checklists.

How an id is found in text: case-insensitively (`dhr-2024-01` names `DHR-2024-01`), after
removing invisible characters and reading any dash as `-` (a name pasted from minutes may
hold a zero-width space or an en dash), and on the id's word boundaries, where an id
followed by letters, digits or `/` still counts (`DHR-2024-01a`, `DHR-2024-01/2` name
`DHR-2024-01`). Only a hyphen and more of an id after it make another id (`SA-2024` is not
in `SA-2024-25`). Erring this way withholds a public sentence too many, never one too few.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Set as AbstractSet

from csp_audit.model.records import PartnershipRecords
from csp_audit.model.wording import visible

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"
                                 "\uff0d"), "-")


def restricted_names(records: PartnershipRecords) -> set[str]:
    """Ids of restricted records: a reason naming one needs a public version."""
    names = {m.meeting_id for m in records.meetings if m.restricted}
    names |= {d.document_id for d in records.documents if d.restricted}
    names |= {c.case_ref for c in records.dhr_cases if c.restricted}
    names |= {c.case_ref for c in records.asb_reviews if c.restricted}
    names |= {a.action_id for a in records.actions if a.restricted}
    names |= {r.recommendation_id for r in records.recommendations if r.restricted}
    names |= {r.case_ref for r in records.dhr_recommendations if r.restricted}
    return {name for name in names if name and name.strip()}


def searchable(text: str) -> str:
    """`text` as ids are looked for in it: invisible characters gone, dashes as `-`, folded
    case. ASCII text has no invisible character and no other dash: only its case folds."""
    if text.isascii():
        return text.casefold()
    return visible(text).translate(_DASHES).casefold()


def names_in(text: str, names: AbstractSet[str]) -> list[str]:
    """The names that stand in `text` as ids (see the module's docstring).

    A plain substring test first: most names are in no text, and a national audit asks
    about hundreds of thousands of (name, text) pairs. A frozenset of names (the engine's,
    one per audit) has its keys worked out once."""
    if not names or not text:
        return []
    folded = searchable(text)
    keyed = _keyed(names) if isinstance(names, frozenset) else (
        (name, _key(name)) for name in names)
    return [name for name, key in keyed
            if key and key in folded and _whole(key).search(folded)]


@functools.lru_cache(maxsize=64)
def _keyed(names: frozenset[str]) -> tuple[tuple[str, str], ...]:
    return tuple((name, _key(name)) for name in names)


@functools.lru_cache(maxsize=4096)
def _key(name: str) -> str:
    return searchable(name.strip())


@functools.lru_cache(maxsize=4096)
def _whole(key: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(key)}(?!-\w)")


def withheld_reason(count: int) -> str:
    """The one sentence a public report gives instead of a reason that names restricted
    records (the engine and the report context both use it)."""
    records = "record" if count == 1 else "records"
    return f"The detail of this finding names {count} restricted {records}, so it is not published."


def withheld_text(count: int = 1) -> str:
    """What a public report shows instead of any other text (a title, an item, a waiver's
    reason or approver) that names restricted records."""
    records = "a restricted record" if count == 1 else f"{count} restricted records"
    return f"[withheld: names {records}]"
