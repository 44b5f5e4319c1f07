"""Partnership records in and out of the database, as the frozen values the rest of the tool
uses; the import history and each partnership's year start.

Writes take each kind of record as plain columns (a load's clean workbook arrives that way;
`save_records` turns records into them) and give them to the driver's `executemany` (one
statement per table, whatever the row count) inside one transaction: a reload replaces a
partnership's records entirely or not at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
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
    """The parameters in order: partnership_id, then the table's columns the record fills
    (`place` as source_sheet and source_row)."""
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]
    """Position and bind processor (dates to text in SQLite, JSON, booleans) by column."""
    positional: bool
    days: dict[int, dict[Any, Any]] = field(default_factory=dict)
    """By position, the dates its processor has converted: a few thousand days at most."""


_INSERTS: weakref.WeakKeyDictionary[Dialect, dict[type, _Insert]] = (
    weakref.WeakKeyDictionary())
_PLACE_COLUMNS = frozenset({"source_sheet", "source_row"})


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
    found = inserts[kind] = _Insert(compiled.string, names, processors, compiled.positional)
    return found


Columns = Mapping[str, Sequence[Any]]
"""One kind's records as plain columns: the table's column name (a record field, or
source_sheet and source_row for its place) -> one value per record."""


def _insert_columns(conn: Connection, kind: type, model: type[Any], columns: Columns | None,
                    partnership_id: int) -> None:
    """All of one kind's records in one driver executemany, straight from their columns,
    values converted column by column as SQLAlchemy would convert them."""
    if not columns or not columns["source_row"]:
        return
    insert = _insert(conn.dialect, kind, model)
    values: list[Any] = [repeat(partnership_id, len(columns["source_row"])),
                         *(columns[name] for name in insert.names[1:])]
    for index, processor in insert.processors:
        values[index] = _converted(processor, values[index], insert.days.setdefault(index, {}))
    rows: list[Any] = list(zip(*values, strict=True))
    if not insert.positional:
        rows = [dict(zip(insert.names, row, strict=True)) for row in rows]
    conn.exec_driver_sql(insert.statement, rows)


def _converted(processor: Callable[[Any], Any], values: Sequence[Any],
               known: dict[Any, Any]) -> Iterable[Any]:
    """A column through its bind processor, each distinct value once where the values are
    all of one hashable kind (dates, flags, lists of names), a date once per statement
    (`known`: the same days recur in every workbook); else cell by cell."""
    kinds = set(map(type, values))
    kinds.discard(type(None))
    if kinds == {dt.date}:
        known.update((day, processor(day)) for day in set(values).difference(known))
        return map(known.__getitem__, values)
    if len(kinds) == 1 and kinds <= {bool, str, tuple}:
        distinct = {value: processor(value) for value in set(values)}
        return map(distinct.__getitem__, values)
    return map(processor, values)


def record_columns(records: PartnershipRecords) -> dict[str, Columns]:
    """Each kind of record (by `PartnershipRecords` field) as the columns `save_columns`
    takes."""
    columns: dict[str, Columns] = {}
    for attribute, kind, model in RECORD_KINDS:
        layout = _layout(kind, model)
        kept: tuple[Any, ...] = getattr(records, attribute)
        by_name: dict[str, list[Any]] = {}
        for name in layout.fields:
            if name == "place":
                by_name["source_sheet"] = [record.place.sheet for record in kept]
                by_name["source_row"] = [record.place.row for record in kept]
            else:
                by_name[name] = list(map(attrgetter(name), kept))
        columns[attribute] = by_name
    return columns


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


def _partnership_row(partnership: Partnership, row_counts: Mapping[str, int]
                     ) -> dict[str, Any]:
    row = dataclasses.asdict(partnership)
    row["registers"] = sorted(partnership.registers)
    row["row_counts"] = dict(row_counts)
    return row


def save_records(
    engine: Engine, records: PartnershipRecords, import_info: ImportInfo
) -> SavedImport:
    """Replace the partnership's records (same code) with these, in one transaction."""
    return save_columns(engine, records.partnership, records.row_counts,
                        record_columns(records), import_info)


def save_columns(engine: Engine, partnership: Partnership, row_counts: Mapping[str, int],
                 columns: Mapping[str, Columns], import_info: ImportInfo) -> SavedImport:
    """Replace the partnership's records (same code) with these columns (by
    `PartnershipRecords` field; a kind left out has no records), in one transaction."""
    partnership_table = _table(db.PartnershipRow)
    values = _partnership_row(partnership, row_counts)
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
            _insert_columns(conn, kind, model, columns.get(attribute), partnership_id)
        import_id = conn.execute(
            _table(db.ImportRow).insert().values(
                partnership_id=partnership_id,
                file_name=import_info.file_name,
                sha256=import_info.sha256,
                loaded_at=import_info.loaded_at,
                rows=dict(row_counts),
                warnings=[dataclasses.asdict(p) for p in import_info.warnings],
            )
        ).inserted_primary_key[0]
    return SavedImport(import_id, partnership_id, replaced)


def fetch_records(engine: Engine, code: str) -> PartnershipRecords | None:
    """The partnership's records as loaded, in workbook order; None if it was never loaded."""
    partnership_table = _table(db.PartnershipRow)
    with snapshot(engine) as conn:
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
        attendance_recorded=row.attendance_recorded or "everyone",
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
