"""Which file SQLite opens for a --db: `check` and `report` refuse a database that does not
exist (a mistyped --db), and `load` makes a new one only once it has something to store.

Also how every SQLite connection is set up (WAL, busy timeout, foreign keys) and what is
said of a path SQLite could not open. Kept apart from `db` so the CLI can ask without
importing the models.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from csp_audit.model.errors import DatabaseError

BUSY_TIMEOUT_MS = 5000
"""How long SQLite waits for another writer before giving up: loads are short."""


def sqlite_file(db: str) -> str | None:
    """The file SQLite opens for --db; None for a server or an in-memory database.

    A plain path is the file itself (as `open_database` checks it). For a sqlite URL it is
    the name SQLAlchemy hands SQLite, read as SQLite reads it: with ?uri=true a `file:` name
    is a URI, whose path may be percent-encoded and whose query (mode=ro, mode=memory...)
    is not part of the file's name.
    """
    if "://" not in db:
        return db
    from urllib.parse import parse_qs, unquote, urlsplit

    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(db)
        if url.get_backend_name() != "sqlite":
            return None
        args, options = url.get_dialect()().create_connect_args(url)
    except (ArgumentError, ImportError, ValueError):
        return None  # open_database says plainly what is wrong with the URL
    name = args[0] if args else None
    if not name or name == ":memory:":
        return None
    if not (options.get("uri") and name.startswith("file:")):
        return name
    parts = urlsplit(name)
    path = unquote(parts.path)
    if (parts.netloc not in ("", "localhost") or path in ("", ":memory:")
            or "memory" in parse_qs(parts.query).get("mode", ())):
        return None  # no file here (SQLite itself refuses another host's)
    return path


def is_new_sqlite_file(db: str) -> bool:
    """True when --db names a SQLite file that does not exist yet (opening it would make it)."""
    path = sqlite_file(db)
    return path is not None and not Path(path).exists()


def check_sqlite_path(db: str) -> None:
    """Say plainly what SQLite would only call 'unable to open database file'."""
    path = Path(db)
    if path.is_dir():
        raise DatabaseError(f"cannot open database {db}: it is a directory, not a file")
    if not path.parent.is_dir():
        raise DatabaseError(
            f"cannot open database {db}: directory {path.parent} does not exist"
        )
    if not os.access(path.parent, os.W_OK):
        raise DatabaseError(
            f"cannot open database {db}: directory {path.parent} is read-only (SQLite "
            "writes its journal beside the database)"
        )


def sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        _use_wal(cursor)
        # NOTE: in WAL mode NORMAL cannot corrupt the file; a power cut may lose the last
        # commits, which a rerun restores. FULL made every load and audit wait on fsync.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _use_wal(cursor: Any) -> None:
    """Put the database in WAL mode, waiting as long as busy_timeout for others to let go.

    Switching needs the database to itself, and SQLite answers 'database is locked' at
    once rather than calling the busy handler when another connection is switching it
    too (two loads opening a new database), so the wait is done here."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)
