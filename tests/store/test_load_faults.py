"""Faults: a load killed at any moment, loads running at once, read-only and full disks.

Each leaves the database either exactly as it was or holding the whole new load, never half
of it, and `PRAGMA integrity_check` stays `ok`; the user gets a clear error and exit 2, never
a traceback. Set CSP_AUDIT_KILL_ROUNDS to kill more loads (CI runs a few; loop locally).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from support.faults import immutable, one_line_error, runner, tiny_disk, workbook

from csp_audit.cli.app import app
from csp_audit.model.records import PartnershipRecords
from csp_audit.pipeline.load import load_workbooks
from csp_audit.store import connect as database
from csp_audit.store.connect import SqliteConnection, open_database
from csp_audit.store.records import ImportInfo, fetch_records, save_records
from csp_audit.workbook.validate import validate_workbook

ROOT = Path(__file__).resolve().parent.parent.parent
KILL_ROUNDS = int(os.environ.get("CSP_AUDIT_KILL_ROUNDS", "6"))






def integrity(db: Path) -> str:
    # NOTE: closed here: `with sqlite3.connect` only commits, and an open connection keeps
    # the full-disk test's tmpfs busy until the cyclic GC happens to run.
    with closing(sqlite3.connect(db)) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def dump(db: Path) -> list[str]:
    """The whole database as SQL, in order: equal dumps mean nothing changed."""
    with closing(sqlite3.connect(db)) as conn:
        return list(conn.iterdump())


def count(db: Path, table: str) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def stored(db: Path, code: str) -> PartnershipRecords | None:
    engine = open_database(str(db))
    try:
        return fetch_records(engine, code)
    finally:
        engine.dispose()


def records_of(path: Path) -> PartnershipRecords:
    records = validate_workbook(path).records
    assert records is not None
    return records


def cli_load(path: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "csp_audit.cli", "load", str(path),
                             "--db", str(db)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def assert_old_or_new(db: Path, before: list[str], new: PartnershipRecords, imports: int,
                      other: PartnershipRecords) -> str:
    """The database after a killed load: exactly as before, or the whole new load."""
    assert integrity(db) == "ok"
    if dump(db) == before:
        return "old"
    assert stored(db, new.partnership.code) == new
    assert stored(db, other.partnership.code) == other
    assert count(db, "import_record") == imports + 1
    return "new"


@pytest.fixture
def loaded(tmp_path: Path) -> dict[str, Any]:
    """A database holding an earlier load of testshire and one of otherton, and a newer,
    larger testshire workbook ready to load over it."""
    old = workbook(tmp_path, "testshire", 20, "old")
    other = workbook(tmp_path, "otherton", 5, "only")
    new = workbook(tmp_path, "testshire", 150, "new")
    db = tmp_path / "audit.db"
    assert all(o.ok for o in load_workbooks([old, other], str(db)))
    return {"db": db, "new": new, "new_records": records_of(new),
            "other_records": records_of(other), "before": dump(db),
            "imports": count(db, "import_record")}


def test_a_load_killed_at_every_statement_leaves_the_old_or_the_new_records(
    loaded: dict[str, Any]
) -> None:
    """SIGKILL just before each statement of the load's transaction in turn, then none."""
    db: Path = loaded["db"]
    records: PartnershipRecords = loaded["new_records"]
    outcomes = []
    for statement in range(100):
        status = _killed_load(db, records, statement)
        outcome = assert_old_or_new(db, loaded["before"], records, loaded["imports"],
                                    loaded["other_records"])
        if os.WIFEXITED(status):
            assert os.WEXITSTATUS(status) == 0 and outcome == "new"
            break
        assert os.WTERMSIG(status) == signal.SIGKILL and outcome == "old"
        outcomes.append(outcome)
    else:
        pytest.fail("the load never finished")
    assert len(outcomes) >= 5, "the transaction should span several statements"


