"""What a public report must not name: the ids of restricted records, how to find them in a
sentence, and the one sentence given instead of a reason that names them.

Kept apart from the engine so the report context can use it without loading the checklists.
"""

from __future__ import annotations

import functools
import re

from csp_audit.model.records import PartnershipRecords


def restricted_names(records: PartnershipRecords) -> set[str]:
    """Ids of restricted records: a reason naming one needs a public version."""
    names = {m.meeting_id for m in records.meetings if m.restricted}
    names |= {d.document_id for d in records.documents if d.restricted}
    names |= {c.case_ref for c in records.dhr_cases if c.restricted}
    names |= {c.case_ref for c in records.asb_reviews if c.restricted}
    names |= {a.action_id for a in records.actions if a.restricted}
    names |= {r.recommendation_id for r in records.recommendations if r.restricted}
    names |= {r.case_ref for r in records.dhr_recommendations if r.restricted}
    return names


def names_in(text: str, names: set[str]) -> list[str]:
    """The names that stand in `text` as whole ids (`SA-2024` is not in `SA-2024-25`).

    A plain substring test first: most names are in no text, and a national audit asks
    about hundreds of thousands of (name, text) pairs."""
    return [name for name in names if name in text and _whole(name).search(text)]


@functools.lru_cache(maxsize=4096)
def _whole(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")


def withheld_reason(count: int) -> str:
    """The one sentence a public report gives instead of a reason that names restricted
    records (the engine and the report context both use it)."""
    records = "record" if count == 1 else "records"
    return f"The detail of this finding names {count} restricted {records}, so it is not published."
