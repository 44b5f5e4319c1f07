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
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csp_audit.model.errors import UsageError, did_you_mean
from csp_audit.model.periods import Period, audit_period
from csp_audit.model.records import PartnershipRecords
from csp_audit.pipeline.chosen import chosen_codes
from csp_audit.pipeline.parallel import in_order
from csp_audit.report.carry import carried_entries
from csp_audit.report.context import build_context
from csp_audit.report.files import commit, discard_batch, new_batch, remove_stale
from csp_audit.report.formats import output_path, stage_reports
from csp_audit.report.portfolio import portfolio_entry
from csp_audit.report.templates import RenderOptions, options_for
from csp_audit.rules.input_warnings import empty_year
from csp_audit.store.connect import Engine, adopt_after_fork, open_database
from csp_audit.store.records import (
    StoredPartnership,
    checklists_named,
    fetch_drawn_records,
    fetch_records,
    list_partnerships,
    year_starts,
)
from csp_audit.store.runs import audit_to_compare, current_run, has_current_run

if TYPE_CHECKING:
    from csp_audit.rules.checklists import Library


@dataclass(frozen=True)
class ReportRequest:
    """What to write: formats, where, which version, and how to render (`report_request`
    makes one)."""

    formats: tuple[str, ...]
    out: Path
    options: RenderOptions
    """The renderers' environments, with the user's templates compiled once per command."""
    public: bool = False
    portfolio: bool = False
    """Also write the portfolio of all the partnerships reported (html and xlsx only)."""
    force: bool = False
    """Replace an action plan already there even when it cannot be read to carry a person's
    entries over (report/carry.py)."""


def report_request(formats: tuple[str, ...], out: Path, public: bool = False,
                   templates: Path | None = None, junit_amber_fails: bool = False,
                   portfolio: bool = False, force: bool = False) -> ReportRequest:
    """The request, with --templates read now: a missing folder or a template with a syntax
    error is refused before `audit` loads a workbook or any audit runs, and no template is
    compiled again for the reports."""
    return ReportRequest(tuple(formats), out, options_for(templates, junit_amber_fails), public,
                         portfolio, force)


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


@dataclass(frozen=True)
class ReportJob:
    """What every partnership's reports in one command share; a forked worker inherits it."""

    engine: Engine
    periods: dict[str, tuple[Period, date]]
    """Each partnership's reporting year and as-of day, worked out once, by code."""
    request: ReportRequest
    fresh: bool
    options: RenderOptions
    loads: dict[str, StoredPartnership]
    """Each partnership's latest load, by code."""
    checklists: Callable[[], Library]
    """The checklists an audit run here uses, read when first needed."""


def _adopt(job: ReportJob) -> None:
    adopt_after_fork(job.engine)


@dataclass(frozen=True)
class ReportBatch:
    """What one command wrote: each partnership's outcome, in order, and the portfolio's
    files (none unless asked for); all of them were moved into place together."""

    outcomes: tuple[ReportOutcome, ...]
    portfolio: tuple[Path, ...] = ()


def empty_year_warning(records: PartnershipRecords, period: Period) -> str | None:
    """`empty_year` as stderr gives it: for a stored run older than the warnings kept with
    it."""
    warning = empty_year(records, period)
    return None if warning is None else f"warning: {records.partnership.code}: {warning}"


def report_one(job: ReportJob, code: str) -> ReportOutcome:
    """Write one partnership's reports from its latest run still current (run the audit when
    there is none, with the job's checklists)."""
    engine, request, options = job.engine, job.request, job.options
    period, as_of_day = job.periods[code]
    stored = None if job.fresh else current_run(engine, code, period, as_of_day,
                                                job.loads.get(code))
    ran = stored is None
    # NOTE: a stored run needs only what the report draws (its year, no agenda); an audit
    # run here needs every record.
    records = (fetch_records(engine, code) if stored is None else fetch_drawn_records(
        engine, code, stored.result.period_start, stored.result.period_end))
    if records is None:
        raise UsageError(f"no partnership {code} in the database")
    if stored is None:
        from csp_audit.pipeline.check import audit_one

        stored = audit_one(engine, records, period, as_of_day, job.checklists())
    earlier = audit_to_compare(engine, code, period.label, stored.result.as_of)
    context = build_context(stored.result, records, earlier, request.public)
    notes: tuple[str, ...] = ()
    if "xlsx" in request.formats:
        plan = output_path(request.out, context, "xlsx")
        carried = carried_entries(plan, request.force)
        if carried:
            context = {**context, "carried_plan": carried}
            notes = (f"note: {code}: {carried.summary(plan)}",)
    assert options.batch is not None
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
    warnings += notes
    return ReportOutcome(code, stored.result.overall, statuses, tuple(paths), ran, entry,
                         warnings, tuple(staged))


