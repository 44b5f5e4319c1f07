"""Before any report is written: every partnership whose audit has to run names a checklist
that exists. Why here: `report --all` and `audit a.xlsx b.xlsx c.xlsx` used to audit and
report the partnerships before a bad one, then stop; now all are refused at once, each named
with its unknown checklist and a did-you-mean, and nothing is audited or written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.engine import Engine

from csp_audit.model.errors import UsageError, did_you_mean
from csp_audit.model.periods import audit_period
from csp_audit.store.schema import AuditRunRow, PartnershipRow

if TYPE_CHECKING:
    from csp_audit.rules.checklists import Library
    from csp_audit.store.records import StoredPartnership


def _utc(stamp: datetime) -> datetime:
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


def _has_current_run(conn: object, code: str, label: str, as_of: date,
                     loaded: StoredPartnership | None) -> bool:
    """A stored run `report` renders instead of auditing (reporting.py's `still_current`):
    it is rendered with the checklists it was made with, so those need no look-up."""
    runs = AuditRunRow.__table__.c
    made = conn.execute(  # type: ignore[attr-defined]
        select(runs.created_at).where(runs.partnership_code == code, runs.year == label,
                                      runs.as_of == as_of)
        .order_by(runs.id.desc()).limit(1)).scalar_one_or_none()
    if made is None:
        return False
    return loaded is None or loaded.loaded_at is None or _utc(made) > _utc(loaded.loaded_at)


def refuse_unknown_checklists(engine: Engine, codes: list[str], year: str | None,
                              as_of: date | None, today: date, fresh: bool,
                              loads: dict[str, StoredPartnership],
                              checklists: Callable[[], Library]) -> None:
    """UsageError naming every partnership (of `codes`, whose audit runs now) whose
    Partnership sheet names a checklist the library does not hold."""
    table = PartnershipRow.__table__.c
    unknown: list[tuple[str, str]] = []
    library: Library | None = None
    with engine.connect() as conn:
        rows = {row.code: row for row in conn.execute(
            select(table.code, table.checklist, table.year_start_month, table.year_start_day)
            .where(table.code.in_(codes)))}
        for code in codes:
            row = rows.get(code)
            if row is None or not row.checklist:
                continue
            if not fresh:
                period, day = audit_period(year, as_of, today, row.year_start_month,
                                           row.year_start_day)
                if _has_current_run(conn, code, period.label, day, loads.get(code)):
                    continue
            library = library or checklists()
            if row.checklist not in library.checklists:
                unknown.append((code, row.checklist))
    if unknown:
        assert library is not None
        raise UsageError(unknown_checklists_message(unknown, sorted(library.checklists)))


def unknown_checklists_message(unknown: list[tuple[str, str]], known: list[str]) -> str:
    """`2 partnerships name a checklist that does not exist ...: norfolk names 'norfolkk'
    (did you mean 'norfolk'?); thurrock names 'x' (known: ...)`."""
    named = "; ".join(f"{code} names '{own}'" + (f" ({hint[2:]})" if (
        hint := did_you_mean(own, known)) else "") for code, own in unknown)
    names = [f"{own}.yaml" for own in dict.fromkeys(own for _, own in unknown)]
    files = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    count = len(unknown)
    who = "1 partnership names" if count == 1 else f"{count} partnerships name"
    return (f"{who} a checklist that does not exist in the Partnership sheet's checklist "
            f"field, so nothing was audited and no report written: {named} (known: "
            f"{', '.join(known) or 'none'}); correct the "
            f"{'workbook' if count == 1 else 'workbooks'}, or pass --checklists DIR holding "
            f"{files}")
