"""Loading workbooks: validated first, one transaction each, reloads replace, refusals
leave the database exactly as it was; on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import select
from support.builders import minimal_workbook_sheets, with_rows, write_workbook
from support.databases import connected, count, dump, refuse_inserts

from csp_audit.model.errors import DatabaseError
from csp_audit.pipeline.load import load_run, load_workbooks
from csp_audit.store.connect import open_database
from csp_audit.store.records import fetch_records, list_partnerships
from csp_audit.store.schema import ImportRow
from csp_audit.workbook.validate import validate_workbook

SHEETS_LOADED = ("Members", "Meetings", "Attendance", "Agenda", "Documents", "DHR",
                 "ASB case reviews", "Waivers")


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "testshire.xlsx", minimal_workbook_sheets())


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The same partnership with two errors: an impossible date and an unknown meeting."""
    sheets = minimal_workbook_sheets()
    sheets["Meetings"][1][1] = "31/02/2024"
    with_rows(sheets, "Attendance", [["B-1999-01", "Testshire Council", "present", None]])
    return write_workbook(tmp_path / "broken.xlsx", sheets)


def test_a_valid_workbook_loads_every_record(db: str, workbook: Path) -> None:
    (outcome,) = load_workbooks([workbook], db)
    assert outcome.ok and outcome.code == "testshire" and not outcome.replaced
    assert outcome.name == "Testshire Community Safety Partnership"
    assert outcome.rows["Members"] == 6 and outcome.rows["Attendance"] == 7
    assert set(SHEETS_LOADED) <= set(outcome.rows)
    engine = open_database(db)
    assert fetch_records(engine, "testshire") == validate_workbook(workbook).records
    engine.dispose()


def test_loading_the_same_workbook_twice_leaves_one_copy(db: str,
                                                         workbook: Path) -> None:
    load_workbooks([workbook], db)
    once = {table: count(db, table) for table in ("member", "meeting", "attendance")}
    (again,) = load_workbooks([workbook], db)
    assert again.ok and again.replaced
    assert {table: count(db, table) for table in once} == once
    assert count(db, "partnership") == 1
    assert count(db, "import_record") == 2


def test_a_reload_replaces_the_old_records_entirely(db: str, tmp_path: Path,
                                                     workbook: Path) -> None:
    load_workbooks([workbook], db)
    sheets = minimal_workbook_sheets()
    sheets["Meetings"] = sheets["Meetings"][:2]
    sheets["Attendance"] = sheets["Attendance"][:2]
    sheets["Agenda"] = sheets["Agenda"][:2]
    del sheets["Waivers"]
    smaller = write_workbook(tmp_path / "testshire-2025.xlsx", sheets)
    (outcome,) = load_workbooks([smaller], db)
    assert outcome.ok and outcome.replaced
    engine = open_database(db)
    records = fetch_records(engine, "testshire")
    engine.dispose()
    assert records is not None
    assert [m.meeting_id for m in records.meetings] == ["B-2024-06"]
    assert len(records.attendance) == 1 and records.waivers == ()
    assert not records.has_register("waivers")
    assert count(db, "waiver") == 0


def test_a_refused_workbook_leaves_the_database_exactly_as_it_was(
    db: str, workbook: Path, broken: Path
) -> None:
    load_workbooks([workbook], db)
    before = dump(db)
    (outcome,) = load_workbooks([broken], db)
    assert not outcome.ok and not outcome.rows
    assert len(outcome.errors) >= 2
    assert {p.sheet for p in outcome.errors} >= {"Meetings", "Attendance"}
    assert dump(db) == before


def stored_nothing(db: str) -> bool:
    """No partnership and no import in `db`: on a server its tables are empty, and a new
    SQLite file is not even made."""
    if "://" not in db:
        return not Path(db).exists()
    return count(db, "partnership") == 0 and count(db, "import_record") == 0


def test_a_refused_first_load_creates_no_records(db: str, broken: Path) -> None:
    (outcome,) = load_workbooks([broken], db)
    assert not outcome.ok
    assert stored_nothing(db)


