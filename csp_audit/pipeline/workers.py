"""What a forked worker process does for `check --all` and `report --all` (parallel.py):
it takes over the parent's engine with a pool of its own, then audits or reports one
partnership per call. The parent stores each audit in order, so runs are numbered as one
process numbers them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.engine import Engine

    from csp_audit.model.findings import AuditResult
    from csp_audit.pipeline.report import ReportOutcome, ReportRequest
    from csp_audit.report.templates import RenderOptions
    from csp_audit.rules.checklists import Library
    from csp_audit.store.records import StoredPartnership

_held: dict[str, Any] = {}
"""This worker's engine and what every call needs, set once by a `start_`."""


def _take_over(engine: Engine) -> None:
    """The parent's connections are left to the parent (SQLAlchemy's advice after a fork):
    their pool is kept referenced, so no garbage collection closes (and checkpoints) a
    SQLite connection the parent still uses. The worker opens its own, and closes them
    when it ends."""
    from multiprocessing.util import Finalize

    _held["parents_pool"] = engine.pool
    engine.dispose(close=False)
    _held["engine"] = engine
    Finalize(engine, engine.dispose, exitpriority=10)


def start_auditing(engine: Engine, year: str | None, as_of: date | None, library: Library,
                   today: date) -> None:
    _take_over(engine)
    _held.update(year=year, as_of=as_of, library=library, today=today)


def evaluate(code: str) -> AuditResult:
    """One partnership's audit, not stored (the parent stores it)."""
    from csp_audit.pipeline.check import evaluate_one

    return evaluate_one(_held["engine"], code, _held["year"], _held["as_of"],
                        _held["library"], _held["today"])


def start_reporting(engine: Engine, year: str | None, as_of: date | None,
                    request: ReportRequest, today: date, fresh: bool,
                    options: RenderOptions, checklists: Callable[[], Library]) -> None:
    _take_over(engine)
    _held.update(year=year, as_of=as_of, request=request, today=today, fresh=fresh,
                 options=options, checklists=checklists)


def report(job: tuple[str, StoredPartnership | None]) -> ReportOutcome:
    """One partnership's reports, written by this worker."""
    from csp_audit.pipeline.report import report_one

    code, loaded = job
    return report_one(_held["engine"], code, _held["year"], _held["as_of"], _held["request"],
                      _held["today"], _held["fresh"], _held["options"], loaded,
                      _held["checklists"])