def report_partnerships(db: str, codes: Iterable[str] | None, year: str | None,
                        as_of: date | None, request: ReportRequest,
                        today: date | None = None, fresh: bool = False,
                        library: Library | None = None) -> ReportBatch:
    """Write the requested reports for each partnership (None: all of them).

    `fresh` runs the audit even when a stored run matches, as `audit` does right after
    loading: the stored run may predate the records just loaded. An audit run here uses
    `library` (check's --checklists); without it the shipped checklists, read once and only
    when an audit has to run.
    """
    checklists = (lambda: library) if library is not None else cache(_shipped)
    engine = open_database(db)
    # NOTE: one Jinja environment for every partnership: its compiled templates are cached.
    options = replace(request.options, batch=new_batch())
    remove_stale(request.out)
    try:
        loads = {p.code: p for p in list_partnerships(engine)}
        today = today or date.today()
        chosen = chosen_codes(engine, codes, year, as_of, today)
        starts = year_starts(engine)
        periods = {code: audit_period(year, as_of, today, *starts[code]) for code in chosen}
        job = ReportJob(engine, periods, request, fresh, options, loads, checklists)
        refuse_unknown_checklists(job, chosen)
        outcomes = list(in_order(report_one, chosen, job, _adopt))
        portfolio = _stage_portfolio(outcomes, request, options) if request.portfolio else []
        commit([pair for outcome in outcomes for pair in outcome.staged] + portfolio)
    except BaseException:
        discard_batch(request.out, options.batch)
        raise
    finally:
        engine.dispose()
    return ReportBatch(tuple(outcomes), tuple(path for _, path in portfolio))


def refuse_unknown_checklists(job: ReportJob, codes: list[str]) -> None:
    """Before any report is written: UsageError naming every partnership (of `codes`, whose
    audit runs now) whose Partnership sheet names a checklist the library does not hold.

    `report --all` and `audit a.xlsx b.xlsx c.xlsx` used to audit and report the
    partnerships before a bad one, then stop; now all are refused at once, each named with
    its unknown checklist and a did-you-mean, and nothing is audited or written. A stored
    run still current is rendered with the checklists it was made with, so those need no
    look-up."""
    unknown: list[tuple[str, str]] = []
    library: Library | None = None
    named = checklists_named(job.engine, codes)
    for code in codes:
        own = named.get(code)
        if not own:
            continue
        if not job.fresh and has_current_run(job.engine, code, *job.periods[code],
                                             job.loads.get(code)):
            continue
        library = library or job.checklists()
        if own not in library.checklists:
            unknown.append((code, own))
    if unknown:
        assert library is not None
        raise UsageError(unknown_checklists_message(unknown, sorted(library.checklists)))


def unknown_checklists_message(unknown: list[tuple[str, str]], known: list[str]) -> str:
    """`2 partnerships name a checklist that does not exist ...: norfolk names 'norfolkk'
    (did you mean 'norfolk'?); thurrock names 'x' (known: ...)`."""
    named = "; ".join(f"{code} names '{own}'" + (f" ({hint[2:]})" if (
        hint := did_you_mean(own, known)) else "") for code, own in unknown)
    names = [f"{own}.yaml" for own in dict.fromkeys(own for _, own in unknown)]
    files = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    count = len(unknown)
    who = "1 partnership names" if count == 1 else f"{count} partnerships name"
    return (f"{who} a checklist that does not exist in the Partnership sheet's checklist "
            f"field, so nothing was audited and no report written: {named} (known: "
            f"{', '.join(known) or 'none'}); correct the "
            f"{'workbook' if count == 1 else 'workbooks'}, or pass --checklists DIR holding "
            f"{files}")


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