def test_each_workbook_is_loaded_on_its_own(db: str, tmp_path: Path, workbook: Path,
                                           broken: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Partnership"][1:3] = [["name", "Otherton CSP"], ["code", "otherton"]]
    other = write_workbook(tmp_path / "otherton.xlsx", sheets)
    outcomes = load_workbooks([workbook, broken, other], db)
    assert [o.ok for o in outcomes] == [True, False, True]
    assert [o.path for o in outcomes] == [workbook, broken, other]
    engine = open_database(db)
    assert [p.code for p in list_partnerships(engine)] == ["otherton", "testshire"]
    engine.dispose()


def test_warnings_are_reported_and_kept_with_the_import(db: str, tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Notes"] = [["anything"], ["kept by the manager"]]
    path = write_workbook(tmp_path / "noted.xlsx", sheets)
    (outcome,) = load_workbooks([path], db)
    assert outcome.ok
    assert any("Notes" in str(w) for w in outcome.warnings)
    with connected(db) as conn:
        file_name, sha256, warnings = conn.execute(select(
            ImportRow.file_name, ImportRow.sha256, ImportRow.warnings)).one()
    assert file_name == "noted.xlsx"
    assert sha256 == validate_workbook(path).sha256 and len(sha256) == 64
    assert any(w["sheet"] == "Notes" for w in warnings)


def test_a_file_that_is_not_a_workbook_is_refused(db: str, tmp_path: Path) -> None:
    text = tmp_path / "minutes.xlsx"
    text.write_text("Minutes of the board, 13 June 2024\n")
    (outcome,) = load_workbooks([text], db)
    assert not outcome.ok and outcome.code is None
    assert len(outcome.errors) == 1
    assert stored_nothing(db)


def test_a_database_that_cannot_be_opened_stops_before_any_load(tmp_path: Path,
                                                                workbook: Path) -> None:
    with pytest.raises(DatabaseError, match="is a directory"):
        load_workbooks([workbook], str(tmp_path))


def test_a_write_failure_refuses_that_workbook_and_changes_nothing(
    db: str, workbook: Path
) -> None:
    load_workbooks([workbook], db)
    refuse_inserts(db, "document", "disk I/O error")
    before = dump(db)
    (outcome,) = load_workbooks([workbook], db)
    assert not outcome.ok
    assert "disk I/O error" in str(outcome.errors[-1])
    assert dump(db) == before


def test_two_workbooks_with_one_code_keep_the_last_and_warn(db: str, tmp_path: Path,
                                                            workbook: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Meetings"] = sheets["Meetings"][:2]
    sheets["Attendance"] = sheets["Attendance"][:2]
    sheets["Agenda"] = sheets["Agenda"][:2]
    copy = write_workbook(tmp_path / "copy.xlsx", sheets)
    first, second = load_workbooks([workbook, copy], db)
    assert first.ok and not first.warnings
    assert second.ok and second.replaced
    (warning,) = second.warnings
    assert "also loaded from" in warning.message and str(workbook) in warning.message
    assert count(db, "meeting") == 1 and count(db, "partnership") == 1


def test_loads_running_at_once_into_a_new_database_all_succeed(new_db: str,
                                                               workbook: Path) -> None:
    db = new_db
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = list(pool.map(lambda _: load_workbooks([workbook], db), range(4)))
    assert all(outcome.ok for (outcome,) in runs)
    assert sum(not outcome.replaced for (outcome,) in runs) == 1
    assert count(db, "partnership") == 1 and count(db, "meeting") == 3
    assert count(db, "import_record") == 4


def test_a_load_run_says_whether_it_found_the_database_new_and_made_it(
        tmp_path: Path, workbook: Path, broken: Path) -> None:
    """The CLI words what a refusal left behind from this, not by asking the file again."""
    db = str(tmp_path / "audit.db")
    refused = load_run([broken], db)
    assert (refused.database_was_new, refused.database_made) == (True, False)
    assert not Path(db).exists()
    made = load_run([broken, workbook], db)
    assert (made.database_was_new, made.database_made) == (True, True)
    assert [o.ok for o in made.outcomes] == [False, True]
    again = load_run([workbook], db)
    assert (again.database_was_new, again.database_made) == (False, False)
