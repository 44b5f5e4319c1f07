"""Audit runs in and out of the database: save one, fetch one, the run still current for a
report, the run before another, the run a report's trend compares with.

A run is current when it was made after the partnership's latest load: a run made before a
reload rated records that are gone, and must not be rendered with the new ones.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sqlalchemy import Connection, Table, case, select
from sqlalchemy.engine import Engine

from csp_audit.model.findings import (
    AuditResult,
    ChecklistRef,
    Deadline,
    Evidence,
    Finding,
    Source,
    StoredAudit,
    WaiverNote,
)
from csp_audit.model.periods import Period
from csp_audit.store import schema as db
from csp_audit.store.connect import reading, writing
from csp_audit.store.records import StoredPartnership, in_utc, utcnow


def _table(model: type[Any]) -> Table:
    return model.__table__  # type: ignore[no-any-return]


def _date_or_none(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _waiver_json(note: WaiverNote | None) -> dict[str, Any] | None:
    if note is None:
        return None
    values = dataclasses.asdict(note)
    values["expires"] = note.expires.isoformat()
    return values


def _waiver_note(values: dict[str, Any] | None) -> WaiverNote | None:
    if values is None:
        return None
    return WaiverNote(**{**values, "expires": dt.date.fromisoformat(values["expires"])})


def _finding_row(finding: Finding, run_id: int, position: int) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "position": position,
        "rule_id": finding.rule_id,
        "title": finding.title,
        "status": finding.status,
        "reason": finding.reason,
        "public_reason": finding.public_reason,
        "sources": [dataclasses.asdict(s) for s in finding.sources],
        "evidence": [dataclasses.asdict(e) for e in finding.evidence],
        "guidance": finding.guidance,
        "statutory": finding.statutory,
        "area": finding.area,
        "basis": finding.basis,
        "checklist": finding.checklist,
        "kind": finding.kind,
        "waiver": _waiver_json(finding.waiver),
        "deadlines": [{**dataclasses.asdict(d), "due": d.due.isoformat()}
                      for d in finding.deadlines],
    }


def _finding(row: Any) -> Finding:
    return Finding(
        rule_id=row.rule_id,
        title=row.title,
        status=row.status,
        reason=row.reason,
        sources=tuple(Source(**s) for s in row.sources),
        evidence=tuple(Evidence(**e) for e in row.evidence),
        guidance=row.guidance,
        statutory=row.statutory,
        area=row.area,
        basis=row.basis,
        checklist=row.checklist,
        kind=row.kind,
        public_reason=row.public_reason,
        waiver=_waiver_note(row.waiver),
        deadlines=tuple(Deadline(**{**d, "due": dt.date.fromisoformat(d["due"])})
                        for d in row.deadlines or ()),
    )


def save_audit(engine: Engine, result: AuditResult) -> StoredAudit:
    """Store one audit and its findings in one transaction; returns it as stored (its run
    id and when it ran), so nothing need read it back."""
    runs = _table(db.AuditRunRow)
    created_at = utcnow()
    with writing(engine, f"audit:{result.partnership_code}") as conn:
        run_id = conn.execute(
            runs.insert().values(
                partnership_code=result.partnership_code,
                partnership_name=result.partnership_name,
                year=result.year,
                period_start=result.period_start,
                period_end=result.period_end,
                as_of=result.as_of,
                checklists=[dataclasses.asdict(c) for c in result.checklists],
                tool_version=result.tool_version,
                created_at=created_at,
                overall=result.overall,
                summary=dict(result.summary),
                warnings=list(result.warnings),
            )
        ).inserted_primary_key[0]
        rows = [_finding_row(f, run_id, i) for i, f in enumerate(result.findings)]
        if rows:
            conn.execute(_table(db.FindingRow).insert(), rows)
    return StoredAudit(int(run_id), created_at, result)


def _stored_audit(conn: Connection, run: Any) -> StoredAudit:
    findings = _table(db.FindingRow)
    rows = conn.execute(
        select(findings).where(findings.c.run_id == run.id).order_by(findings.c.position)
    )
    result = AuditResult(
        partnership_code=run.partnership_code,
        partnership_name=run.partnership_name,
        year=run.year,
        period_start=run.period_start,
        period_end=run.period_end,
        as_of=run.as_of,
        checklists=tuple(ChecklistRef(**c) for c in run.checklists),
        findings=tuple(_finding(r) for r in rows),
        tool_version=run.tool_version,
        overall=run.overall,
        summary=dict(run.summary),
        warnings=tuple(run.warnings or ()),
    )
    return StoredAudit(run.id, in_utc(run.created_at), result)


def _one_audit(engine: Engine, *conditions: Any, order: tuple[Any, ...] = ()
               ) -> StoredAudit | None:
    runs = _table(db.AuditRunRow)
    with reading(engine) as conn:
        run = conn.execute(
            select(runs).where(*conditions).order_by(*order, runs.c.id.desc()).limit(1)
        ).one_or_none()
        return None if run is None else _stored_audit(conn, run)


def fetch_audit(engine: Engine, run_id: int) -> AuditResult | None:
    """The audit stored under `run_id`, findings in their original order."""
    stored = _one_audit(engine, _table(db.AuditRunRow).c.id == run_id)
    return None if stored is None else stored.result


def current_run(engine: Engine, code: str, period: Period, as_of: dt.date,
                loaded: StoredPartnership | None) -> StoredAudit | None:
    """The latest run of this partnership, reporting year and as-of day, if it is still
    current after `loaded` (the partnership's latest load; None: not known, so current)."""
    with reading(engine) as conn:
        run = _latest_run(conn, code, period, as_of, _table(db.AuditRunRow))
        return (_stored_audit(conn, run) if run is not None and _is_current(run, loaded)
                else None)


def has_current_run(engine: Engine, code: str, period: Period, as_of: dt.date,
                    loaded: StoredPartnership | None) -> bool:
    """Whether `current_run` would find a run, without reading its findings."""
    runs = _table(db.AuditRunRow)
    with reading(engine) as conn:
        run = _latest_run(conn, code, period, as_of, runs.c.created_at)
    return run is not None and _is_current(run, loaded)


def _latest_run(conn: Connection, code: str, period: Period, as_of: dt.date,
                *columns: Any) -> Any:
    runs = _table(db.AuditRunRow).c
    return conn.execute(
        select(*columns).where(runs.partnership_code == code, runs.year == period.label,
                               runs.as_of == as_of)
        .order_by(runs.id.desc()).limit(1)).one_or_none()


def _is_current(run: Any, loaded: StoredPartnership | None) -> bool:
    if loaded is None or loaded.loaded_at is None:
        return True
    return in_utc(run.created_at) > in_utc(loaded.loaded_at)


def previous_audit(engine: Engine, code: str, before_run_id: int) -> StoredAudit | None:
    """The partnership's run just before `before_run_id`, for trends in reports."""
    runs = _table(db.AuditRunRow).c
    return _one_audit(engine, runs.partnership_code == code, runs.id < before_run_id)


def audit_to_compare(engine: Engine, code: str, year: str, as_of: dt.date
                     ) -> StoredAudit | None:
    """The run a report's trend compares with: a run as of a day before `as_of` (a run as of
    the same day is this audit again, a later one is not "the last audit"), of last year
    (the latest earlier reporting year) if there is one, else of this year; of those, the
    one as of the latest day, the latest made on ties. Never a run of a later year."""
    runs = _table(db.AuditRunRow).c
    return _one_audit(engine, runs.partnership_code == code, runs.year <= year,
                      runs.as_of < as_of,
                      order=(case((runs.year == year, 1), else_=0), runs.year.desc(),
                             runs.as_of.desc()))
