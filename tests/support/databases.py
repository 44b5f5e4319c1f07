"""Looking into a test database from outside the tool, the same way on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Connection

from csp_audit.store.connect import database_url


@contextmanager
def connected(db: str) -> Iterator[Connection]:
    """A plain connection to `db` (no tables created), committed on leaving."""
    engine = create_engine(database_url(db))
    try:
        with engine.begin() as conn:
            yield conn
    finally:
        engine.dispose()


def count(db: str, table: str) -> int:
    with connected(db) as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def codes(db: str) -> list[str]:
    """The partnership codes stored, in order."""
    with connected(db) as conn:
        return sorted(conn.execute(text("SELECT code FROM partnership")).scalars())


def dump(db: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in key order: the database's whole content."""
    with connected(db) as conn:
        tables = sorted(inspect(conn).get_table_names())
        return {table: [tuple(row) for row in conn.execute(text(
                    f"SELECT * FROM {table} ORDER BY 1"))]
                for table in tables}


def refuse_inserts(db: str, table: str, message: str) -> None:
    """Make every insert into `table` fail with `message`, as a full disk would."""
    with connected(db) as conn:
        if conn.dialect.name == "sqlite":
            conn.execute(text(f"CREATE TRIGGER refuse BEFORE INSERT ON {table} "
                              f"BEGIN SELECT RAISE(ABORT, '{message}'); END"))
        else:
            conn.execute(text("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                              f"$$ BEGIN RAISE EXCEPTION '{message}'; END $$"))
            conn.execute(text(f"CREATE TRIGGER refuse BEFORE INSERT ON {table} "
                              "FOR EACH ROW EXECUTE FUNCTION refuse()"))


def sqlalchemy_engine(engine: Any) -> Any:
    """SQLAlchemy's engine for what `open_database` gave: a SQLite file is opened through
    `sqlite3` alone (store/connect.py), and makes one when asked."""
    return getattr(engine, "sqlalchemy", engine)
