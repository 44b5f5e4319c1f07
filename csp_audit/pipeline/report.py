"""Reports from the database: the work behind `csp-audit report` and `csp-audit audit`.

Finds the stored audit run for each partnership, year and as-of day made since the
partnership's latest load (running the audit when none matches), the run to compare with for
the trend (last year's audit, else an earlier run of the same year: either as of a day before
the report's), and the partnership's
records for the timeline and heat map; builds one plain context per version and hands it to
the renderers. Renderers never see the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Engine

from csp_audit.model.errors import UsageError
from csp_audit.model.findings import SEVERITY
from csp_audit.model.periods import Period, audit_period
from csp_audit.model.records import PartnershipRecords
from csp_audit.pipeline import workers
from csp_audit.pipeline.check import chosen_codes
from csp_audit.pipeline.parallel import in_order, worker_count
from csp_audit.report.checklist_names import refuse_unknown_checklists
from csp_audit.report.context import build_context
from csp_audit.report.files import commit, discard_batch, new_batch
from csp_audit.report.formats import stage_reports, write_reports
from csp_audit.report.portfolio import portfolio_entry
from csp_audit.report.templates import RenderOptions, options_for
from csp_audit.rules.input_warnings import empty_year
from csp_audit.store.records import (
    StoredAudit,
    StoredPartnership,
    audit_to_compare,
    fetch_records,
    latest_audit,
    list_partnerships,
)
from csp_audit.store.schema import open_database

if TYPE_CHECKING:
    from csp_audit.rules.checklists import Library


@dataclass(frozen=True)
class ReportRequest:
    """What to write: formats, where, which version, and the rendering options."""

    formats: tuple[str, ...]
    out: Path
    public: bool = False
    templates: Path | None = None
    junit_amber_fails: bool = False
    portfolio: bool = False
    """Also write the portfolio of all the partnerships reported (html and xlsx only)."""

    def __post_init__(self) -> None:
        """--templates is read as the request is made: a missing folder or a template with a
        syntax error is refused before `audit` loads a workbook or any audit runs."""
        if self.templates is not None:
            options_for(self.templates)


@dataclass(frozen=True)
class ReportOutcome:
    code: str
    overall: str
    statuses: tuple[str, ...]
    """Every finding's status: all a command needs once the reports are written, so a
    national run holds no partnership's findings after its own reports."""
    paths: tuple[Path, ...]
    ran_audit: bool
    """True when no stored run matched, so this report ran (and stored) the audit."""
    entry: dict[str, Any] | None = None
    """What the portfolio shows of this partnership, when a portfolio was asked for."""
    warnings: tuple[str, ...] = ()
    """Things the user should know about this report (for stderr), e.g. a year without
    meetings."""
    staged: tuple[tuple[Path, Path], ...] = ()
    """(hidden file, report) pairs not yet moved into place, when the options stage a
    batch: the command moves every partnership's at once (`report_partnerships`)."""


class WrittenReports(list[ReportOutcome]):
    """The outcomes of one command, and the portfolio written with them (when asked for),
    so every file of the command is written at once or none is."""

    portfolio: list[Path]

    def __init__(self, outcomes: Iterable[ReportOutcome], portfolio: list[Path]) -> None:
        super().__init__(outcomes)
        self.portfolio = portfolio


def run_audit(engine: Engine, code: str, period: Period, as_of: date, today: date,
              library: Library | None = None) -> None:
    """Run and store the audit with the check engine's library function, as `check` does."""
    from csp_audit.pipeline.check import audit_one
    from csp_audit.rules.checklists import Library

    audit_one(engine, code, period.label, as_of, library or Library(), today)


def _utc(stamp: datetime) -> datetime:
    """A stored time in UTC: SQLite gives it back without its zone."""
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


def still_current(stored: StoredAudit, loaded: StoredPartnership | None) -> bool:
    """True when the run was made after the partnership's latest load: a run made before a
    reload rated records that are gone, and must not be rendered with the new ones."""
    if loaded is None or loaded.loaded_at is None:
        return True
    return _utc(stored.created_at) > _utc(loaded.loaded_at)


def empty_year_warning(records: PartnershipRecords, period: Period) -> str | None:
    """`empty_year` as stderr gives it: for a stored run older than the warnings kept with
    it."""
    warning = empty_year(records, period)
    return None if warning is None else f"warning: {records.partnership.code}: {warning}"


