"""Partnership records in and out of the database, as the frozen values the rest of the tool
uses; the import history and each partnership's year start.

Writes take each kind of record as plain columns (a load's clean workbook arrives that way;
`save_records` turns records into them) and give them to the driver's `executemany` (one
statement per table, whatever the row count) inside one transaction: a reload replaces a
partnership's records entirely or not at all. Nothing here imports SQLAlchemy unless the
database is reached through it (a URL): a SQLite file's statements are written from
store/sqlite_ddl.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import repeat
from operator import attrgetter
from typing import Any

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
from csp_audit.store.connect import Engine, reading, snapshot, writing
from csp_audit.store.driver import (
    Values,
    dialect_of,
    execute,
    fetch,
    insert_id,
    quoted,
)
from csp_audit.store.inserts import Columns, field_conversion, insert_columns

RECORD_KINDS: tuple[tuple[str, type, str], ...] = (
    ("members", Member, "member"),
    ("meetings", Meeting, "meeting"),
    ("attendance", Attendance, "attendance"),
    ("agenda", AgendaItem, "agenda_item"),
    ("documents", Document, "document"),
    ("dhr_cases", DhrCase, "dhr_case"),
    ("asb_reviews", AsbReview, "asb_case_review"),
    ("waivers", Waiver, "waiver"),
    ("actions", Action, "action"),
    ("dhr_recommendations", DhrRecommendation, "dhr_recommendation"),
    ("recommendations", Recommendation, "recommendation"),
    ("reports", SentReport, "sent_report"),
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


@dataclass(frozen=True)
class _Layout:
    """How one kind of record is read back, worked out once per process: the driver's
    query, and how each field's column is converted."""

    converts: tuple[str, ...]
    """Per field, in order: `date`, `bool`, `list` (a JSON list, a tuple in the record),
    `place` (source_sheet and source_row) or `` (as stored)."""
    select: str
    """The kind's columns in field order, `place` as source_sheet and source_row, for one
    partnership (`?`), in workbook order."""
    fields: tuple[str, ...] = ()
    """The field names in order, when records can be built from them directly (see
    `_built`); empty when the class needs its own `__init__`."""


_LAYOUTS: dict[type, _Layout] = {}


def _layout(kind: type, table: str) -> _Layout:
    layout = _LAYOUTS.get(kind)
    if layout is None:
        fields = tuple(f.name for f in dataclasses.fields(kind))
        converts = tuple(field_conversion(f.name, f.type) for f in dataclasses.fields(kind))
        columns = ", ".join(quoted(c) for name in fields for c in (
            ("source_sheet", "source_row") if name == "place" else (name,)))
        select_sql = (f"SELECT {columns} FROM {quoted(table)} "
                      "WHERE partnership_id = ? ORDER BY id")
        direct = not (hasattr(kind, "__post_init__") or hasattr(kind, "__slots__")
                      or any(not f.init for f in dataclasses.fields(kind)))
        layout = _LAYOUTS[kind] = _Layout(converts, select_sql, fields if direct else ())
    return layout


def record_columns(records: PartnershipRecords) -> dict[str, Columns]:
    """Each kind of record (by `PartnershipRecords` field) as the columns `save_columns`
    takes."""
    columns: dict[str, Columns] = {}
    for attribute, kind, _ in RECORD_KINDS:
        kept: tuple[Any, ...] = getattr(records, attribute)
        by_name: dict[str, list[Any]] = {}
        for name in (f.name for f in dataclasses.fields(kind)):
            if name == "place":
                by_name["source_sheet"] = [record.place.sheet for record in kept]
                by_name["source_row"] = [record.place.row for record in kept]
            else:
                by_name[name] = list(map(attrgetter(name), kept))
        columns[attribute] = by_name
    return columns


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
    if not layout.fields:
        return tuple(map(kind, *built))
    return _built(kind, layout.fields, built, len(rows))


