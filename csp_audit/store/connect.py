"""Connections to the database: open or refuse a `--db`, take turns to write, say a
driver's error in one line, and give a forked worker connections of its own.

A SQLite file (`--db PATH`, the default) is opened with the standard library's `sqlite3`
alone (`SqliteFile`): importing SQLModel and SQLAlchemy cost about 0.3 s of every command
(bench/README.md). A database URL (PostgreSQL, or `sqlite:///` written out) goes through a
SQLAlchemy engine, imported only then. The tables are still SQLModel's (schema.py):
a new SQLite file gets them from store/sqlite_ddl.py, generated from schema.py, and an
older one is migrated by SQLAlchemy (versions.py).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeAlias

from csp_audit.model.errors import DatabaseError
from csp_audit.store.sqlite import check_sqlite_path as _check_sqlite_path
from csp_audit.store.sqlite import sqlite_pragmas as _sqlite_pragmas
from csp_audit.store.versions import prepare_sqlite

if TYPE_CHECKING:
    from sqlalchemy.engine import URL
    from sqlalchemy.engine import Engine as SqlAlchemyEngine

CONNECT_TIMEOUT_S = 10
"""How long to wait for a database server that does not answer, unless the URL says."""


def database_url(db: str) -> str:
    """A plain path is a SQLite file; anything with `://` is a SQLAlchemy URL already."""
    return db if "://" in db else f"sqlite:///{db}"


def shown(db: str) -> str:
    """`--db` as messages show it: a password in a URL becomes ***."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", db)


def _server_url(db: str) -> URL:
    """The URL to connect to: `postgresql://` and `postgres://` mean the installed psycopg
    driver (SQLAlchemy would look for psycopg2, or not know `postgres` at all)."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url(db))
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


SUPPORTED = "csp-audit supports only SQLite (a file path or sqlite:///PATH) and PostgreSQL "\
    "(postgresql://USER@HOST/DATABASE)"


def check_database(db: str) -> None:
    """Refuse `--db` when what can be told without connecting is wrong: a SQLite file's
    folder, the URL's form, a backend csp-audit does not support (DatabaseError)."""
    if "://" not in db:
        _check_sqlite_path(db)
        return
    _checked_url(db)


def _checked_url(db: str) -> URL:
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        url = _server_url(db)
    except (ArgumentError, ValueError) as error:
        raise DatabaseError(
            f"cannot open database {shown(db)}: not a valid database URL") from error
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        try:
            url.get_dialect()
            known = True
        except (NoSuchModuleError, ImportError):
            known = False
        raise DatabaseError(f"cannot open database {shown(db)}: "
                            f"{'' if known else 'not a valid database URL; '}{SUPPORTED}")
    return url


class SqliteConnection(sqlite3.Connection):
    """A connection `SqliteFile` hands out: the driver's own, in autocommit mode, so each
    transaction begins and ends with the statements written here. A subclass so that a
    test can watch the statements a load sends."""


class SqliteFile:
    """A SQLite file opened through `sqlite3` alone, set up as every SQLite connection is
    (store/sqlite.py: WAL, busy timeout, foreign keys); its idle connections kept for the
    next use, as SQLAlchemy's pool kept them.

    `begin()` and `connect()` give SQLAlchemy's, for tools and tests that speak it: the
    engine is made, and SQLAlchemy imported, only then."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.url = database_url(path)
        """The file as messages name it (as SQLAlchemy's URL rendered it)."""
        self._idle: list[SqliteConnection] = []
        self._lock = threading.Lock()
        self._engine: SqlAlchemyEngine | None = None

    def _connect(self) -> SqliteConnection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                               factory=SqliteConnection)
        try:
            _sqlite_pragmas(conn, None)
        except BaseException:
            conn.close()
            raise
        return conn

    @contextmanager
    def connection(self) -> Iterator[SqliteConnection]:
        """A connection, rolled back if a transaction is left open, then kept for reuse."""
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        conn = conn or self._connect()
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.rollback()
            with self._lock:
                self._idle.append(conn)

    def dispose(self) -> None:
        """Close every idle connection (and SQLAlchemy's engine, if one was made)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    @property
    def sqlalchemy(self) -> SqlAlchemyEngine:
        if self._engine is None:
            self._engine = _engine(self.path)
        return self._engine

    def begin(self) -> Any:
        return self.sqlalchemy.begin()

    def connect(self) -> Any:
        return self.sqlalchemy.connect()


Engine: TypeAlias = "SqliteFile | SqlAlchemyEngine"
"""An open database: a SQLite file through `sqlite3`, else SQLAlchemy's engine."""