def _killed_load(db: Path, records: PartnershipRecords, statement: int) -> int:
    """Save `records` in a forked child that kills itself before statement number
    `statement` of the load; returns the child's wait status."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns to pytest
        try:
            calls = 0

            def dying(run: Any) -> Any:
                def dying_run(self: Any, *args: Any, **kwargs: Any) -> Any:
                    nonlocal calls
                    if calls == statement:
                        os.kill(os.getpid(), signal.SIGKILL)
                    calls += 1
                    return run(self, *args, **kwargs)
                return dying_run

            # NOTE: a SQLite file's statements go through the driver's connection.
            SqliteConnection.execute = dying(SqliteConnection.execute)  # type: ignore
            SqliteConnection.executemany = dying(SqliteConnection.executemany)  # type: ignore
            engine = open_database(str(db))
            calls = 0
            save_records(engine, records, ImportInfo("new.xlsx", "0" * 64))
            os._exit(0)
        except BaseException:
            os._exit(3)
    return os.waitpid(pid, 0)[1]


def test_a_load_process_killed_after_random_delays_leaves_old_or_new_records(
    loaded: dict[str, Any], tmp_path: Path
) -> None:
    """`csp-audit load` as a user runs it, SIGKILLed at random moments over its whole run."""
    db: Path = loaded["db"]
    pristine = db.read_bytes()
    started = time.monotonic()
    rehearsal = tmp_path / "rehearsal.db"
    rehearsal.write_bytes(pristine)
    assert cli_load(loaded["new"], rehearsal).wait(timeout=60) == 0
    duration = time.monotonic() - started
    rng = random.Random(os.environ.get("CSP_AUDIT_KILL_SEED", "6"))
    seen = []
    for _ in range(KILL_ROUNDS):
        for leftover in (Path(f"{db}-wal"), Path(f"{db}-shm")):
            leftover.unlink(missing_ok=True)
        db.write_bytes(pristine)
        process = cli_load(loaded["new"], db)
        time.sleep(rng.uniform(0.0, duration))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        seen.append(assert_old_or_new(db, loaded["before"], loaded["new_records"],
                                      loaded["imports"], loaded["other_records"]))
    if os.environ.get("CSP_AUDIT_KILL_REPORT"):
        print(f"kill outcomes over {KILL_ROUNDS} rounds of up to {duration:.2f}s:",
              {outcome: seen.count(outcome) for outcome in set(seen)})


@pytest.mark.parametrize("existing", [False, True], ids=["new-file", "existing-file"])
def test_loads_in_separate_processes_at_once_all_succeed(tmp_path: Path,
                                                         existing: bool) -> None:
    """Two editions of one partnership and another partnership, loaded at the same moment
    by three processes: each waits its turn (WAL and the busy timeout), none fails."""
    db = tmp_path / "shared.db"
    paths = [workbook(tmp_path, "testshire", 20, "a"), workbook(tmp_path, "testshire", 10, "b"),
             workbook(tmp_path, "otherton", 20, "c")]
    if existing:
        assert load_workbooks([paths[2]], str(db))[0].ok
    processes = [cli_load(path, db) for path in paths]
    for process in processes:
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 0, stderr.decode()
    assert integrity(db) == "ok"
    testshire, otherton = stored(db, "testshire"), stored(db, "otherton")
    assert testshire in (records_of(paths[0]), records_of(paths[1]))
    assert otherton == records_of(paths[2])
    assert count(db, "partnership") == 2
    assert count(db, "import_record") == 3 + existing
    assert testshire is not None and otherton is not None
    assert count(db, "meeting") == len(testshire.meetings) + len(otherton.meetings)


# -- read-only and full disks ----------------------------------------------------------------




@pytest.fixture
def small(tmp_path: Path) -> Path:
    return workbook(tmp_path, "testshire", 3, "small")


def test_a_database_opened_read_only_refuses_the_load_and_stays_unchanged(
    tmp_path: Path, small: Path
) -> None:
    db = tmp_path / "audit.db"
    load_workbooks([small], str(db))
    before = dump(db)
    url = f"sqlite:///file:{db}?mode=ro&uri=true"
    result = runner.invoke(app, ["load", str(small), "--db", url])
    one_line_error(result, "readonly database")
    assert "database is unchanged" in result.stdout + result.stderr
    assert dump(db) == before




def test_an_immutable_database_file_refuses_the_load(tmp_path: Path, small: Path) -> None:
    db = tmp_path / "audit.db"
    load_workbooks([small], str(db))
    before = dump(db)
    with immutable(db):
        result = runner.invoke(app, ["load", str(small), "--db", str(db)])
    one_line_error(result, "readonly database")
    assert dump(db) == before and integrity(db) == "ok"


@pytest.mark.parametrize("exists", [False, True], ids=["new-db", "existing-db"])
def test_a_read_only_folder_gives_one_clear_error(tmp_path: Path, small: Path,
                                                   exists: bool) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    db = folder / "audit.db"
    if exists:
        load_workbooks([small], str(db))
    with immutable(folder):
        result = runner.invoke(app, ["load", str(small), "--db", str(db)])
    one_line_error(result, "cannot open database", "read-only")
    assert db.exists() == exists




def test_a_full_disk_refuses_the_load_and_keeps_the_earlier_one(tmp_path: Path,
                                                                 small: Path) -> None:
    big = workbook(tmp_path, "testshire", 400, "big")
    with tiny_disk(tmp_path / "disk") as disk:
        db = disk / "audit.db"
        assert load_workbooks([small], str(db))[0].ok
        before = stored(db, "testshire")
        result = runner.invoke(app, ["load", str(big), "--db", str(db)])
        one_line_error(result, "database or disk is full")
        assert "database is unchanged" in result.stdout + result.stderr
        assert integrity(db) == "ok"
        assert stored(db, "testshire") == before


def test_a_database_at_its_page_limit_refuses_the_load_and_changes_nothing(
    tmp_path: Path, small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The full-disk path without a mount: SQLite's max_page_count stops the file growing."""
    db = tmp_path / "audit.db"
    load_workbooks([small], str(db))
    before = dump(db)
    pages = Path(db).stat().st_size // 4096 + 1
    pragmas = database._sqlite_pragmas

    def capped(connection: Any, record: Any) -> None:
        pragmas(connection, record)
        connection.execute(f"PRAGMA max_page_count={pages}")

    monkeypatch.setattr(database, "_sqlite_pragmas", capped)
    big = workbook(tmp_path, "testshire", 400, "big")
    result = runner.invoke(app, ["load", str(big), "--db", str(db)])
    one_line_error(result, "database or disk is full")
    monkeypatch.undo()
    assert dump(db) == before and integrity(db) == "ok"
