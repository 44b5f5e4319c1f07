"""`load` sets its worker processes reading the workbooks before it opens the database, so
importing the driver and opening it overlap their work; a database that cannot be opened is
still the one thing said, and no worker is left running."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from csp_audit.model.errors import DatabaseError
from csp_audit.pipeline import load as load_module
from csp_audit.pipeline import parallel
from csp_audit.pipeline.load import load_workbooks

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "sample_data").glob("*.xlsx"))


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the load did first: started its workers, or opened its database."""
    happened: list[str] = []
    pool, opening = parallel._pool, load_module._Database.__init__

    def counted_pool(*args: object) -> object:
        happened.append("workers")
        return pool(*args)  # type: ignore[arg-type]

    def counted_opening(self: object, db: str) -> None:
        happened.append("database")
        opening(self, db)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "_pool", counted_pool)
    monkeypatch.setattr(load_module._Database, "__init__", counted_opening)
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    return happened


def test_the_workers_read_while_the_database_is_opened(events: list[str],
                                                       tmp_path: Path) -> None:
    outcomes = load_workbooks(SAMPLES, str(tmp_path / "audit.db"))
    assert events == ["workers", "database"]
    assert [o.code for o in outcomes if o.ok] == [p.stem for p in SAMPLES]


def test_a_database_that_cannot_be_opened_stops_the_workers(events: list[str],
                                                            tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a directory"):
        load_workbooks(SAMPLES, str(tmp_path))
    assert events == ["workers", "database"]
    assert multiprocessing.active_children() == []
