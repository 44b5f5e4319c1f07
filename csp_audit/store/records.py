"""Records and audits in and out of the database, as the frozen values the rest of the tool
uses.

Writes go through SQLAlchemy Core `executemany` (one statement per table, whatever the row
count) inside one transaction: a reload replaces a partnership's records entirely or not at
all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from sqlalchemy import Connection, Table, case, delete, func, select, update
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.exc import DBAPIError

from csp_audit.model.errors import DatabaseError, Problem
from csp_audit.model.findings import (
    AuditResult,
    ChecklistRef,
    Deadline,
    Evidence,
    Finding,
    Source,
    WaiverNote,
)
from csp_audit.model.records import (
    AgendaItem,
    AsbReview,
    Attendance,
    DhrCase,
    Document,
    Meeting,
    Member,
    Partnership,
    PartnershipRecords,
    Place,
    Waiver,
)
from csp_audit.store import schema as db

RECORD_KINDS: tuple[tuple[str, type, type[Any]], ...] = (
    ("members", Member, db.MemberRow),
    ("meetings", Meeting, db.MeetingRow),
    ("attendance", Attendance, db.AttendanceRow),
    ("agenda", AgendaItem, db.AgendaItemRow),
    ("documents", Document, db.DocumentRow),
    ("dhr_cases", DhrCase, db.DhrCaseRow),
    ("asb_reviews", AsbReview, db.AsbReviewRow),
    ("waivers", Waiver, db.WaiverRow),
)
"""PartnershipRecords field, record value and table, in the order records are written."""


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _in_utc(stamp: dt.datetime) -> dt.datetime:
    """A stored time as written, in UTC: SQLite gives it back without its zone."""
    return stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp.astimezone(dt.UTC)


@dataclass(frozen=True)
class ImportInfo:
    """What the import record says about the workbook a load came from."""

    file_name: str
    sha256: str
    warnings: tuple[Problem, ...] = ()
    loaded_at: dt.datetime = field(default_factory=_utcnow)


@dataclass(frozen=True)
class SavedImport:
    import_id: int
    partnership_id: int
    replaced: bool
    """True when the partnership was already in the database and its records were replaced."""


@dataclass(frozen=True)
class StoredPartnership:
    """A partnership in the database and its latest import, for listings and summaries."""

    code: str
    name: str
    rows: dict[str, int]
    file_name: str | None
    sha256: str | None
    loaded_at: dt.datetime | None


@dataclass(frozen=True)
class StoredAudit:
    """An audit as stored: its run id (for `previous_audit`) and when it ran (UTC)."""

    run_id: int
    created_at: dt.datetime
    result: AuditResult


def _table(model: type[Any]) -> Table:
    return model.__table__  # type: ignore[no-any-return]


@contextmanager
def _writing(engine: Engine, lock: str) -> Iterator[Connection]:
    """One transaction; a driver failure becomes a DatabaseError after the rollback."""
    try:
        with engine.begin() as conn:
            # NOTE: take the write lock before reading, so two loads of one new code
            # cannot both decide to insert it.
            db.write_lock(conn, lock)
            yield conn
    except DBAPIError as error:
        raise DatabaseError(
            f"cannot write to database {engine.url.render_as_string()}: {db.describe(error)}"
        ) from error


@contextmanager
def _reading(engine: Engine) -> Iterator[Connection]:
    try:
        with engine.connect() as conn:
            yield conn
    except DBAPIError as error:
        raise DatabaseError(
            f"cannot read database {engine.url.render_as_string()}: {db.describe(error)}"
        ) from error


# -- records ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    """One kind of record against its table, worked out once per process: per-row
    `dataclasses.fields` lookups were a third of a national load's time."""

    fields: tuple[str, ...]
    """The record's fields, in order, `place` among them."""
    lists: tuple[str, ...]
    """Fields holding a tuple, stored as a JSON list."""
    columns: tuple[Any, ...]
    """The table's columns in field order, `place` as source_sheet and source_row."""
    place: int
    """Where `place` stands among the fields."""


_LAYOUTS: dict[type, _Layout] = {}


def _layout(kind: type, model: type[Any]) -> _Layout:
    layout = _LAYOUTS.get(kind)
    if layout is None:
        fields = tuple(f.name for f in dataclasses.fields(kind))
        lists = tuple(f.name for f in dataclasses.fields(kind) if "tuple" in str(f.type))
        table = _table(model)
        columns = tuple(c for name in fields for c in (
            (table.c.source_sheet, table.c.source_row) if name == "place" else (table.c[name],)))
        layout = _LAYOUTS[kind] = _Layout(fields, lists, columns, fields.index("place"))
    return layout