def report_one(engine: Engine, code: str, year: str | None, as_of: date | None,
               request: ReportRequest, today: date, fresh: bool = False,
               options: RenderOptions | None = None,
               loaded: StoredPartnership | None = None,
               checklists: Callable[[], Library] | None = None) -> ReportOutcome:
    """Write one partnership's reports from its latest run still current (run the audit when
    there is none, with the checklists `checklists` gives: the shipped ones by default);
    `loaded` is its latest load, looked up when not given."""
    records = fetch_records(engine, code)
    if records is None:
        raise UsageError(f"no partnership {code} in the database")
    if loaded is None:
        loaded = next((p for p in list_partnerships(engine) if p.code == code), None)
    partnership = records.partnership
    period, as_of_day = audit_period(year, as_of, today, partnership.year_start_month,
                                     partnership.year_start_day)
    stored = None if fresh else latest_audit(engine, code, period.label, as_of_day)
    if stored is not None and not still_current(stored, loaded):
        stored = None
    ran = stored is None
    if stored is None:
        run_audit(engine, code, period, as_of_day, today, checklists and checklists())
        stored = latest_audit(engine, code, period.label, as_of_day)
        if stored is None:
            raise UsageError(f"the audit of {code} for {period.label} was not stored")
    earlier = audit_to_compare(engine, code, period.label, stored.result.as_of)
    context = build_context(stored.result, records, earlier, request.public)
    options = options or options_for(request.templates, request.junit_amber_fails)
    staged: list[tuple[Path, Path]] = []
    if options.batch is None:
        paths = write_reports(context, list(request.formats), request.out, options)
    else:
        staged = stage_reports(context, list(request.formats), request.out, options,
                               options.batch)
        paths = [path for _, path in staged]
    entry = None
    if request.portfolio:
        html = next((p.name for p in paths if p.suffix == ".html"), None)
        entry = portfolio_entry(context, html)
    statuses = tuple(f.status for f in stored.result.findings)
    warnings = tuple(f"warning: {code}: {w}" for w in stored.result.warnings) or tuple(
        w for w in (empty_year_warning(records, period),) if w)
    return ReportOutcome(code, stored.result.overall, statuses, tuple(paths), ran, entry,
                         warnings, tuple(staged))


def report_partnerships(db: str, codes: Iterable[str] | None, year: str | None,
                        as_of: date | None, request: ReportRequest,
                        today: date | None = None, fresh: bool = False,
                        library: Library | None = None) -> list[ReportOutcome]:
    """Write the requested reports for each partnership (None: all of them).

    `fresh` runs the audit even when a stored run matches, as `audit` does right after
    loading: the stored run may predate the records just loaded. An audit run here uses
    `library` (check's --checklists); without it the shipped checklists, read once and only
    when an audit has to run.
    """
    checklists = (lambda: library) if library is not None else cache(_shipped)
    engine = open_database(db)
    # NOTE: one Jinja environment for every partnership: its compiled templates are cached.
    options = replace(options_for(request.templates, request.junit_amber_fails),
                      batch=new_batch())
    try:
        loads = {p.code: p for p in list_partnerships(engine)}
        today = today or date.today()
        chosen = chosen_codes(engine, codes, year, as_of, today)
        refuse_unknown_checklists(engine, chosen, year, as_of, today, fresh, loads,
                                  checklists)
        if worker_count(len(chosen)):
            outcomes = list(in_order(workers.report,
                                     [(code, loads.get(code)) for code in chosen],
                                     workers.start_reporting,
                                     (engine, year, as_of, request, today, fresh, options,
                                      checklists)))
        else:
            outcomes = [report_one(engine, code, year, as_of, request, today, fresh,
                                   options, loads.get(code), checklists)
                        for code in chosen]
        portfolio = _stage_portfolio(outcomes, request, options) if request.portfolio else []
        commit([pair for outcome in outcomes for pair in outcome.staged] + portfolio)
    except BaseException:
        discard_batch(request.out, options.batch)
        raise
    finally:
        engine.dispose()
    return WrittenReports(outcomes, [path for _, path in portfolio])


def _stage_portfolio(outcomes: list[ReportOutcome], request: ReportRequest,
                     options: RenderOptions) -> list[tuple[Path, Path]]:
    from csp_audit.report.formats import stage_portfolio
    from csp_audit.report.portfolio import build_portfolio_context

    entries = [outcome.entry for outcome in outcomes if outcome.entry is not None]
    context = build_portfolio_context(entries, request.public)
    assert options.batch is not None
    return stage_portfolio(context, list(request.formats), request.out, options,
                           options.batch)


def _shipped() -> Library:
    from csp_audit.rules.checklists import Library

    return Library()


def write_portfolio_of(outcomes: list[ReportOutcome], request: ReportRequest) -> list[Path]:
    """The portfolio of the partnerships just reported, in the request's html and xlsx
    formats (the others have no portfolio form); [] when none of those was asked for.
    `report_partnerships` writes it with the reports, all at once: then its paths."""
    if isinstance(outcomes, WrittenReports):
        return outcomes.portfolio
    from csp_audit.report.formats import write_portfolio
    from csp_audit.report.portfolio import build_portfolio_context

    entries = [outcome.entry for outcome in outcomes if outcome.entry is not None]
    context = build_portfolio_context(entries, request.public)
    options = options_for(request.templates, request.junit_amber_fails)
    return write_portfolio(context, list(request.formats), request.out, options)


def worst_at_or_above(outcomes: Iterable[ReportOutcome], fail_on: str) -> bool:
    """True when any finding is at or above `fail_on` (red, amber; never is never)."""
    if fail_on == "never":
        return False
    threshold = SEVERITY[fail_on]
    return any(SEVERITY[status] >= threshold
               for outcome in outcomes for status in outcome.statuses)
