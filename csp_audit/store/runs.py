"""Audit runs in and out of the database: save one, fetch one, the run still current for a
report, the run before another, the run a report's trend compares with.

A run is current when it was made after the partnership's latest load: a run made before a
reload rated records that are gone, and must not be rendered with the new ones.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

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
from csp_audit.store.connect import Engine, reading, writing
from csp_audit.store.driver import (
    Values,
    dialect_of,
    executemany,
    fetch,
    insert_id,
    json_param,
    quoted,
)
from csp_audit.store.records import StoredPartnership, in_utc, utcnow

_RUN_COLUMNS = ("partnership_code", "partnership_name", "year", "period_start", "period_end",
                "as_of", "checklists", "tool_version", "created_at", "overall", "summary",
                "warnings")
_FINDING_COLUMNS = ("run_id", "position", "rule_id", "title", "status", "reason",
                    "public_reason", "sources", "evidence", "guidance", "statutory", "area",
                    "basis", "checklist", "kind", "waiver", "deadlines")


def _insert(table: str, columns: tuple[str, ...]) -> str:
    return (f"INSERT INTO {table} ({', '.join(map(quoted, columns))}) "
            f"VALUES ({', '.join('?' * len(columns))})")


_INSERT_RUN = _insert("audit_run", _RUN_COLUMNS)
_INSERT_FINDING = _insert("finding", _FINDING_COLUMNS)
_SELECT_RUN = f"SELECT id, {', '.join(map(quoted, _RUN_COLUMNS))} FROM audit_run"
_SELECT_FINDINGS = (f"SELECT {', '.join(map(quoted, _FINDING_COLUMNS[2:]))} FROM finding "
                    "WHERE run_id = ? ORDER BY position")


def _waiver_note(values: dict[str, Any] | None) -> WaiverNote | None:
    if values is None:
        return None
    return WaiverNote(**{**values, "expires": dt.date.fromisoformat(values["expires"])})


def _finding_row(finding: Finding, run_id: int, position: int, values: Values
                 ) -> tuple[Any, ...]:
    """A finding as its row: the JSON columns hold what `dataclasses.asdict` gave (dates as
    ISO days), written by orjson."""
    return (run_id, position, finding.rule_id, finding.title, finding.status, finding.reason,
            finding.public_reason, json_param(finding.sources), json_param(finding.evidence),
            finding.guidance, values.bool_param(finding.statutory), finding.area,
            finding.basis, finding.checklist, finding.kind, json_param(finding.waiver),
            json_param(finding.deadlines))


def _finding(row: tuple[Any, ...], statutory: bool) -> Finding:
    (rule_id, title, status, reason, public_reason, sources, evidence, guidance, _, area,
     basis, checklist, kind, waiver, deadlines) = row
    return Finding(
        rule_id=rule_id,
        title=title,
        status=status,
        reason=reason,
        sources=tuple(Source(**s) for s in Values.json(sources)),
        evidence=tuple(Evidence(**e) for e in Values.json(evidence)),
        guidance=guidance,
        statutory=statutory,
        area=area,
        basis=basis,
        checklist=checklist,
        kind=kind,
        public_reason=public_reason,
        waiver=_waiver_note(Values.json(waiver)),
        deadlines=tuple(Deadline(**{**d, "due": dt.date.fromisoformat(d["due"])})
                        for d in Values.json(deadlines) or ()),
    )


def save_audit(engine: Engine, result: AuditResult) -> StoredAudit:
    """Store one audit and its findings in one transaction, through the driver; returns it
    as stored (its run id and when it ran), so nothing need read it back."""
    created_at = utcnow()
    with writing(engine, f"audit:{result.partnership_code}") as conn:
        values = Values(dialect_of(conn))
        run = (result.partnership_code, result.partnership_name, result.year,
               values.date_param(result.period_start), values.date_param(result.period_end),
               values.date_param(result.as_of), json_param(result.checklists),
               result.tool_version, values.stamp_param(created_at), result.overall,
               json_param(result.summary), json_param(result.warnings))
        run_id = insert_id(conn, _INSERT_RUN, run)
        rows = [_finding_row(f, run_id, i, values) for i, f in enumerate(result.findings)]
        if rows:
            executemany(conn, _INSERT_FINDING, rows)
    return StoredAudit(int(run_id), created_at, result)


def _stored_audit(conn: Any, run: tuple[Any, ...]) -> StoredAudit:
    values = Values(dialect_of(conn))
    (run_id, code, name, year, period_start, period_end, as_of, checklists, tool_version,
     created_at, overall, summary, warnings) = run
    rows = fetch(conn, _SELECT_FINDINGS, (run_id,))
    statutory = values.booleans([row[8] for row in rows])
    start, end, day = values.dates((period_start, period_end, as_of))
    result = AuditResult(
        partnership_code=code,
        partnership_name=name,
        year=year,
        period_start=start,
        period_end=end,
        as_of=day,
        checklists=tuple(ChecklistRef(**c) for c in Values.json(checklists)),
        findings=tuple(map(_finding, rows, statutory)),
        tool_version=tool_version,
        overall=overall,
        summary=dict(Values.json(summary)),
        warnings=tuple(Values.json(warnings) or ()),
    )
    return StoredAudit(run_id, in_utc(Values.stamp(created_at)), result)


def _one_audit(engine: Engine, where: str, params: tuple[Any, ...], order: str = ""
               ) -> StoredAudit | None:
    with reading(engine) as conn:
        found = fetch(conn, f"{_SELECT_RUN} WHERE {where} ORDER BY {order}id DESC LIMIT 1",
                      _params(conn, params))
        return None if not found else _stored_audit(conn, found[0])


def _params(conn: Any, params: tuple[Any, ...]) -> tuple[Any, ...]:
    values = Values(dialect_of(conn))
    return tuple(values.date_param(p) if isinstance(p, dt.date) else p for p in params)


def fetch_audit(engine: Engine, run_id: int) -> AuditResult | None:
    """The audit stored under `run_id`, findings in their original order."""
    stored = _one_audit(engine, "id = ?", (run_id,))
    return None if stored is None else stored.result


_LATEST = "partnership_code = ? AND year = ? AND as_of = ?"


def current_run(engine: Engine, code: str, period: Period, as_of: dt.date,
                loaded: StoredPartnership | None) -> StoredAudit | None:
    """The latest run of this partnership, reporting year and as-of day, if it is still
    current after `loaded` (the partnership's latest load; None: not known, so current)."""
    with reading(engine) as conn:
        found = fetch(conn, f"{_SELECT_RUN} WHERE {_LATEST} ORDER BY id DESC LIMIT 1",
                      _params(conn, (code, period.label, as_of)))
        if not found or not _is_current(found[0][9], loaded):
            return None
        return _stored_audit(conn, found[0])


def has_current_run(engine: Engine, code: str, period: Period, as_of: dt.date,
                    loaded: StoredPartnership | None) -> bool:
    """Whether `current_run` would find a run, without reading its findings."""
    with reading(engine) as conn:
        found = fetch(conn, f"SELECT created_at FROM audit_run WHERE {_LATEST} "
                      "ORDER BY id DESC LIMIT 1", _params(conn, (code, period.label, as_of)))
    return bool(found) and _is_current(found[0][0], loaded)


def _is_current(created_at: Any, loaded: StoredPartnership | None) -> bool:
    if loaded is None or loaded.loaded_at is None:
        return True
    return in_utc(Values.stamp(created_at)) > in_utc(loaded.loaded_at)


def previous_audit(engine: Engine, code: str, before_run_id: int) -> StoredAudit | None:
    """The partnership's run just before `before_run_id`, for trends in reports."""
    return _one_audit(engine, "partnership_code = ? AND id < ?", (code, before_run_id))


def audit_to_compare(engine: Engine, code: str, year: str, as_of: dt.date
                     ) -> StoredAudit | None:
    """The run a report's trend compares with: a run as of a day before `as_of` (a run as of
    the same day is this audit again, a later one is not "the last audit"), of last year
    (the latest earlier reporting year) if there is one, else of this year; of those, the
    one as of the latest day, the latest made on ties. Never a run of a later year."""
    return _one_audit(engine, "partnership_code = ? AND year <= ? AND as_of < ?",
                      (code, year, as_of, year),
                      order="CASE WHEN year = ? THEN 1 ELSE 0 END, year DESC, as_of DESC, ")
