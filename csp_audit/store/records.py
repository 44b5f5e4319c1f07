"""Partnership records in and out of the database, as the frozen values the rest of the tool
uses; the import history and each partnership's year start.

Writes go through SQLAlchemy Core `executemany` (one statement per table, whatever the row
count) inside one transaction: a reload replaces a partnership's records entirely or not at
all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from sqlalchemy import Connection, Table, delete, func, select, update
from sqlalchemy.engine import Dialect, Engine

from csp_audit.model.errors import Problem
from csp_audit.model.records import (
    Action,
    AgendaItem,
    AsbReview,
    Attendance,
    DhrCase,
    DhrRecommendation,
    Document,
    Meeting,
    Member,
    Partnership,
    PartnershipRecords,
    Place,
    Recommendation,
    SentReport,
    Waiver,
)
from csp_audit.store import schema as db
from csp_audit.store.connect import reading, snapshot, writing
from csp_audit.store.driver import Values, dialect_of, fetch, quoted

RECORD_KINDS: tuple[tuple[str, type, type[Any]], ...] = (
    ("members", Member, db.MemberRow),
    ("meetings", Meeting, db.MeetingRow),
    ("attendance", Attendance, db.AttendanceRow),
    ("agenda", AgendaItem, db.AgendaItemRow),
    ("documents", Document, db.DocumentRow),
    ("dhr_cases", DhrCase, db.DhrCaseRow),
    ("asb_reviews", AsbReview, db.AsbReviewRow),
    ("waivers", Waiver, db.WaiverRow),
    ("actions", Action, db.ActionRow),
    ("dhr_recommendations", DhrRecommendation, db.DhrRecommendationRow),
    ("recommendations", Recommendation, db.RecommendationRow),
    ("reports", SentReport, db.SentReportRow),
)
"""PartnershipRecords field, record value and table, in the order records are written."""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def in_utc(stamp: dt.datetime) -> dt.datetime:
    """A stored time as written, in UTC: SQLite gives it back without its zone. The one
    helper for it: the runs (`runs.py`) use it too."""
    return stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp.astimezone(dt.UTC)


@dataclass(frozen=True)
class ImportInfo:
    """What the import record says about the workbook a load came from."""

    file_name: str
    sha256: str
    warnings: tuple[Problem, ...] = ()
    loaded_at: dt.datetime = field(default_factory=utcnow)


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


def _table(model: type[Any]) -> Table:
    return model.__table__  # type: ignore[no-any-return]


@dataclass(frozen=True)
class _Layout:
    """How one kind of record is read back, worked out once per process: the driver's
    query, and how each field's column is converted (per-row `dataclasses.fields` lookups
    were a third of a national load's time)."""

    fields: tuple[str, ...]
    """The record's fields, in order, `place` among them."""
    converts: tuple[str, ...]
    """Per field: `date`, `bool`, `list` (a JSON list, a tuple in the record), `place`
    (source_sheet and source_row) or `` (as stored)."""
    select: str
    """The kind's columns in field order, `place` as source_sheet and source_row, for one
    partnership (`?`), in workbook order."""
    place: int
    """Where `place` stands among the fields."""


_LAYOUTS: dict[type, _Layout] = {}


def _convert(name: str, annotation: Any) -> str:
    kind = str(annotation)
    if name == "place":
        return "place"
    if "tuple" in kind:
        return "list"
    if kind.split(" |")[0] == "date":
        return "date"
    return "bool" if kind.split(" |")[0] == "bool" else ""


def _layout(kind: type, model: type[Any]) -> _Layout:
    layout = _LAYOUTS.get(kind)
    if layout is None:
        fields = tuple(f.name for f in dataclasses.fields(kind))
        converts = tuple(_convert(f.name, f.type) for f in dataclasses.fields(kind))
        columns = ", ".join(quoted(c) for name in fields for c in (
            ("source_sheet", "source_row") if name == "place" else (name,)))
        select_sql = (f"SELECT {columns} FROM {quoted(model.__tablename__)} "
                      "WHERE partnership_id = ? ORDER BY id")
        layout = _LAYOUTS[kind] = _Layout(fields, converts, select_sql, fields.index("place"))
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