def _built(kind: type, names: tuple[str, ...], columns: list[Any], count: int
           ) -> tuple[Any, ...]:
    """`count` records of `kind` holding `columns`, each given its field dict at once: equal
    to what `kind(*values)` builds (a plain frozen dataclass, no `__post_init__`), in half
    the time of its `__init__`, which sets each field through `object.__setattr__`."""
    records = tuple(map(object.__new__, repeat(kind, count)))
    fields = map(dict, map(zip, repeat(names), zip(*columns, strict=True)))
    deque(map(object.__setattr__, records, repeat("__dict__"), fields), maxlen=0)
    return records


def _as_tuple(value: Any) -> tuple[Any, ...]:
    return tuple(Values.json(value))


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
    values = _partnership_row(partnership, row_counts)
    with writing(engine, f"partnership:{values['code']}") as conn:
        given = Values(dialect_of(conn))
        found = fetch(conn, "SELECT id FROM partnership WHERE code = ?", (values["code"],))
        replaced = bool(found)
        names = [*values, "source_sheet"]
        params = [*map(_json_text, values.values()), "Partnership"]
        if not found:
            partnership_id = insert_id(
                conn, f"INSERT INTO partnership ({', '.join(map(quoted, names))}) "
                      f"VALUES ({', '.join('?' * len(names))})", params)
        else:
            partnership_id = found[0][0]
            execute(conn, f"UPDATE partnership SET {', '.join(f'{quoted(c)} = ?' for c in values)}"
                          " WHERE id = ?", [*params[:-1], partnership_id])
            for _, _, table in RECORD_KINDS:
                execute(conn, f"DELETE FROM {table} WHERE partnership_id = ?", (partnership_id,))
        for attribute, kind, table in RECORD_KINDS:
            insert_columns(conn, kind, table, columns.get(attribute), partnership_id)
        import_id = insert_id(
            conn, "INSERT INTO import_record (partnership_id, file_name, sha256, loaded_at, "
                  "rows, warnings) VALUES (?, ?, ?, ?, ?, ?)",
            (partnership_id, import_info.file_name, import_info.sha256,
             given.stamp_param(import_info.loaded_at), json.dumps(dict(row_counts)),
             json.dumps([dataclasses.asdict(p) for p in import_info.warnings])))
    return SavedImport(import_id, partnership_id, replaced)


def _json_text(value: Any) -> Any:
    """A partnership column's value as SQLAlchemy stored it: its JSON columns by `json`."""
    return json.dumps(value) if isinstance(value, list | dict) else value


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


_LISTED = (
    "SELECT p.code, p.name, p.row_counts, latest.file_name, latest.sha256, latest.loaded_at "
    "FROM partnership AS p LEFT OUTER JOIN (SELECT i.partnership_id, i.file_name, i.sha256, "
    "i.loaded_at FROM import_record AS i JOIN (SELECT max(id) AS id FROM import_record "
    "GROUP BY partnership_id) AS newest ON i.id = newest.id) AS latest "
    "ON latest.partnership_id = p.id")


def list_partnerships(engine: Engine) -> list[StoredPartnership]:
    """Every partnership loaded, by code, with its latest import."""
    with reading(engine) as conn:
        listed = [
            StoredPartnership(code, name, dict(Values.json(rows)), file_name, sha256,
                              in_utc(Values.stamp(loaded_at)) if loaded_at else None)
            for code, name, rows, file_name, sha256, loaded_at in fetch(conn, _LISTED)
        ]
    # NOTE: sorted here, not by the database, whose collation may not be code point order.
    return sorted(listed, key=lambda p: p.code)


def year_starts(engine: Engine) -> dict[str, tuple[int, int]]:
    """Each stored partnership's year start (month, day), without reading its records."""
    with reading(engine) as conn:
        return {code: (month, day) for code, month, day in fetch(
            conn, "SELECT code, year_start_month, year_start_day FROM partnership")}


def checklists_named(engine: Engine, codes: list[str]) -> dict[str, str | None]:
    """What each partnership's Partnership sheet names as its own checklist, by code."""
    if not codes:
        return {}
    with reading(engine) as conn:
        return dict(fetch(conn, "SELECT code, checklist FROM partnership WHERE code IN "
                                f"({', '.join('?' * len(codes))})", codes))
