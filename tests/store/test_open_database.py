"""Opening the database: paths and URLs, SQLite settings, PostgreSQL servers, and clear
refusals."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect
from support.databases import sqlalchemy_engine

from csp_audit.model.errors import DatabaseError
from csp_audit.store.connect import database_url, open_database

TABLES = {
    "partnership", "member", "meeting", "attendance", "agenda_item", "document", "dhr_case",
    "asb_case_review", "waiver", "sent_report", "import_record", "audit_run", "finding",
    "action", "dhr_recommendation", "recommendation", "schema_version",
}


def test_a_plain_path_is_a_sqlite_file_and_a_url_is_kept() -> None:
    assert database_url("audit.db") == "sqlite:///audit.db"
    assert database_url("/tmp/a b/audit.db") == "sqlite:////tmp/a b/audit.db"
    assert database_url("postgresql://u@h/db") == "postgresql://u@h/db"


def test_opening_creates_every_table_in_a_new_database(new_db: str) -> None:
    engine = open_database(new_db)
    assert set(inspect(sqlalchemy_engine(engine)).get_table_names()) == TABLES
    engine.dispose()


def test_every_record_table_keeps_its_source_place(db: str) -> None:
    engine = open_database(db)
    inspector = inspect(sqlalchemy_engine(engine))
    for table in TABLES - {"import_record", "audit_run", "finding", "schema_version"}:
        columns = {c["name"] for c in inspector.get_columns(table)}
        assert {"source_sheet", "source_row"} <= columns, table


def test_sqlite_connections_use_wal_a_busy_timeout_and_foreign_keys(tmp_path: Path) -> None:
    engine = open_database(str(tmp_path / "audit.db"))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_a_sqlalchemy_url_is_used_as_given(tmp_path: Path) -> None:
    path = tmp_path / "via-url.db"
    engine = open_database(f"sqlite:///{path}")
    engine.dispose()
    assert path.is_file()


def test_opening_twice_keeps_existing_tables(db: str) -> None:
    open_database(db).dispose()
    engine = open_database(db)
    assert set(inspect(sqlalchemy_engine(engine)).get_table_names()) == TABLES
    engine.dispose()


def test_postgresql_columns_have_native_types(postgres_db: str) -> None:
    engine = open_database(postgres_db)
    inspector = inspect(sqlalchemy_engine(engine))
    meeting = {c["name"]: c["type"] for c in inspector.get_columns("meeting")}
    imports = {c["name"]: c["type"] for c in inspector.get_columns("import_record")}
    engine.dispose()
    assert [str(meeting[c]) for c in ("id", "date", "quorate")] == ["INTEGER", "DATE", "BOOLEAN"]
    assert str(imports["warnings"]) == "JSON"
    assert str(imports["loaded_at"]) == "TIMESTAMP" and imports["loaded_at"].timezone


def test_a_postgresql_url_without_a_driver_uses_psycopg(postgres_db: str) -> None:
    for scheme in ("postgresql://", "postgres://"):
        engine = open_database(postgres_db.replace("postgresql+psycopg://", scheme))
        assert engine.dialect.driver == "psycopg"
        assert set(inspect(sqlalchemy_engine(engine)).get_table_names()) == TABLES
        engine.dispose()


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_server_that_cannot_be_reached_says_why_on_one_line_without_the_password() -> None:
    db = f"postgresql+psycopg://auditor:s3cret@127.0.0.1:{closed_port()}/csp"
    with pytest.raises(DatabaseError) as raised:
        open_database(db)
    message = str(raised.value)
    assert message.startswith("cannot open database postgresql+psycopg://auditor:***@127.0.0.1")
    assert "Connection refused" in message
    assert "s3cret" not in message and "\n" not in message


def test_a_missing_postgresql_database_is_named(postgres_db: str) -> None:
    missing = postgres_db.rsplit("/", 1)[0] + "/no_such_database"
    with pytest.raises(DatabaseError, match='database "no_such_database" does not exist'):
        open_database(missing)


@pytest.mark.parametrize(
    ("make_db", "words"),
    [
        (lambda tmp: str(tmp), "is a directory"),
        (lambda tmp: str(tmp / "missing" / "audit.db"), "does not exist"),
        (lambda tmp: "nosuchdialect://host/db", "not a valid database URL"),
        (lambda tmp: "://", "not a valid database URL"),
        (lambda tmp: "postgresql+psycopg://auditor@host:port/db", "not a valid database URL"),
        (lambda tmp: "postgresql+psycopg2://auditor@host/db",
         "its driver is not installed (psycopg2); use postgresql+psycopg://"),
        (lambda tmp: f"sqlite:///{tmp}/missing/audit.db", "unable to open database file"),
    ],
)
def test_a_database_that_cannot_be_opened_says_why(tmp_path: Path, make_db, words) -> None:
    db = make_db(tmp_path)
    with pytest.raises(DatabaseError) as raised:
        open_database(db)
    message = str(raised.value)
    assert message.startswith(f"cannot open database {db}")
    assert words in message
    assert "\n" not in message


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("minutes of the last meeting\n" * 200)
    with pytest.raises(DatabaseError, match="file is not a database"):
        open_database(str(path))


def test_a_read_only_database_without_tables_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    sqlite3.connect(path).close()
    path.write_bytes(b"")
    with pytest.raises(DatabaseError, match="readonly"):
        open_database(f"sqlite:///file:{path}?mode=ro&uri=true")
