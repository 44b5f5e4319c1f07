"""Every read of one partnership's records happens in one snapshot: a load that commits
while `fetch_records` is reading table by table is not seen half-way, on SQLite and on
PostgreSQL (where each statement used to have its own READ COMMITTED snapshot, and a check
racing a load audited a torn mixture of old and new records)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from support.records import sample_records

from csp_audit.store import records as store
from csp_audit.store.connect import open_database
from csp_audit.store.records import ImportInfo, fetch_records, save_records


@pytest.fixture
def engine(db: str) -> Iterator[Engine]:
    engine = open_database(db)
    yield engine
    engine.dispose()


def test_a_load_committing_mid_read_is_not_seen(db: str, engine: Engine,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    old = sample_records()
    new = dataclasses.replace(old, meetings=old.meetings[:1], attendance=old.attendance[:1],
                              agenda=(), documents=old.documents[:1])
    save_records(engine, old, ImportInfo("old.xlsx", "a" * 64))
    real = store._record_values
    racing = open_database(db)
    calls = []

    def load_in_between(*args: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:  # after the first kind is read, another process loads
            save_records(racing, new, ImportInfo("new.xlsx", "b" * 64))
        return real(*args)

    monkeypatch.setattr(store, "_record_values", load_in_between)
    try:
        fetched = fetch_records(engine, old.partnership.code)
    finally:
        racing.dispose()
    assert fetched is not None
    assert (len(fetched.meetings), len(fetched.attendance), len(fetched.agenda),
            len(fetched.documents)) == (len(old.meetings), len(old.attendance),
                                        len(old.agenda), len(old.documents))
    monkeypatch.setattr(store, "_record_values", real)
    again = fetch_records(engine, old.partnership.code)
    assert again is not None and len(again.meetings) == len(new.meetings)