@dataclass(frozen=True)
class _Insert:
    """One kind's INSERT as the driver takes it, compiled once per dialect: SQLAlchemy's
    own executemany built a dict and ran every bind processor per row, a third of a load."""

    statement: str
    names: tuple[str, ...]
    """The parameters in order: partnership_id, then each column `values` gives."""
    values: Callable[[Any], tuple[Any, ...]]
    """A record's column values, `place` as source_sheet and source_row."""
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]
    """Position and bind processor (dates to text in SQLite, JSON, booleans) by column."""
    positional: bool


_INSERTS: weakref.WeakKeyDictionary[Dialect, dict[type, _Insert]] = (
    weakref.WeakKeyDictionary())
_PLACE_COLUMNS = {"source_sheet": "place.sheet", "source_row": "place.row"}


def _insert(dialect: Dialect, kind: type, model: type[Any]) -> _Insert:
    inserts = _INSERTS.setdefault(dialect, {})
    found = inserts.get(kind)
    if found is not None:
        return found
    table = _table(model)
    fields = {f.name for f in dataclasses.fields(kind)}
    columns = [c for c in table.columns if c.name in fields or c.name in _PLACE_COLUMNS]
    names = ("partnership_id", *(c.name for c in columns))
    compiled = table.insert().compile(dialect=dialect, column_keys=list(names),
                                      for_executemany=True)
    if compiled.positional and tuple(compiled.positiontup or ()) != names:
        raise RuntimeError(f"unexpected parameter order for {table.name}")
    processors = tuple(
        (index, processor) for index, column in enumerate(columns, start=1)
        if (processor := column.type.dialect_impl(dialect).bind_processor(dialect)))
    found = inserts[kind] = _Insert(
        compiled.string, names,
        attrgetter(*(_PLACE_COLUMNS.get(c.name, c.name) for c in columns)),
        processors, compiled.positional)
    return found


def _insert_records(conn: Connection, kind: type, model: type[Any], records: tuple[Any, ...],
                    partnership_id: int) -> None:
    """All of one kind's records in one driver executemany, values converted column by
    column as SQLAlchemy would convert them."""
    if not records:
        return
    insert = _insert(conn.dialect, kind, model)
    values = insert.values
    rows: list[Any] = [(partnership_id, *values(record)) for record in records]
    if insert.processors:
        columns: list[Any] = list(zip(*rows, strict=True))
        for index, processor in insert.processors:
            columns[index] = map(processor, columns[index])
        rows = list(zip(*columns, strict=True))
    if not insert.positional:
        rows = [dict(zip(insert.names, row, strict=True)) for row in rows]
    conn.exec_driver_sql(insert.statement, rows)


def _record_values(kind: type, layout: _Layout, rows: list[Any]) -> tuple[Any, ...]:
    """Records from rows holding `layout.columns`, built positionally."""
    at = layout.place
    lists = [layout.fields.index(name) for name in layout.lists]
    records = []
    for row in rows:
        values = [*row[:at], Place(row[at], row[at + 1]), *row[at + 2:]]
        for index in lists:
            values[index] = tuple(values[index])
        records.append(kind(*values))
    return tuple(records)


def _partnership_row(records: PartnershipRecords) -> dict[str, Any]:
    partnership = records.partnership
    row = dataclasses.asdict(partnership)
    row["registers"] = sorted(partnership.registers)
    row["row_counts"] = dict(records.row_counts)
    return row


def save_records(
    engine: Engine, records: PartnershipRecords, import_info: ImportInfo
) -> SavedImport:
    """Replace the partnership's records (same code) with these, in one transaction."""
    partnership_table = _table(db.PartnershipRow)
    values = _partnership_row(records)
    with _writing(engine, f"partnership:{values['code']}") as conn:
        partnership_id = conn.execute(
            select(partnership_table.c.id).where(partnership_table.c.code == values["code"])
        ).scalar_one_or_none()
        replaced = partnership_id is not None
        if partnership_id is None:
            partnership_id = conn.execute(
                partnership_table.insert().values(values)
            ).inserted_primary_key[0]
        else:
            conn.execute(
                update(partnership_table)
                .where(partnership_table.c.id == partnership_id)
                .values(values)
            )
            for model in db.RECORD_TABLES:
                table = _table(model)
                conn.execute(delete(table).where(table.c.partnership_id == partnership_id))
        for attribute, kind, model in RECORD_KINDS:
            _insert_records(conn, kind, model, getattr(records, attribute), partnership_id)
        import_id = conn.execute(
            _table(db.ImportRow).insert().values(
                partnership_id=partnership_id,
                file_name=import_info.file_name,
                sha256=import_info.sha256,
                loaded_at=import_info.loaded_at,
                rows=dict(records.row_counts),
                warnings=[dataclasses.asdict(p) for p in import_info.warnings],
            )
        ).inserted_primary_key[0]
    return SavedImport(import_id, partnership_id, replaced)


