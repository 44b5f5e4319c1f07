"""A SQLite file is created from store/sqlite_ddl.py without SQLAlchemy (store/connect.py),
so that file must be exactly what SQLAlchemy compiles from the SQLModel tables of schema.py,
the one source of the schema; and a SQLite command must really leave SQLAlchemy and
SQLModel unimported.

After changing schema.py: `CSP_AUDIT_UPDATE_DDL=1 pytest tests/store/test_sqlite_ddl.py`
rewrites store/sqlite_ddl.py (then add a step to store/versions.py for existing databases).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from sqlalchemy import create_engine
from sqlmodel import SQLModel

from csp_audit.store import sqlite_ddl
from csp_audit.store.connect import open_database
from csp_audit.store.schema import sqlite_ddl_source
from csp_audit.store.versions import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parent.parent.parent
GENERATED = ROOT / "csp_audit" / "store" / "sqlite_ddl.py"


def schema_of(path: Path) -> tuple[list[str], set[tuple[str, str, str | None]]]:
    """The tables in the order they were made, and every table's and index's SQL."""
    with closing(sqlite3.connect(path)) as conn:
        made = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY rowid")
        rows = made.fetchall()
    return [name for kind, name, _ in rows if kind == "table"], set(rows)


def test_the_checked_in_ddl_is_what_sqlalchemy_compiles_from_schema_py() -> None:
    expected = sqlite_ddl_source()
    if os.environ.get("CSP_AUDIT_UPDATE_DDL"):
        GENERATED.write_text(expected, "utf-8")
    assert GENERATED.read_text("utf-8") == expected, (
        "schema.py changed: run CSP_AUDIT_UPDATE_DDL=1 pytest tests/store/test_sqlite_ddl.py")
    columns = {table.name: tuple(c.name for c in table.columns)
               for table in SQLModel.metadata.sorted_tables}
    assert columns == sqlite_ddl.COLUMNS


def test_a_new_sqlite_file_holds_the_tables_sqlalchemy_would_create(tmp_path: Path) -> None:
    open_database(str(tmp_path / "plain.db")).dispose()
    engine = create_engine(f"sqlite:///{tmp_path / 'sqlalchemy.db'}")
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    assert schema_of(tmp_path / "plain.db") == schema_of(tmp_path / "sqlalchemy.db")
    with closing(sqlite3.connect(tmp_path / "plain.db")) as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [
            (SCHEMA_VERSION,)]


PROBE = """
import sys
sys.argv = ["csp-audit", *sys.argv[1:]]
from csp_audit.cli.app import main
try:
    main()
except SystemExit as exit:
    print("exit", exit.code, file=sys.stderr)
print(sorted({m.split(".")[0] for m in sys.modules} & {"sqlalchemy", "sqlmodel"}),
      file=sys.stderr)
"""


def test_sqlite_commands_import_neither_sqlalchemy_nor_sqlmodel(tmp_path: Path) -> None:
    db = str(tmp_path / "audit.db")
    sample = str(ROOT / "sample_data" / "sefton.xlsx")
    for args in (["load", sample, "--db", db],
                 ["check", "--all", "--db", db, "--year", "2024-25", "--fail-on", "never"],
                 ["report", "--all", "--db", db, "--year", "2024-25", "--out",
                  str(tmp_path / "out")],
                 ["audit", sample, "--year", "2024-25", "--out", str(tmp_path / "audit"),
                  "--fail-on", "never"],
                 ["due", "--partnership", "sefton", "--db", db, "--as-of", "2025-03-31"]):
        done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                              text=True, timeout=120, cwd=tmp_path)
        *_, exit_line, imported = done.stderr.strip().splitlines()
        assert (exit_line, imported) in (("exit 0", "[]"), ("exit None", "[]")), (
            args[0], done.stderr)


def test_the_probe_sees_sqlalchemy_when_a_url_needs_it(tmp_path: Path) -> None:
    """The same probe, given the database as a URL, which goes through SQLAlchemy."""
    db = tmp_path / "audit.db"
    open_database(str(db)).dispose()
    done = subprocess.run([sys.executable, "-c", PROBE, "check", "--all", "--db",
                           f"sqlite:///{db}", "--year", "2024-25"], capture_output=True,
                          text=True, timeout=120, cwd=tmp_path)
    assert done.stderr.strip().splitlines()[-1] == "['sqlalchemy', 'sqlmodel']", done.stderr
