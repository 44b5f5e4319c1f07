"""The tests' own PostgreSQL server: found where Debian installs it, or a clear reason why not."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect
from support.databases import connected, count, refuse_inserts
from support.pg import Server, ServerUnavailable, database_name, server_programs
from support.records import sample_records

from csp_audit.store.connect import open_database
from csp_audit.store.records import ImportInfo, save_records


def test_the_newest_installed_version_is_used(tmp_path: Path) -> None:
    for version in ("9", "15", "13"):
        (tmp_path / version / "bin").mkdir(parents=True)
        (tmp_path / version / "bin" / "initdb").touch()
    assert server_programs(tmp_path) == tmp_path / "15" / "bin"


def test_no_postgresql_installed_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ServerUnavailable, match="PostgreSQL is not installed"):
        server_programs(tmp_path)


def test_each_test_gets_a_valid_database_name() -> None:
    name = database_name("test_a_refused_workbook_leaves_the_database[postgresql]" * 3, 7)
    assert name.startswith("t7_test_a_refused_workbook") and len(name) <= 63
    assert name.replace("_", "").isalnum() and name == name.lower()


def test_a_postgresql_case_gets_its_own_empty_database(postgres_db: str) -> None:
    with connected(postgres_db) as conn:
        assert conn.dialect.name == "postgresql"
        assert inspect(conn).get_table_names() == []


def test_emptying_the_shared_database_leaves_it_as_first_opened(
    postgres_server: Server, postgres_shared: str
) -> None:
    engine = open_database(postgres_shared)
    save_records(engine, sample_records(), ImportInfo("sefton.xlsx", "ab" * 32))
    refuse_inserts(postgres_shared, "waiver", "disk full")
    postgres_server.empty_database(postgres_shared.rsplit("/", 1)[1])
    engine.dispose()
    engine = open_database(postgres_shared)
    tables = set(inspect(engine).get_table_names()) - {"schema_version"}
    assert all(count(postgres_shared, table) == 0 for table in tables)
    assert count(postgres_shared, "schema_version") == 1, "the version stays, as first opened"
    saved = save_records(engine, sample_records(), ImportInfo("sefton.xlsx", "ab" * 32))
    assert (saved.partnership_id, saved.import_id) == (1, 1)
    engine.dispose()
