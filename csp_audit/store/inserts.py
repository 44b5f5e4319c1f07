"""How records go into the database: one INSERT per kind of record, made once per database
kind, given plain columns (a load's clean workbook arrives as columns; `records.py` turns
stored records into them) and sent through the driver's `executemany`, each value converted
as SQLAlchemy's bind processors convert it. A SQLite file's statement is written from
store/sqlite_ddl.py without importing SQLAlchemy.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import TYPE_CHECKING, Any

from csp_audit.store.driver import Values, executemany, quoted
from csp_audit.store.sqlite_ddl import COLUMNS

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.engine import Dialect


def _table(name: str) -> Table:
    """SQLAlchemy's table `name` (schema.py): only for a database reached through it."""
    from csp_audit.store import schema

    return schema.SQLModel.metadata.tables[name]


def field_conversion(name: str, annotation: Any) -> str:
    """How a field's column converts, from its annotation (a string: `date | None`)."""
    kind = str(annotation)
    if name == "place":
        return "place"
    if "tuple" in kind:
        return "list"
    if kind.split(" |")[0] == "date":
        return "date"
    return "bool" if kind.split(" |")[0] == "bool" else ""


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


_SQLITE_INSERTS: dict[type, _Insert] = {}


def _insert(conn: Any, kind: type, name: str) -> _Insert:
    if isinstance(conn, sqlite3.Connection):
        return _SQLITE_INSERTS.get(kind) or _sqlite_insert(kind, name)
    dialect: Dialect = conn.dialect
    inserts = _INSERTS.setdefault(dialect, {})
    found = inserts.get(kind)
    if found is not None:
        return found
    table = _table(name)
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


def _sqlite_insert(kind: type, table: str) -> _Insert:
    """`_insert` for a SQLite file without SQLAlchemy: the same statement and the values
    as its bind processors gave them (dates as ISO text, booleans as 0/1, JSON by `json`)."""
    fields = {f.name: f.type for f in dataclasses.fields(kind)}
    columns = [c for c in COLUMNS[table] if c in fields or c in _PLACE_COLUMNS]
    names = ("partnership_id", *columns)
    statement = (f"INSERT INTO {table} ({', '.join(map(quoted, names))}) "
                 f"VALUES ({', '.join('?' * len(names))})")
    processors = tuple(
        (index, processor) for index, column in enumerate(columns, start=1)
        if column in fields
        and (processor := _SQLITE_BINDS.get(field_conversion(column, fields[column]))))
    found = _SQLITE_INSERTS[kind] = _Insert(statement, names, processors, positional=True)
    return found


_SQLITE = Values("sqlite")
_SQLITE_BINDS: dict[str, Callable[[Any], Any]] = {
    "date": _SQLITE.date_param, "bool": _SQLITE.bool_param, "list": json.dumps}


def _executemany(conn: Any, statement: str, rows: list[Any]) -> None:
    """SQLAlchemy's `exec_driver_sql` when the database is reached through it (its events
    see the statement), else the driver's."""
    if isinstance(conn, sqlite3.Connection):
        executemany(conn, statement, rows)
    else:
        conn.exec_driver_sql(statement, rows)


Columns = Mapping[str, Sequence[Any]]
"""One kind's records as plain columns: the table's column name (a record field, or
source_sheet and source_row for its place) -> one value per record."""


def insert_columns(conn: Any, kind: type, table: str, columns: Columns | None,
                    partnership_id: int) -> None:
    """All of one kind's records in one driver executemany, straight from their columns,
    values converted column by column as SQLAlchemy would convert them."""
    if not columns or not columns["source_row"]:
        return
    insert = _insert(conn, kind, table)
    values: list[Any] = [repeat(partnership_id, len(columns["source_row"])),
                         *(columns[name] for name in insert.names[1:])]
    for index, processor in insert.processors:
        values[index] = _converted(processor, values[index], insert.days.setdefault(index, {}))
    rows: list[Any] = list(zip(*values, strict=True))
    if not insert.positional:
        rows = [dict(zip(insert.names, row, strict=True)) for row in rows]
    _executemany(conn, insert.statement, rows)


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