def fetch_records(engine: Engine, code: str) -> PartnershipRecords | None:
    """The partnership's records as loaded, in workbook order; None if it was never loaded."""
    partnership_table = _table(db.PartnershipRow)
    with _reading(engine) as conn:
        row = conn.execute(
            select(partnership_table).where(partnership_table.c.code == code)
        ).one_or_none()
        if row is None:
            return None
        collected: dict[str, tuple[Any, ...]] = {}
        for attribute, kind, model in RECORD_KINDS:
            table = _table(model)
            layout = _layout(kind, model)
            result = conn.execute(
                select(*layout.columns).where(table.c.partnership_id == row.id)
                .order_by(table.c.id)
            ).all()
            collected[attribute] = _record_values(kind, layout, result)
    partnership = Partnership(
        name=row.name,
        code=row.code,
        nation=row.nation,
        checklist=row.checklist,
        year_start_month=row.year_start_month,
        year_start_day=row.year_start_day,
        tier=row.tier,
        registers=frozenset(row.registers),
    )
    return PartnershipRecords(partnership=partnership, row_counts=dict(row.row_counts),
                              **collected)


def list_partnerships(engine: Engine) -> list[StoredPartnership]:
    """Every partnership loaded, by code, with its latest import."""
    partnerships = _table(db.PartnershipRow)
    imports = _table(db.ImportRow)
    newest = (
        select(func.max(imports.c.id).label("id")).group_by(imports.c.partnership_id).subquery()
    )
    latest = select(imports).join(newest, imports.c.id == newest.c.id).subquery()
    query = (
        select(partnerships.c.code, partnerships.c.name, partnerships.c.row_counts,
               latest.c.file_name, latest.c.sha256, latest.c.loaded_at)
        .outerjoin(latest, latest.c.partnership_id == partnerships.c.id)
    )
    with _reading(engine) as conn:
        listed = [
            StoredPartnership(r.code, r.name, dict(r.row_counts), r.file_name, r.sha256,
                              _in_utc(r.loaded_at) if r.loaded_at else None)
            for r in conn.execute(query)
        ]
    # NOTE: sorted here, not by the database, whose collation may not be code point order.
    return sorted(listed, key=lambda p: p.code)


# -- audits ----------------------------------------------------------------------------------


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


def save_audit(engine: Engine, result: AuditResult) -> int:
    """Store one audit and its findings in one transaction; returns the run id."""
    runs = _table(db.AuditRunRow)
    with _writing(engine, f"audit:{result.partnership_code}") as conn:
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
                created_at=_utcnow(),
                overall=result.overall,
                summary=dict(result.summary),
                warnings=list(result.warnings),
            )
        ).inserted_primary_key[0]
        rows = [_finding_row(f, run_id, i) for i, f in enumerate(result.findings)]
        if rows:
            conn.execute(_table(db.FindingRow).insert(), rows)
    return int(run_id)


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
    return StoredAudit(run.id, _in_utc(run.created_at), result)


def _one_audit(engine: Engine, *conditions: Any, order: tuple[Any, ...] = ()
               ) -> StoredAudit | None:
    runs = _table(db.AuditRunRow)
    with _reading(engine) as conn:
        run = conn.execute(
            select(runs).where(*conditions).order_by(*order, runs.c.id.desc()).limit(1)
        ).one_or_none()
        return None if run is None else _stored_audit(conn, run)


def fetch_audit(engine: Engine, run_id: int) -> AuditResult | None:
    """The audit stored under `run_id`, findings in their original order."""
    stored = _one_audit(engine, _table(db.AuditRunRow).c.id == run_id)
    return None if stored is None else stored.result


def latest_audit(engine: Engine, code: str, year: str, as_of: dt.date) -> StoredAudit | None:
    """The most recent run of this partnership, reporting year and as-of day."""
    runs = _table(db.AuditRunRow).c
    return _one_audit(
        engine, runs.partnership_code == code, runs.year == year, runs.as_of == as_of
    )


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