def open_database(db: str) -> Engine:
    """The database of `--db` (a SQLite path or a SQLAlchemy URL, SQLite or PostgreSQL)
    with every table created and the schema at this version (store/versions.py: a newer
    database is refused, an older one migrated); DatabaseError if the database cannot be
    reached, opened or written."""
    if "://" in db:
        return _open_engine(db)
    _check_sqlite_path(db)
    database = SqliteFile(db)
    try:
        with database.connection() as conn:
            # NOTE: two loads starting on a new database would otherwise both see no tables
            # and both create them; the lock makes the second wait and find them.
            conn.execute("BEGIN IMMEDIATE")
            ready = prepare_sqlite(conn, shown(db))
            conn.execute("COMMIT")
    except DatabaseError:
        database.dispose()
        raise
    except sqlite3.Error as error:
        database.dispose()
        raise DatabaseError(f"cannot open database {shown(db)}: {describe(error)}") from error
    if not ready:
        # NOTE: an older database (or one missing a column) is migrated by SQLAlchemy.
        _open_engine(db).dispose()
    return database


def _engine(db: str) -> SqlAlchemyEngine:
    from sqlalchemy import event
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError
    from sqlmodel import create_engine

    url = _checked_url(db)
    try:
        options: dict[str, Any] = {}
        if url.get_backend_name() == "postgresql" and "connect_timeout" not in url.query:
            options["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_S}
        engine = create_engine(url, **options)
    except (ArgumentError, NoSuchModuleError, ValueError) as error:
        raise DatabaseError(
            f"cannot open database {shown(db)}: not a valid database URL") from error
    except ImportError as error:
        hint = "; use postgresql+psycopg://" if db.startswith("postgres") else ""
        raise DatabaseError(f"cannot open database {shown(db)}: its driver is not installed "
                            f"({error.name}){hint}") from error
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _pragmas)
    return engine


def _pragmas(dbapi_connection: Any, record: Any) -> None:
    _sqlite_pragmas(dbapi_connection, record)


def _open_engine(db: str) -> SqlAlchemyEngine:
    from sqlalchemy.exc import DBAPIError

    from csp_audit.store import schema  # noqa: F401  (every table, for create_all)
    from csp_audit.store.versions import migrate

    engine = _engine(db)
    try:
        with engine.connect() as conn:
            write_lock(conn, "schema")
            migrate(conn, shown(db))
            conn.commit()
    except DatabaseError:
        engine.dispose()
        raise
    except DBAPIError as error:
        engine.dispose()
        raise DatabaseError(f"cannot open database {shown(db)}: {describe(error)}") from error
    return engine


def write_lock(conn: Any, key: str) -> None:
    """Make writers that share `key` take turns, before the transaction reads anything.

    SQLite has one lock for the whole file (`BEGIN IMMEDIATE`, which must come first in the
    transaction); PostgreSQL takes an advisory lock on `key` that the transaction's end
    releases, so loads of different partnerships run side by side.
    """
    if isinstance(conn, sqlite3.Connection):
        conn.execute("BEGIN IMMEDIATE")
        return
    dialect = conn.dialect.name
    if dialect == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif dialect == "postgresql":
        from sqlalchemy import text

        digest = hashlib.sha256(f"csp-audit:{key}".encode()).digest()
        # NOTE: the lock's row is never read, so its cursor is closed here, not by the GC.
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                     {"key": int.from_bytes(digest[:8], "big", signed=True)}).close()