def _record_values(kind: type, layout: _Layout, rows: list[tuple[Any, ...]],
                   values: Values) -> tuple[Any, ...]:
    """Records from the driver's rows holding `layout.select`'s columns: converted column
    by column (each distinct date once), then built with `map`."""
    if not rows:
        return ()
    columns: list[Any] = list(zip(*rows, strict=True))
    built: list[Any] = []
    at = 0
    for convert in layout.converts:
        column = columns[at]
        at += 1
        if convert == "place":
            column = map(Place, column, columns[at])
            at += 1
        elif convert == "date":
            column = values.dates(column)
        elif convert == "bool":
            column = values.booleans(column)
        elif convert == "list":
            column = map(_as_tuple, column)
        built.append(column)
    return tuple(map(kind, *built))


def _as_tuple(value: Any) -> tuple[Any, ...]:
    return tuple(Values.json(value))


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
    with writing(engine, f"partnership:{values['code']}") as conn:
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


_PARTNERSHIP = ("SELECT id, name, code, nation, checklist, year_start_month, year_start_day, "
                "tier, registers, attendance_recorded, row_counts FROM partnership "
                "WHERE code = ?")

_DRAWN_ATTENDANCE = (" AND meeting_id IN (SELECT meeting_id FROM meeting WHERE "
                     "partnership_id = ? AND date BETWEEN ? AND ?)")
"""The attendance at the meetings of one span of days (the year a report draws)."""


def fetch_records(engine: Engine, code: str) -> PartnershipRecords | None:
    """The partnership's records as loaded, in workbook order; None if it was never loaded.

    One snapshot, one driver query per kind (bench/README.md: SQLAlchemy's result
    processing and a frozen record per row cost 4.5x a raw fetch)."""
    return _fetch(engine, code, None)


def fetch_drawn_records(engine: Engine, code: str, start: dt.date, end: dt.date
                        ) -> PartnershipRecords | None:
    """What a report draws of the partnership's records for a stored run of the year
    `start` to `end`: every record but the agenda (no section shows it, and none is left
    empty by this) and the attendance at meetings outside those days (the heat map shows
    the year's boards only). Not for an audit, which reads `fetch_records`."""
    return _fetch(engine, code, (start, end))


def _fetch(engine: Engine, code: str, drawn: tuple[dt.date, dt.date] | None
           ) -> PartnershipRecords | None:
    with snapshot(engine) as conn:
        values = Values(dialect_of(conn))
        found = fetch(conn, _PARTNERSHIP, (code,))
        if not found:
            return None
        (partnership_id, name, code, nation, checklist, month, day, tier, registers,
         attendance_recorded, row_counts) = found[0]
        collected: dict[str, tuple[Any, ...]] = {}
        for attribute, kind, model in RECORD_KINDS:
            layout = _layout(kind, model)
            sql, params = layout.select, [partnership_id]
            if drawn is not None and attribute == "agenda":
                collected[attribute] = ()
                continue
            if drawn is not None and attribute == "attendance":
                sql = sql.replace(" ORDER BY", _DRAWN_ATTENDANCE + " ORDER BY")
                params += [partnership_id, *map(values.date_param, drawn)]
            collected[attribute] = _record_values(kind, layout, fetch(conn, sql, params),
                                                  values)
    partnership = Partnership(
        name=name, code=code, nation=nation, checklist=checklist, year_start_month=month,
        year_start_day=day, tier=tier, registers=frozenset(Values.json(registers)),
        attendance_recorded=attendance_recorded or "everyone")
    return PartnershipRecords(partnership=partnership, row_counts=dict(Values.json(row_counts)),
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
    with reading(engine) as conn:
        listed = [
            StoredPartnership(r.code, r.name, dict(r.row_counts), r.file_name, r.sha256,
                              in_utc(r.loaded_at) if r.loaded_at else None)
            for r in conn.execute(query)
        ]
    # NOTE: sorted here, not by the database, whose collation may not be code point order.
    return sorted(listed, key=lambda p: p.code)


def year_starts(engine: Engine) -> dict[str, tuple[int, int]]:
    """Each stored partnership's year start (month, day), without reading its records."""
    table = _table(db.PartnershipRow)
    query = select(table.c.code, table.c.year_start_month, table.c.year_start_day)
    with reading(engine) as conn:
        return {row.code: (row.year_start_month, row.year_start_day)
                for row in conn.execute(query)}


def checklists_named(engine: Engine, codes: list[str]) -> dict[str, str | None]:
    """What each partnership's Partnership sheet names as its own checklist, by code."""
    table = _table(db.PartnershipRow).c
    with reading(engine) as conn:
        return {row.code: row.checklist for row in conn.execute(
            select(table.code, table.checklist).where(table.code.in_(codes)))}
