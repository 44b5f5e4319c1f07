"""Records and runs read and written through the driver (store/driver.py), on SQLite and
PostgreSQL: a run stored by orjson holds the values SQLAlchemy's JSON columns held (JSON
`null` for no waiver), a run SQLAlchemy stored reads back the same, and the records a
report draws of a stored run's year show exactly what every record shows."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from support.records import sample_audit, sample_records

from csp_audit.model.findings import AuditResult, Deadline
from csp_audit.report.context import build_context
from csp_audit.store.connect import open_database
from csp_audit.store.records import ImportInfo, fetch_drawn_records, fetch_records, save_records
from csp_audit.store.runs import fetch_audit, save_audit
from csp_audit.store.schema import AuditRunRow, FindingRow


@pytest.fixture
def engine(db: str) -> Iterator[Engine]:
    engine = open_database(db)
    yield engine
    engine.dispose()


def with_deadlines(result: AuditResult) -> AuditResult:
    first = dataclasses.replace(result.findings[0], deadlines=(
        Deadline(date(2024, 9, 1), "missed", "DHR-2024-01: telling the Home Office", True),))
    return dataclasses.replace(result, findings=(first, *result.findings[1:]))


def as_sqlalchemy_stored(result: AuditResult) -> list[dict[str, Any]]:
    """The finding rows as `dataclasses.asdict` and SQLAlchemy's JSON columns kept them."""
    return [{
        "rule_id": f.rule_id, "status": f.status, "statutory": f.statutory,
        "sources": [dataclasses.asdict(s) for s in f.sources],
        "evidence": [dataclasses.asdict(e) for e in f.evidence],
        "waiver": None if f.waiver is None else {
            **dataclasses.asdict(f.waiver), "expires": f.waiver.expires.isoformat()},
        "deadlines": [{**dataclasses.asdict(d), "due": d.due.isoformat()}
                      for d in f.deadlines]} for f in result.findings]


def test_a_run_stored_through_the_driver_holds_what_sqlalchemy_stored(engine: Engine) -> None:
    result = with_deadlines(sample_audit())
    run_id = save_audit(engine, result).run_id
    findings = FindingRow.__table__  # type: ignore[attr-defined]
    runs = AuditRunRow.__table__  # type: ignore[attr-defined]
    with engine.connect() as conn:
        rows = conn.execute(select(findings).where(findings.c.run_id == run_id)
                            .order_by(findings.c.position)).all()
        run = conn.execute(select(runs).where(runs.c.id == run_id)).one()
        sql_nulls = conn.execute(text("SELECT count(*) FROM finding WHERE waiver IS NULL"
                                      " OR deadlines IS NULL")).scalar_one()
    assert [{key: getattr(row, key) for key in ("rule_id", "status", "statutory", "sources",
                                                "evidence", "waiver", "deadlines")}
            for row in rows] == as_sqlalchemy_stored(result)
    assert sql_nulls == 0  # JSON null, as SQLAlchemy's JSON type wrote None
    assert (run.period_start, run.as_of, run.summary, run.warnings) == (
        result.period_start, result.as_of, result.summary, [])
    assert run.checklists == [dataclasses.asdict(c) for c in result.checklists]
    assert fetch_audit(engine, run_id) == result


def test_a_run_sqlalchemy_stored_reads_back_through_the_driver(engine: Engine) -> None:
    result = with_deadlines(sample_audit())
    runs = AuditRunRow.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        run_id = conn.execute(runs.insert().values(
            partnership_code=result.partnership_code,
            partnership_name=result.partnership_name, year=result.year,
            period_start=result.period_start, period_end=result.period_end,
            as_of=result.as_of, checklists=[dataclasses.asdict(c) for c in result.checklists],
            tool_version=result.tool_version, created_at=datetime(2025, 5, 2, 9, 30, tzinfo=UTC),
            overall=result.overall, summary=dict(result.summary), warnings=None,
        )).inserted_primary_key[0]
        conn.execute(FindingRow.__table__.insert(), [  # type: ignore[attr-defined]
            {**row, "run_id": run_id, "position": i, "title": f.title, "reason": f.reason,
             "public_reason": f.public_reason, "guidance": f.guidance, "area": f.area,
             "basis": f.basis, "checklist": f.checklist, "kind": f.kind}
            for i, (f, row) in enumerate(zip(result.findings, as_sqlalchemy_stored(result),
                                             strict=True))])
    assert fetch_audit(engine, run_id) == result


def test_a_report_draws_from_its_years_records_what_it_draws_from_all(engine: Engine) -> None:
    records = sample_records(meetings=12)  # January to December 2024: two reporting years
    save_records(engine, records, ImportInfo("sefton.xlsx", "ab" * 32))
    result = sample_audit(as_of=date(2025, 3, 31))
    whole = fetch_records(engine, "sefton")
    drawn = fetch_drawn_records(engine, "sefton", result.period_start, result.period_end)
    assert whole == records and drawn is not None
    assert drawn.agenda == ()
    assert {a.meeting_id for a in drawn.attendance} == {
        m.meeting_id for m in records.meetings if m.date >= date(2024, 4, 1)}
    assert drawn.attendance == tuple(a for a in records.attendance
                                     if a.meeting_id >= "B-2024-04")
    for public in (False, True):
        assert build_context(result, drawn, None, public) == build_context(
            result, whole, None, public)
