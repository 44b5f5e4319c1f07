"""Connections to the database: open or refuse a `--db`, take turns to write, say a
driver's error in one line, and give a forked worker its own pool.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlmodel import create_engine

from csp_audit.model.errors import DatabaseError
from csp_audit.store import schema  # noqa: F401  (every table, for create_all)
from csp_audit.store.sqlite import check_sqlite_path as _check_sqlite_path
from csp_audit.store.sqlite import sqlite_pragmas as _sqlite_pragmas
from csp_audit.store.versions import migrate

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
    url = make_url(database_url(db))
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


SUPPORTED = "csp-audit supports only SQLite (a file path or sqlite:///PATH) and PostgreSQL "\
    "(postgresql://USER@HOST/DATABASE)"


def check_database(db: str) -> URL:
    """The URL of `--db` once what can be told without connecting is right: a SQLite file's
    folder, the URL's form, a backend csp-audit supports; DatabaseError otherwise."""
    if "://" not in db:
        _check_sqlite_path(db)
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


def open_database(db: str) -> Engine:
    """An engine for `--db` (a SQLite path or a SQLAlchemy URL, SQLite or PostgreSQL) with
    every table created and the schema at this version (store/versions.py: a newer
    database is refused, an older one migrated); DatabaseError if the database cannot be
    reached, opened or written."""
    url = check_database(db)
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
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        with engine.connect() as conn:
            # NOTE: two loads starting on a new database would otherwise both see no tables
            # and both create them; the lock makes the second wait and find them.
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


def write_lock(conn: Connection, key: str) -> None:
    """Make writers that share `key` take turns, before the transaction reads anything.

    SQLite has one lock for the whole file (`BEGIN IMMEDIATE`, which must come first in the
    transaction); PostgreSQL takes an advisory lock on `key` that the transaction's end
    releases, so loads of different partnerships run side by side.
    """
    dialect = conn.dialect.name
    if dialect == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif dialect == "postgresql":
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


def _driver_errors(engine: Engine) -> tuple[type[Exception], ...]:
    """SQLAlchemy's wrapped errors and the driver's own, which a query sent through the
    driver (store/driver.py) raises unwrapped."""
    return (DBAPIError, engine.dialect.loaded_dbapi.Error)


@contextmanager
def writing(engine: Engine, lock: str) -> Iterator[Connection]:
    """One transaction holding the write lock `lock`; a driver failure becomes a
    DatabaseError after the rollback."""
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
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection to read with; a driver failure becomes a DatabaseError."""
    try:
        with engine.connect() as conn:
            yield conn
    except _driver_errors(engine) as error:
        raise DatabaseError(
            f"cannot read database {engine.url.render_as_string()}: {describe(error)}"
        ) from error


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection whose reads all see one snapshot of the database, so records read table
    by table are never a mixture of two loads (a `check` running while a `load` commits):
    REPEATABLE READ on PostgreSQL (each statement would otherwise see its own READ
    COMMITTED snapshot), one read transaction on SQLite (which SQLAlchemy's driver would
    otherwise leave in autocommit for SELECTs). A driver failure becomes a DatabaseError."""
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ")
            elif conn.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN")
            yield conn
    except _driver_errors(engine) as error:
        raise DatabaseError(
            f"cannot read database {engine.url.render_as_string()}: {describe(error)}"
        ) from error


_parents_pools: list[Any] = []
"""The pools a forked worker took over from its parent, kept referenced for its life."""


def adopt_after_fork(engine: Engine) -> None:
    """Make `engine`, inherited by a forked worker, open connections of its own.

    The parent's connections are left to the parent (SQLAlchemy's advice after a fork):
    their pool is kept referenced here, so no garbage collection closes (and checkpoints) a
    SQLite connection the parent still uses. The worker opens its own, and closes them when
    it ends."""
    from multiprocessing.util import Finalize

    _parents_pools.append(engine.pool)
    engine.dispose(close=False)
    Finalize(engine, engine.dispose, exitpriority=10)
