"""The work behind `csp-audit due`: what falls due for one partnership after a day.

The checklists run over the stored records as of that day (in the reporting year holding
it), not stored; the open deadlines their rules judged are the obligations
(`model.due.coming_due`), so `due` lists the very dates the audit rates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from csp_audit.model.due import Obligation, coming_due
from csp_audit.model.periods import audit_period
from csp_audit.pipeline.check import stored_records
from csp_audit.rules.checklists import Library, checklists_for
from csp_audit.rules.engine import audit_period_of
from csp_audit.store.connect import open_database


@dataclass(frozen=True)
class DueList:
    code: str
    name: str
    as_of: date
    within_days: int
    obligations: tuple[Obligation, ...]
    withheld: int = 0
    """Restricted obligations left out (`public`), counted, never named."""


def due_obligations(db: str, code: str, within_days: int = 90, as_of: date | None = None,
                    public: bool = False, extra_dirs: Iterable[Path] = (),
                    today: date | None = None) -> DueList:
    """Every open deadline of `code` due after `as_of` (default today) and within
    `within_days`, soonest first; with `public`, none naming a restricted record."""
    from csp_audit.model.restricted import names_in, restricted_names

    library = Library(extra_dirs)
    engine = open_database(db)
    try:
        records = stored_records(engine, code)
    finally:
        engine.dispose()
    partnership = records.partnership
    day = as_of or today or date.today()
    period, day = audit_period(None, day, day, partnership.year_start_month,
                               partnership.year_start_day)
    result = audit_period_of(records, checklists_for(partnership, library=library), period, day)
    found = coming_due(result, within_days)
    restricted = restricted_names(records)
    shown = tuple(o for o in found if not (public and (o.restricted
                                                       or names_in(o.what, restricted))))
    return DueList(partnership.code, partnership.name, day, within_days, shown,
                   len(found) - len(shown))
