"""The database records its schema version (csp_audit/store/versions.py): a new database is
made at this version; one made before versions were recorded (each schema csp-audit has
shipped, in tests/fixtures/schemas/) is migrated forward in one transaction and then loads,
checks and reports; a newer database is refused with one line and left exactly as it
was; a migration that fails changes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlmodel import SQLModel
from support.commands import run, workbook
from support.databases import sqlalchemy_engine

from csp_audit.model.errors import DatabaseError
from csp_audit.store import versions
from csp_audit.store.connect import open_database
from csp_audit.store.versions import SCHEMA_VERSION

SCHEMAS = Path(__file__).resolve().parent.parent / "fixtures" / "schemas"
LATER_COLUMNS = {("audit_run", "warnings"), ("finding", "basis"), ("finding", "deadlines"),
                 ("member", "isp_contact"), ("dhr_case", "sent_to_dac"),
                 ("partnership", "attendance_recorded")}


def version_of(db: str) -> int | None:
    engine = open_database(db)
    try:
        with engine.connect() as conn:
            return versions.stored_version(conn)
    finally:
        engine.dispose()


def columns(url: str) -> set[tuple[str, str]]:
    engine = create_engine(url if "://" in url else f"sqlite:///{url}")
    try:
        inspector = inspect(sqlalchemy_engine(engine))
        return {(table, column["name"]) for table in inspector.get_table_names()
                for column in inspector.get_columns(table)}
    finally:
        engine.dispose()


def test_a_new_database_records_this_version(new_db: str) -> None:
    assert version_of(new_db) == SCHEMA_VERSION


@pytest.mark.parametrize("schema", sorted(p.name for p in SCHEMAS.glob("*.sql")))
def test_each_older_schema_is_migrated_forward_and_audits(tmp_path: Path, schema: str) -> None:
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as conn:
        conn.executescript((SCHEMAS / schema).read_text("utf-8"))
    assert version_of(str(db)) == SCHEMA_VERSION
    assert columns(str(db)) >= LATER_COLUMNS
    assert run("load", workbook(tmp_path), "--db", db).exit_code == 0
    reported = run("report", "--partnership", "testshire", "--year", "2024-25",
                   "--as-of", "2025-03-31", "--db", db, "--out", tmp_path / "out")
    assert reported.exit_code == 0, reported.output


def test_an_unversioned_postgresql_database_is_migrated_forward(postgres_db: str) -> None:
    engine = create_engine(postgres_db.replace("postgresql://", "postgresql+psycopg://", 1))
    tables = [t for t in SQLModel.metadata.sorted_tables if t.name != "schema_version"]
    SQLModel.metadata.create_all(engine, tables=tables)
    with engine.begin() as conn:
        for table, column in LATER_COLUMNS:
            conn.execute(text(f'ALTER TABLE "{table}" DROP COLUMN "{column}"'))
    engine.dispose()
    assert version_of(postgres_db) == SCHEMA_VERSION
    url = postgres_db.replace("postgresql://", "postgresql+psycopg://", 1)
    assert columns(url) >= LATER_COLUMNS


def make_newer(db: str) -> None:
    """What a later csp-audit might leave: version 99, a column renamed."""
    open_database(db).dispose()
    url = db if "://" in db else f"sqlite:///{db}"
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("UPDATE schema_version SET version = 99"))
        conn.execute(text('ALTER TABLE audit_run RENAME COLUMN warnings TO input_warnings'))
    engine.dispose()


def test_a_newer_database_is_refused_in_one_line_and_left_as_it_was(new_db: str) -> None:
    db = new_db
    make_newer(db)
    before = columns(db.replace("postgresql://", "postgresql+psycopg://", 1))
    with pytest.raises(DatabaseError, match="made by a newer csp-audit .schema version 99"):
        open_database(db)
    assert columns(db.replace("postgresql://", "postgresql+psycopg://", 1)) == before
    checked = run("check", "--partnership", "testshire", "--year", "2024-25", "--db", db)
    assert checked.exit_code == 2
    assert len(checked.output.strip().splitlines()) == 1, checked.output
    assert "newer csp-audit" in checked.output


def test_a_failed_migration_changes_nothing(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as conn:
        conn.executescript((SCHEMAS / "v0-before-warnings.sql").read_text("utf-8"))
    before = columns(str(db))

    def half_then_fail(conn: object) -> None:
        versions.add_new_columns(conn)
        raise DatabaseError("the step failed half-way")

    monkeypatch.setitem(versions.STEPS, 1, half_then_fail)
    with pytest.raises(DatabaseError, match="half-way"):
        open_database(str(db))
    assert columns(str(db)) == before
