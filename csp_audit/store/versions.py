"""The database's schema version: recorded, checked before anything is altered, and
migrated forward in the transaction that opens the database.

Why: an older csp-audit opening a database a newer one made used to alter it silently
(re-adding a renamed column, writing NULLs where the newer tool keeps values). Now the
`schema_version` table holds one number; a database newer than this tool is refused with
one line and left untouched, an older one is brought forward by the numbered steps below,
all in the transaction that holds the schema lock (SQLite and PostgreSQL both roll DDL
back), so a failed migration leaves the database as it was.

Versions:
- 0: no `schema_version` table: made before versions were recorded. Its tables may lack
  columns added since (the audit run's `warnings`, a finding's `basis` and `deadlines`, a
  member's `isp_contact`, a DHR case's `sent_to_dac`), all nullable.
- 1: every table of `csp_audit.store.schema` as of issue 12.
A step that renames or drops a column gets a new version and a function in `STEPS`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from csp_audit.model.errors import DatabaseError
from csp_audit.store.sqlite_ddl import COLUMNS, DDL

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

SCHEMA_VERSION = 2
"""The version this csp-audit writes and reads."""


def _newer(shown: str, found: int) -> DatabaseError:
    return DatabaseError(
        f"cannot open database {shown}: it was made by a newer csp-audit (schema "
        f"version {found}; this csp-audit reads up to {SCHEMA_VERSION}); upgrade "
        "csp-audit (pip install --upgrade csp-audit) to use it")


def prepare_sqlite(conn: sqlite3.Connection, shown: str) -> bool:
    """On a SQLite file, in the transaction holding the schema lock and without SQLAlchemy:
    create a new database's tables (store/sqlite_ddl.py, what `migrate` would create), or
    find a database of this version holding every table and column. False when it needs
    `migrate` (older, or missing a table or column); a newer one is refused untouched."""
    present: dict[str, set[str]] = {}
    for table, column in conn.execute(
            "SELECT m.name, p.name FROM sqlite_master AS m, pragma_table_info(m.name) AS p "
            "WHERE m.type = 'table'"):
        present.setdefault(table, set()).add(column)
    found: int | None
    if "schema_version" in present:
        row = conn.execute("SELECT version FROM schema_version").fetchone()
        found = (row[0] if row else None) or 0
    else:
        found = 0 if "partnership" in present else None
    if found is not None and found > SCHEMA_VERSION:
        raise _newer(shown, found)
    if found is None:
        if present.keys() & COLUMNS.keys():
            return False
        for statement in DDL:
            conn.execute(statement)
        conn.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
        return True
    return found == SCHEMA_VERSION and all(
        set(columns) <= present.get(table, set()) for table, columns in COLUMNS.items())


def stored_version(conn: Connection) -> int | None:
    """The database's version: None for a database holding none of csp-audit's tables, 0
    for one made before versions were recorded."""
    from sqlalchemy import inspect, select

    from csp_audit.store.schema import SchemaVersionRow

    tables = set(inspect(conn).get_table_names())
    if SchemaVersionRow.__tablename__ not in tables:
        return 0 if "partnership" in tables else None
    table = SchemaVersionRow.__table__
    return conn.execute(select(table.c.version)).scalar() or 0


def add_new_columns(conn: Connection) -> None:
    """Add the nullable columns a version-0 database may lack (create_all makes missing
    tables only), so its stored runs stay readable."""
    from sqlalchemy import inspect, text
    from sqlmodel import SQLModel

    inspector = inspect(conn)
    for table in SQLModel.metadata.sorted_tables:
        present = {column["name"] for column in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in present and column.nullable:
                kind = column.type.compile(dialect=conn.dialect)
                conn.execute(text(f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {kind}'))


STEPS: dict[int, Callable[[Connection], None]] = {1: add_new_columns, 2: add_new_columns}
"""The step that brings a database from version N-1 to N, by N: 2 adds the Partnership's
`attendance_recorded`."""


def migrate(conn: Connection, shown: str) -> int:
    """Check the database's version and bring it to `SCHEMA_VERSION` on `conn` (inside the
    caller's transaction); returns the version found. A newer database is refused before
    anything in it is touched."""
    from sqlmodel import SQLModel

    from csp_audit.store.schema import SchemaVersionRow

    found = stored_version(conn)
    if found is not None and found > SCHEMA_VERSION:
        raise _newer(shown, found)
    SQLModel.metadata.create_all(conn)
    if found is not None:
        for version in range(found + 1, SCHEMA_VERSION + 1):
            STEPS[version](conn)
        # NOTE: and a database of this version missing a nullable column (restored from a
        # partial dump) gains it: harmless, and what opening did before versions.
        add_new_columns(conn)
    if found != SCHEMA_VERSION:
        table = SchemaVersionRow.__table__
        conn.execute(table.delete())
        conn.execute(table.insert().values(version=SCHEMA_VERSION))
    return found if found is not None else SCHEMA_VERSION