def describe(error: Exception) -> str:
    """The driver's own words on one line, without SQLAlchemy's statement dump and help
    link (PostgreSQL's run over several lines, with hints)."""
    original = getattr(error, "orig", None)
    words = str(original) if original is not None else str(error).split("\n", 1)[0]
    return " ".join(words.split())


def _driver_errors(engine: SqlAlchemyEngine) -> tuple[type[Exception], ...]:
    """SQLAlchemy's wrapped errors and the driver's own, which a query sent through the
    driver (store/driver.py) raises unwrapped."""
    from sqlalchemy.exc import DBAPIError

    return (DBAPIError, engine.dialect.loaded_dbapi.Error)


@contextmanager
def writing(engine: Engine, lock: str) -> Iterator[Any]:
    """One transaction holding the write lock `lock`; a driver failure becomes a
    DatabaseError after the rollback."""
    if isinstance(engine, SqliteFile):
        try:
            with engine.connection() as conn:
                conn.execute("BEGIN IMMEDIATE")
                yield conn
                conn.execute("COMMIT")
        except sqlite3.Error as error:
            raise DatabaseError(
                f"cannot write to database {engine.url}: {describe(error)}") from error
        return
    try:
        with engine.begin() as conn:
            # NOTE: take the write lock before reading, so two loads of one new code
            # cannot both decide to insert it.
            write_lock(conn, lock)
            yield conn
    except _driver_errors(engine) as error:
        raise DatabaseError(
            f"cannot write to database {engine.url.render_as_string()}: {describe(error)}"
        ) from error


@contextmanager
def reading(engine: Engine) -> Iterator[Any]:
    """A connection to read with; a driver failure becomes a DatabaseError."""
    with _read(engine, snapshot=False) as conn:
        yield conn


@contextmanager
def snapshot(engine: Engine) -> Iterator[Any]:
    """A connection whose reads all see one snapshot of the database, so records read table
    by table are never a mixture of two loads (a `check` running while a `load` commits):
    REPEATABLE READ on PostgreSQL (each statement would otherwise see its own READ
    COMMITTED snapshot), one read transaction on SQLite (which SQLAlchemy's driver would
    otherwise leave in autocommit for SELECTs). A driver failure becomes a DatabaseError."""
    with _read(engine, snapshot=True) as conn:
        yield conn


@contextmanager
def _read(engine: Engine, snapshot: bool) -> Iterator[Any]:
    if isinstance(engine, SqliteFile):
        try:
            with engine.connection() as conn:
                if snapshot:
                    conn.execute("BEGIN")
                yield conn
        except sqlite3.Error as error:
            raise DatabaseError(
                f"cannot read database {engine.url}: {describe(error)}") from error
        return
    try:
        with engine.connect() as conn:
            if snapshot and conn.dialect.name == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ")
            elif snapshot and conn.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN")
            yield conn
    except _driver_errors(engine) as error:
        raise DatabaseError(
            f"cannot read database {engine.url.render_as_string()}: {describe(error)}"
        ) from error


_parents_pools: list[Any] = []
"""The connections a forked worker took over from its parent, kept referenced for its
life."""


def adopt_after_fork(engine: Engine) -> None:
    """Make `engine`, inherited by a forked worker, open connections of its own.

    The parent's connections are left to the parent (SQLAlchemy's advice after a fork):
    they are kept referenced here, so no garbage collection closes (and checkpoints) a
    SQLite connection the parent still uses. The worker opens its own, and closes them when
    it ends."""
    from multiprocessing.util import Finalize

    if isinstance(engine, SqliteFile):
        _parents_pools.append(engine._idle)
        engine._idle = []
        engine._lock = threading.Lock()
        if engine._engine is not None:
            adopt_after_fork(engine._engine)
        Finalize(engine, engine.dispose, exitpriority=10)
        return
    _parents_pools.append(engine.pool)
    engine.dispose(close=False)
    Finalize(engine, engine.dispose, exitpriority=10)
