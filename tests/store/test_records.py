"""Records and audits saved and read back (store/records.py): exact round trips, replacement,
bulk writes, the latest and previous audit, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import event, select, text
from sqlalchemy.engine import Engine
from support.databases import refuse_inserts
from support.records import sample_audit, sample_records

from csp_audit.model.errors import DatabaseError, Problem
from csp_audit.model.findings import Finding
from csp_audit.model.periods import parse_year
from csp_audit.model.records import (
    Attendance,
    Document,
    Meeting,
    Member,
    Partnership,
    PartnershipRecords,
    Place,
    Waiver,
)
from csp_audit.store.connect import SqliteConnection, SqliteFile, open_database, write_lock
from csp_audit.store.records import ImportInfo, fetch_records, list_partnerships, save_records
from csp_audit.store.runs import current_run, fetch_audit, previous_audit, save_audit
from csp_audit.store.schema import ImportRow

RECORD_TABLES = ("member", "meeting", "attendance", "agenda_item", "document", "dhr_case",
                 "asb_case_review", "waiver")


@pytest.fixture
def engine(db: str) -> Iterator[Engine]:
    engine = open_database(db)
    yield engine
    engine.dispose()


def count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def info(name: str = "sefton.xlsx") -> ImportInfo:
    return ImportInfo(file_name=name, sha256="ab" * 32)


def test_records_come_back_exactly_as_saved(engine: Engine) -> None:
    records = sample_records()
    save_records(engine, records, info())
    assert fetch_records(engine, "sefton") == records


def test_records_with_only_the_required_sheets_round_trip(engine: Engine) -> None:
    full = sample_records()
    bare = dataclasses.replace(
        full, partnership=dataclasses.replace(full.partnership, registers=frozenset(),
                                              checklist=None, nation="Wales", tier="county",
                                              year_start_month=1, year_start_day=6),
        agenda=(), documents=(), dhr_cases=(), asb_reviews=(), waivers=(),
        row_counts={"Members": 3, "Meetings": 3, "Attendance": 9},
    )
    save_records(engine, bare, info())
    assert fetch_records(engine, "sefton") == bare


def test_an_unknown_code_has_no_records(engine: Engine) -> None:
    assert fetch_records(engine, "nowhere") is None


def test_each_record_keeps_its_sheet_and_row(engine: Engine) -> None:
    save_records(engine, sample_records(), info())
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT source_sheet, source_row FROM document ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [("Documents", 2), ("Documents", 3)]


def test_a_reload_replaces_the_records_and_never_duplicates(engine: Engine) -> None:
    first = save_records(engine, sample_records(meetings=3), info("old.xlsx"))
    smaller = sample_records(meetings=1)
    second = save_records(engine, smaller, info("new.xlsx"))
    assert (first.replaced, second.replaced) == (False, True)
    assert first.partnership_id == second.partnership_id
    assert fetch_records(engine, "sefton") == smaller
    assert count(engine, "meeting") == 1
    assert count(engine, "attendance") == 3
    assert count(engine, "partnership") == 1
    assert count(engine, "import_record") == 2


def test_a_reload_leaves_other_partnerships_alone(engine: Engine) -> None:
    norfolk = sample_records(code="norfolk", name="Norfolk County Community Safety Partnership")
    save_records(engine, norfolk, info("norfolk.xlsx"))
    save_records(engine, sample_records(), info())
    save_records(engine, sample_records(meetings=2), info())
    assert fetch_records(engine, "norfolk") == norfolk
    assert [p.code for p in list_partnerships(engine)] == ["norfolk", "sefton"]


def test_listing_shows_the_latest_import_of_each_partnership(engine: Engine) -> None:
    save_records(engine, sample_records(), info("first.xlsx"))
    save_records(engine, sample_records(meetings=2), ImportInfo("second.xlsx", "cd" * 32))
    (listed,) = list_partnerships(engine)
    assert (listed.code, listed.file_name, listed.sha256) == ("sefton", "second.xlsx", "cd" * 32)
    assert listed.rows["Meetings"] == 2
    assert listed.loaded_at is not None


def test_the_import_record_keeps_rows_and_warnings(engine: Engine) -> None:
    warning = Problem("sefton.xlsx", "unknown column ignored", sheet="Members", cell="K1",
                      found="notes", severity="warning")
    save_records(engine, sample_records(), ImportInfo("sefton.xlsx", "ef" * 32, (warning,)))
    with engine.connect() as conn:
        row = conn.execute(select(ImportRow.__table__)).one()  # type: ignore[attr-defined]
    assert row.file_name == "sefton.xlsx"
    assert row.rows["Attendance"] == 9
    (kept,) = row.warnings
    assert kept["cell"] == "K1" and kept["severity"] == "warning"


def test_records_are_inserted_in_bulk_one_statement_per_table(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    inserts: list[tuple[str, bool]] = []

    def watch(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.startswith("INSERT INTO"):
            inserts.append((statement.split()[2], executemany))

    if isinstance(engine, SqliteFile):  # a SQLite file's statements go through sqlite3
        for method, many in (("execute", False), ("executemany", True)):
            run = getattr(SqliteConnection, method)
            monkeypatch.setattr(SqliteConnection, method, lambda self, statement, rows=(), *,
                                run=run, many=many: watch(None, None, statement, rows, None,
                                                          many) or run(self, statement, rows))
    else:
        event.listen(engine, "before_cursor_execute", watch)
    save_records(engine, sample_records(meetings=12), info())
    per_table = {table: [many for name, many in inserts if name == table]
                 for table in RECORD_TABLES}
    assert per_table["attendance"] == [True]
    assert per_table["meeting"] == [True]
    assert all(len(calls) == 1 for calls in per_table.values())
    assert count(engine, "attendance") == 36


def test_a_failed_write_rolls_back_and_says_so(engine: Engine, db: str) -> None:
    original = sample_records()
    save_records(engine, original, info())
    refuse_inserts(db, "waiver", "disk full")
    with pytest.raises(DatabaseError, match="cannot write to database .*disk full"):
        save_records(engine, sample_records(meetings=1), info("broken.xlsx"))
    assert fetch_records(engine, "sefton") == original
    assert count(engine, "import_record") == 1


def test_a_read_only_database_refuses_a_load_clearly(tmp_path: Path) -> None:
    path = tmp_path / "audit.db"
    open_database(str(path)).dispose()
    read_only = open_database(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(DatabaseError, match="readonly"):
        save_records(read_only, sample_records(), info())
    read_only.dispose()


def test_a_read_only_postgresql_session_refuses_a_load_clearly(postgres_db: str) -> None:
    open_database(postgres_db).dispose()
    read_only = open_database(f"{postgres_db}?options=-c%20default_transaction_read_only%3Don")
    with pytest.raises(DatabaseError, match="cannot write to database .*read-only transaction"):
        save_records(read_only, sample_records(), info())
    read_only.dispose()


def test_an_audit_comes_back_exactly_as_saved(engine: Engine) -> None:
    audit = sample_audit()
    run_id = save_audit(engine, audit).run_id
    assert fetch_audit(engine, run_id) == audit
    assert fetch_audit(engine, run_id + 1) is None


def test_an_audit_without_findings_round_trips(engine: Engine) -> None:
    audit = dataclasses.replace(sample_audit(), findings=(), summary={}, overall="green")
    assert fetch_audit(engine, save_audit(engine, audit).run_id) == audit


def test_the_current_run_is_the_newest_run_for_that_year_and_day(engine: Engine) -> None:
    older = save_audit(engine, sample_audit()).run_id
    rerun = dataclasses.replace(sample_audit(), tool_version="0.2.0")
    newer = save_audit(engine, rerun).run_id
    save_audit(engine, sample_audit(as_of=date(2025, 6, 1)))
    save_audit(engine, sample_audit(code="norfolk"))
    stored = current_run(engine, "sefton", parse_year("2024-25"), date(2025, 5, 1), None)
    assert stored is not None and stored.run_id == newer > older
    assert stored.result == rerun
    assert current_run(engine, "sefton", parse_year("2023-24"), date(2025, 5, 1), None) is None


def test_previous_audit_is_the_same_partnerships_run_before(engine: Engine) -> None:
    last_year = save_audit(engine, sample_audit(year="2023-24", as_of=date(2024, 5, 1))).run_id
    save_audit(engine, sample_audit(code="norfolk"))
    this_year = save_audit(engine, sample_audit()).run_id
    previous = previous_audit(engine, "sefton", this_year)
    assert previous is not None and previous.run_id == last_year
    assert previous.result.year == "2023-24"
    assert previous_audit(engine, "sefton", last_year) is None


def test_audits_survive_a_reload_of_the_records(engine: Engine) -> None:
    save_records(engine, sample_records(), info())
    run_id = save_audit(engine, sample_audit()).run_id
    save_records(engine, sample_records(meetings=1), info())
    assert fetch_audit(engine, run_id) == sample_audit()


def test_findings_keep_their_order(engine: Engine) -> None:
    findings = tuple(Finding(f"R-{n}", f"Rule {n}", "green", "Fine.") for n in range(30, 0, -1))
    audit = dataclasses.replace(sample_audit(), findings=findings)
    stored = fetch_audit(engine, save_audit(engine, audit).run_id)
    assert stored is not None
    assert [f.rule_id for f in stored.findings] == [f.rule_id for f in findings]


texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                max_size=30)
maybe_texts = st.none() | texts
maybe_dates = st.none() | st.dates(date(1990, 1, 1), date(2099, 12, 31))
maybe_bools = st.none() | st.booleans()
places = st.builds(Place, st.sampled_from(["Members", "Meetings", "Attendance", "Notes"]),
                   st.integers(1, 1_048_576))
any_records = st.builds(
    PartnershipRecords,
    partnership=st.builds(
        Partnership, texts, st.just("property"), st.sampled_from(["England", "Wales"]),
        maybe_texts, st.integers(1, 12), st.integers(1, 28),
        st.sampled_from(["unitary", "district", "county"]),
        st.frozensets(st.sampled_from(["agenda", "documents", "dhr", "waivers"]))),
    members=st.lists(st.builds(Member, texts, maybe_texts, maybe_texts, places, maybe_bools,
                               maybe_texts, maybe_bools, maybe_texts, maybe_dates, maybe_dates),
                     max_size=5).map(tuple),
    meetings=st.lists(st.builds(Meeting, texts, st.dates(), texts, places, maybe_texts,
                                maybe_bools, maybe_dates, maybe_dates, maybe_dates,
                                maybe_bools, maybe_bools, st.booleans()),
                      max_size=5).map(tuple),
    attendance=st.lists(st.builds(Attendance, texts, texts, texts, places, maybe_bools),
                        max_size=5).map(tuple),
    documents=st.lists(st.builds(Document, texts, texts, places, maybe_texts, maybe_dates,
                                 signatories=st.lists(texts, max_size=3).map(tuple)),
                       max_size=3).map(tuple),
    waivers=st.lists(st.builds(Waiver, texts, texts, st.dates(), places, maybe_texts,
                               maybe_dates), max_size=3).map(tuple),
    row_counts=st.dictionaries(texts, st.integers(0, 10**6), max_size=4),
)


@pytest.fixture(scope="module")
def shared_engine(module_db: str) -> Iterator[Engine]:
    engine = open_database(module_db)
    yield engine
    engine.dispose()


@settings(max_examples=60, deadline=None)
@given(records=any_records)
def test_any_records_come_back_exactly_as_saved(shared_engine: Engine,
                                                records: PartnershipRecords) -> None:
    save_records(shared_engine, records, info())
    assert fetch_records(shared_engine, "property") == records


def test_postgresql_loads_of_one_partnership_take_turns_and_others_go_ahead(
    postgres_db: str,
) -> None:
    engine = open_database(postgres_db)
    with engine.connect() as holder:
        holder.begin()
        write_lock(holder, "partnership:sefton")
        norfolk = sample_records(code="norfolk", name="Norfolk CSP")
        assert not save_records(engine, norfolk, info("norfolk.xlsx")).replaced
        with ThreadPoolExecutor(max_workers=1) as pool:
            waiting = pool.submit(save_records, engine, sample_records(), info())
            with pytest.raises(TimeoutError):
                waiting.result(timeout=0.5)
            holder.rollback()
            assert not waiting.result(timeout=10).replaced
    assert [p.code for p in list_partnerships(engine)] == ["norfolk", "sefton"]
    engine.dispose()


def test_records_read_back_are_what_their_classes_build(engine: Engine) -> None:
    """Read-back records are given their field dicts at once (store/records.py `_built`):
    each must equal, hash and hold its fields in the order its own `__init__` gives."""
    save_records(engine, sample_records(), info())
    fetched = fetch_records(engine, "sefton")
    assert fetched is not None
    kinds = [value for value in vars(fetched).values() if isinstance(value, tuple)]
    assert sum(map(len, kinds)) > 10
    for record in (r for kind in kinds for r in kind if dataclasses.is_dataclass(r)):
        rebuilt = type(record)(*(getattr(record, f.name)
                                 for f in dataclasses.fields(record)))
        assert record == rebuilt and hash(record) == hash(rebuilt)
        assert list(vars(record).items()) == list(vars(rebuilt).items())
        with pytest.raises(dataclasses.FrozenInstanceError):
            record.place = Place("Members", 1)  # type: ignore[misc]


def test_a_record_class_with_post_init_is_built_through_its_init() -> None:
    from csp_audit.store.records import _layout

    @dataclasses.dataclass(frozen=True)
    class Checked:
        code: str
        place: Place

        def __post_init__(self) -> None:
            object.__setattr__(self, "code", self.code.strip())

    assert _layout(Checked, "checked").fields == ()
    assert _layout(Member, "member").fields == tuple(f.name for f in dataclasses.fields(Member))
