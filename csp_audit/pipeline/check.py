"""The work behind `csp-audit check`: open the database, fetch each partnership's records,
run the checklists over them, store the run. Commands and tests call this, never the CLI."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from csp_audit.model.errors import UsageError, did_you_mean
from csp_audit.model.findings import AuditResult, StoredAudit
from csp_audit.model.periods import Period, audit_period
from csp_audit.model.records import PartnershipRecords
from csp_audit.pipeline.chosen import chosen_codes
from csp_audit.pipeline.parallel import in_order
from csp_audit.rules.checklists import Library, checklists_for
from csp_audit.rules.engine import audit_period_of
from csp_audit.store.connect import Engine, adopt_after_fork, open_database
from csp_audit.store.records import fetch_records, list_partnerships
from csp_audit.store.runs import save_audit


@dataclass(frozen=True)
class CheckJob:
    """What every partnership's audit in one `check` shares; a forked worker inherits it."""

    engine: Engine
    year: str | None
    as_of: date | None
    library: Library
    today: date


def evaluate(job: CheckJob, code: str) -> AuditResult:
    """One partnership's audit, not stored: in a worker, the parent stores it in order."""
    records = stored_records(job.engine, code)
    checklists = checklists_for(records.partnership, library=job.library)
    partnership = records.partnership
    period, as_of = audit_period(job.year, job.as_of, job.today, partnership.year_start_month,
                                 partnership.year_start_day)
    return audit_period_of(records, checklists, period, as_of)


def _adopt(job: CheckJob) -> None:
    adopt_after_fork(job.engine)


def audit_one(engine: Engine, records: PartnershipRecords, period: Period, as_of: date,
              library: Library) -> StoredAudit:
    """Audit one partnership's records for `period` as of `as_of`, and store the run; the
    run as stored, so nothing need read it back."""
    checklists = checklists_for(records.partnership, library=library)
    return save_audit(engine, audit_period_of(records, checklists, period, as_of))


def stored_records(engine: Engine, code: str) -> PartnershipRecords:
    """The partnership's records; UsageError naming the codes the database holds when it
    holds none under `code`."""
    records = fetch_records(engine, code)
    if records is None:
        known = sorted(p.code for p in list_partnerships(engine))
        raise UsageError(f"no partnership {code!r} in the database"
                         + (f" (it holds {', '.join(known)}){did_you_mean(code, known)}"
                            if known else ": run `csp-audit load` first"))
    return records


def iter_audits(db: str, codes: Iterable[str] | None, year: str | None = None,
                as_of: date | None = None, extra_dirs: Iterable[Path] = (),
                today: date | None = None) -> Iterator[AuditResult]:
    """Audit the partnerships named by `codes` (None: every one in the database), one at a
    time, so a national run holds one partnership's records and findings at once.

    The checklists, the database and every code are checked before the first audit, so
    those errors come before any result (a misspelt second --partnership prints no table
    of the first)."""
    library = Library(extra_dirs)
    engine = open_database(db)
    today = today or date.today()
    try:
        chosen = chosen_codes(engine, codes, year, as_of, today)
    except BaseException:
        engine.dispose()
        raise
    return _audits(CheckJob(engine, year, as_of, library, today), chosen)


def _audits(job: CheckJob, codes: list[str]) -> Iterator[AuditResult]:
    """Partnerships audited in order (in worker processes when there are several) and
    stored here, one by one, so runs are numbered as one process numbers them."""
    try:
        for result in in_order(evaluate, codes, job, _adopt):
            save_audit(job.engine, result)
            yield result
    finally:
        job.engine.dispose()


def audit_partnerships(db: str, codes: Iterable[str] | None, year: str | None = None,
                       as_of: date | None = None, extra_dirs: Iterable[Path] = (),
                       today: date | None = None) -> list[AuditResult]:
    """Audit the partnerships named by `codes` (None: every one in the database)."""
    return list(iter_audits(db, codes, year, as_of, extra_dirs, today))


def audit_partnership(db: str, code: str, year: str | None = None, as_of: date | None = None,
                      extra_dirs: Iterable[Path] = (), today: date | None = None) -> AuditResult:
    return audit_partnerships(db, [code], year, as_of, extra_dirs, today)[0]

