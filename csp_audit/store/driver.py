"""Plain SQL through the database driver, and the values as each driver stores them.

Why: reading records and findings back through SQLAlchemy's result processing cost 2.6x a
raw fetch (bench/README.md), and every row became a Python object on the way. Here a query
is one driver cursor, closed when read; statements are written with `?` and given to
PostgreSQL's driver as `%s`. Dates and booleans are converted once per distinct value;
JSON goes through orjson. What is stored is what SQLAlchemy stored before (dates and
times as its SQLite text, booleans as 0/1), so either reads the other's rows.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import orjson


def dialect_of(conn: Any) -> str:
    """`sqlite` or `postgresql`, for a SQLAlchemy connection or a plain sqlite3 one."""
    dialect = getattr(conn, "dialect", None)
    return "sqlite" if dialect is None else dialect.name


def _run(conn: Any, sql: str, params: Sequence[Any]) -> Any:
    """The cursor of one statement run in the connection's own transaction: a plain
    sqlite3 connection's `execute`, else a cursor of SQLAlchemy's driver connection."""
    if isinstance(conn, sqlite3.Connection):
        return conn.execute(sql, tuple(params))
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql.replace("?", "%s") if dialect_of(conn) != "sqlite" else sql,
                       tuple(params))
    except BaseException:
        cursor.close()
        raise
    return cursor


def fetch(conn: Any, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Every row of one query, as the driver's tuples; the cursor closed at once."""
    cursor = _run(conn, sql, params)
    try:
        return cursor.fetchall()  # type: ignore[no-any-return]
    finally:
        cursor.close()


def execute(conn: Any, sql: str, params: Sequence[Any] = ()) -> None:
    """Run one statement that returns no rows."""
    _run(conn, sql, params).close()


def insert_id(conn: Any, sql: str, params: Sequence[Any]) -> int:
    """Run one INSERT; the new row's id (PostgreSQL's `RETURNING id`, SQLite's rowid)."""
    postgres = dialect_of(conn) == "postgresql"
    cursor = _run(conn, sql + (" RETURNING id" if postgres else ""), params)
    try:
        return int(cursor.fetchone()[0] if postgres else cursor.lastrowid)
    finally:
        cursor.close()


def executemany(conn: Any, sql: str, rows: Iterable[Sequence[Any]]) -> None:
    """One statement for many rows, in one driver call."""
    if isinstance(conn, sqlite3.Connection):
        conn.executemany(sql, rows).close()
        return
    cursor = conn.connection.cursor()
    try:
        cursor.executemany(sql.replace("?", "%s") if dialect_of(conn) != "sqlite" else sql,
                           rows)
    finally:
        cursor.close()


def quoted(name: str) -> str:
    """A table or column name quoted for both databases (`group` is a keyword)."""
    return f'"{name}"'


class _Once(dict[Any, Any]):
    """A conversion done once per distinct value: `map(cache.__getitem__, column)`."""

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        super().__init__({None: None})
        self._convert = convert

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self._convert(key)
        return value


_DATES = _Once(dt.date.fromisoformat)
_BOOLEANS = {None: None, 0: False, 1: True}
"""SQLite's 0 and 1 (True and False look up as 1 and 0)."""


def _stamp(text: str | dt.datetime) -> dt.datetime:
    return text if isinstance(text, dt.datetime) else dt.datetime.fromisoformat(text)


def _json(value: Any) -> Any:
    return orjson.loads(value) if isinstance(value, str | bytes) else value


class Values:
    """How one database gives back and takes dates, times, booleans and JSON."""

    def __init__(self, dialect: str) -> None:
        self.sqlite = dialect == "sqlite"

    def dates(self, column: Iterable[Any]) -> Iterable[dt.date | None]:
        return map(_DATES.__getitem__, column) if self.sqlite else column

    def booleans(self, column: Iterable[Any]) -> Iterable[bool | None]:
        return map(_BOOLEANS.__getitem__, column) if self.sqlite else column

    @staticmethod
    def json(value: Any) -> Any:
        """A JSON column's value: SQLite gives its text, psycopg the parsed value."""
        return None if value is None else _json(value)

    @staticmethod
    def stamp(value: Any) -> dt.datetime:
        return _stamp(value)

    def date_param(self, day: dt.date | None) -> Any:
        return day.isoformat() if self.sqlite and day is not None else day

    def stamp_param(self, stamp: dt.datetime) -> Any:
        """A time as SQLAlchemy stored it: SQLite's text has no zone (stored in UTC)."""
        if not self.sqlite:
            return stamp
        return (f"{stamp.year:04d}-{stamp.month:02d}-{stamp.day:02d} {stamp.hour:02d}:"
                f"{stamp.minute:02d}:{stamp.second:02d}.{stamp.microsecond:06d}")

    def bool_param(self, value: bool | None) -> Any:
        return int(value) if self.sqlite and value is not None else value


def json_param(value: Any) -> str:
    """A JSON column's text (orjson: dataclasses as objects, dates as ISO days); None is
    JSON's `null`, as SQLAlchemy's JSON type stored it; the standard encoder for what orjson
    refuses (a lone surrogate)."""
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:
        import json

        return json.dumps(value, default=_plain)


def _plain(value: Any) -> Any:
    import dataclasses

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")
