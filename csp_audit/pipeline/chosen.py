"""Which partnerships a command works on: the codes asked for, checked against the database.

Why apart from check.py: `report` needs this on every run, but an audit only when no stored
run is current; check.py imports the checklists and the rules engine (a third of a report
command's start-up), so the report imports this and check.py only when it audits.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from csp_audit.model.errors import UsageError, did_you_mean
from csp_audit.model.periods import check_periods
from csp_audit.store.connect import Engine
from csp_audit.store.records import list_partnerships, year_starts


def chosen_codes(engine: Engine, codes: Iterable[str] | None, year: str | None = None,
                 as_of: date | None = None, today: date | None = None) -> list[str]:
    """The partnerships asked for (None: every partnership in the database), each once;
    UsageError naming every code the database does not hold, or every partnership whose
    reporting year --year or --as-of does not fit (`periods.check_periods`)."""
    chosen = _chosen(engine, codes)
    if year is not None or as_of is not None:
        starts = year_starts(engine)
        check_periods({code: starts[code] for code in chosen}, year, as_of,
                      today or date.today())
    return chosen


def _chosen(engine: Engine, codes: Iterable[str] | None) -> list[str]:
    known = [p.code for p in list_partnerships(engine)]
    if codes is None:
        if not known:
            raise UsageError("the database holds no partnership: run `csp-audit load` first")
        return sorted(known)
    codes = list(dict.fromkeys(codes))
    missing = [code for code in codes if code not in known]
    if missing:
        hint = did_you_mean(missing[0], known) if len(missing) == 1 else ""
        raise UsageError(f"no partnership {', '.join(map(repr, missing))} in the database"
                         + (f" (it holds {', '.join(sorted(known))}){hint}" if known else
                            ": run `csp-audit load` first"))
    return codes
