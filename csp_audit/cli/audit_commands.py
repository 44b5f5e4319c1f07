"""The commands that audit and report: check, report, audit (all in one) and due."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from csp_audit.cli.arguments import (
    check_out_folder,
    check_year_form,
    choice,
    note_single_year,
    parse_as_of,
    read_checklists,
    require_database,
    workbooks_to_read,
    write_file,
)
from csp_audit.cli.heap import freeze_imports
from csp_audit.cli.options import (
    ALL_FORMATS,
    DEFAULT_DB,
    AllOption,
    AmberFailsOption,
    AsOfOption,
    ChecklistsOption,
    DbOption,
    FailOnOption,
    ForcePlanOption,
    FormatOption,
    OutOption,
    PartnershipsOption,
    PublicOption,
    TemplatesOption,
    WorkbooksArgument,
    YearOption,
)
from csp_audit.cli.printing import (
    counted,
    echo,
    echo_json,
    fail,
    print_audit,
    print_due,
    print_load,
    print_reports,
    refusal_note,
    report_input_error,
)
from csp_audit.model.errors import CspAuditError, InputError


def report(
    out: OutOption,
    partnership: PartnershipsOption = None,
    all_partnerships: AllOption = False,
    db: DbOption = DEFAULT_DB,
    year: YearOption = None,
    as_of: AsOfOption = None,
    formats: FormatOption = ALL_FORMATS,
    public: PublicOption = False,
    templates: TemplatesOption = None,
    junit_amber_fails: AmberFailsOption = False,
    portfolio: Annotated[bool, typer.Option(
        "--portfolio", help="Also write one portfolio report of all these partnerships: "
        "partnerships x rules, and per rule how many are red, amber, green, waived or not "
        "applicable (html and xlsx formats only).")] = False,
    checklists: ChecklistsOption = None,
    force: ForcePlanOption = False,
) -> None:
    """Write reports of a stored audit run (running the audit when none matches).

    Files are named <code>-<year>[-public].<ext> in --out; with --portfolio also
    portfolio-<year>[-public].html and .xlsx, linking to each partnership's HTML report.
    --checklists is used when no stored run matches and report runs the audit; a stored
    run is reported with the checklists it was made with.

    Example: csp-audit report --all --year 2024-25 --format html,xlsx --portfolio --out out
    """
    from csp_audit.pipeline.report import report_partnerships, report_request
    from csp_audit.report.formats import parse_formats

    freeze_imports()
    if bool(partnership) == all_partnerships:
        raise fail("error: give --partnership CODE or --all"
                   + (", not both" if all_partnerships else ""))
    check_out_folder(out)
    note_single_year(year)
    try:
        request = report_request(tuple(parse_formats(formats)), out, public, templates,
                                 junit_amber_fails, portfolio, force)
        if portfolio and not {"html", "xlsx"} & set(request.formats):
            raise fail("error: --portfolio is written as html or xlsx: add one to --format")
        require_database(db)
        library = read_checklists(checklists, "no report was written") if checklists else None
        batch = report_partnerships(db, None if all_partnerships else partnership, year,
                                    parse_as_of(as_of), request, library=library)
    except InputError as error:
        raise report_input_error(error, "reporting stopped") from None
    except CspAuditError as error:
        raise fail(f"error: {error}") from None
    print_reports(batch.outcomes)
    if batch.portfolio:
        echo(f"portfolio of {counted(len(batch.outcomes), 'partnership')}:")
        for path in batch.portfolio:
            echo(f"  {path}")


def audit(
    workbooks: WorkbooksArgument,
    out: OutOption,
    db: Annotated[str | None, typer.Option(
        "--db", envvar="CSP_AUDIT_DB", metavar="DATABASE",
        help="Keep the records and the run in this database (default: a temporary one).")
    ] = None,
    year: YearOption = None,
    as_of: AsOfOption = None,
    formats: FormatOption = ALL_FORMATS,
    public: PublicOption = False,
    templates: TemplatesOption = None,
    junit_amber_fails: AmberFailsOption = False,
    fail_on: FailOnOption = "red",
    checklists: ChecklistsOption = None,
    force: ForcePlanOption = False,
) -> None:
    """Load workbooks, audit them and write the reports, in one step.

    Exit 1 when any finding is at or above --fail-on (default red), 2 on bad input.

    Example: csp-audit audit sample_data/*.xlsx --out reports --format html,md
    """
    import tempfile

    from csp_audit.model.findings import FAIL_ON, fails
    from csp_audit.pipeline.load import load_run
    from csp_audit.pipeline.report import report_partnerships, report_request
    from csp_audit.report.formats import parse_formats

    freeze_imports()

    fail_on = choice("--fail-on", fail_on, FAIL_ON)
    library = read_checklists(checklists, "nothing was loaded or audited")
    check_out_folder(out)
    check_year_form(year)
    note_single_year(year)
    workbooks = workbooks_to_read(workbooks)
    with tempfile.TemporaryDirectory(prefix="csp-audit-") as scratch:
        database = db or str(Path(scratch) / "audit.db")
        try:
            request = report_request(tuple(parse_formats(formats)), out, public, templates,
                                     junit_amber_fails, force=force)
            day = parse_as_of(as_of)
            # NOTE: no waiver check at load: the audit warns of a waiver naming no rule.
            run = load_run(workbooks, database, check_waivers=False,
                           checklist_folders=checklists or ())
            loaded = run.outcomes
            refused_note = refusal_note(loaded, run.database_was_new, run.database_made)
            for outcome in loaded:
                print_load(outcome, refused_note if db else "nothing from it was loaded")
            refused = sum(1 for outcome in loaded if not outcome.ok)
            if refused:
                raise fail(f"error: {counted(refused, 'workbook')} refused, so nothing was "
                           "audited and no report written")
            codes = [outcome.code for outcome in loaded if outcome.code]
            batch = report_partnerships(database, codes, year, day, request, fresh=True,
                                        library=library)
        except InputError as error:
            raise report_input_error(error, "the audit stopped") from None
        except CspAuditError as error:
            raise fail(f"error: {error}") from None
    print_reports(batch.outcomes)
    if fails((status for outcome in batch.outcomes for status in outcome.statuses), fail_on):
        raise typer.Exit(1)


def check(
    partnership: PartnershipsOption = None,
    all_partnerships: AllOption = False,
    db: DbOption = DEFAULT_DB,
    year: YearOption = None,
    as_of: AsOfOption = None,
    output: Annotated[str, typer.Option(
        "--format", metavar="table|json", help="table, or json: an object for one "
        "--partnership, an array for --all or several.")] = "table",
    fail_on: FailOnOption = "red",
    checklists: ChecklistsOption = None,
) -> None:
    """Run the checklists over loaded records, store the run, print the findings.

    Exit 1 when any finding is at or above --fail-on (default red), 0 otherwise, 2 on bad
    input or usage.

    --format json prints one JSON object for one --partnership, and an array of such
    objects for --all or for several --partnership (an array even when --all finds one
    partnership). Each object is the report's JSON (docs/report-json.md), officers'
    version, compared with no earlier run. It is printed whole or not at all: when one
    partnership's audit fails, stdout stays empty, the error goes to stderr and the exit
    code is 2.

    Example: csp-audit check --partnership sefton --year 2024-25 --format json
    """
    from collections.abc import Iterator

    from csp_audit.model.findings import FAIL_ON, AuditResult, fails
    from csp_audit.pipeline.check import iter_audits

    freeze_imports()

    if bool(partnership) == all_partnerships:
        raise fail("error: give --partnership CODE or --all"
                   + (", not both" if all_partnerships else ""))
    many = all_partnerships or len(partnership or ()) > 1
    output = choice("--format", output, ("table", "json"))
    fail_on = choice("--fail-on", fail_on, FAIL_ON)
    require_database(db)
    note_single_year(year)
    failed = False

    def audited() -> Iterator[AuditResult]:
        """Each result as it comes: its warnings said, its table printed (or its JSON
        spooled by report/machine.py, which prints the whole only once every audit has
        succeeded), then dropped, so memory stays flat however many --all audits."""
        nonlocal failed
        for result in iter_audits(db, None if all_partnerships else partnership, year,
                                  parse_as_of(as_of), checklists or ()):
            failed = failed or fails((f.status for f in result.findings), fail_on)
            for warning in result.warnings:
                echo(f"warning: {result.partnership_code}: {warning}", err=True)
            if output == "table":
                print_audit(result)
            yield result

    try:
        if output == "json":
            from csp_audit.report.machine import write_audits_json

            write_audits_json(audited(), many, echo_json)
        else:
            for _ in audited():
                pass
    except InputError as error:
        raise report_input_error(error, "nothing was checked") from None
    except CspAuditError as error:
        raise fail(f"error: {error}") from None
    if failed:
        raise typer.Exit(1)


def due(
    partnership: Annotated[str, typer.Option(
        "--partnership", metavar="CODE", help="Partnership code in the database.")],
    within: Annotated[str, typer.Option(
        "--within", metavar="DAYS", help="How far ahead: 90d (the default), 6w, or a number "
        "of days.")] = "90d",
    as_of: AsOfOption = None,
    db: DbOption = DEFAULT_DB,
    output: Annotated[str, typer.Option(
        "--format", metavar="table|json|ics", help="table, json for scripts, or ics: an "
        "iCalendar file with one event per obligation.")] = "table",
    out: Annotated[Path | None, typer.Option(
        "--out", metavar="FILE", help="Write the json or ics to FILE instead of printing "
        "it.")] = None,
    public: Annotated[bool, typer.Option(
        "--public", help="Leave out obligations that name restricted records (DHR and ASB "
        "cases, restricted documents, actions and recommendations).")] = False,
    checklists: ChecklistsOption = None,
) -> None:
    """List what falls due after --as-of (default today), soonest first: each open deadline
    the rules judge (DHR and ASB case stages, document reviews, the year's documents, open
    actions and recommendations), with the rule, the date and why. Nothing is stored.

    Example: csp-audit due --partnership sefton --within 90d --format ics --out sefton.ics
    """
    from csp_audit.cli.arguments import parse_within
    from csp_audit.pipeline.due import due_obligations

    output = choice("--format", output, ("table", "json", "ics"))
    days = parse_within(within)
    require_database(db)
    try:
        found = due_obligations(db, partnership, days, parse_as_of(as_of), public,
                                checklists or ())
    except InputError as error:
        raise report_input_error(error, "nothing was listed") from None
    except CspAuditError as error:
        raise fail(f"error: {error}") from None
    if output == "table":
        print_due(found)
        return
    from csp_audit.report.calendar import due_ics, due_json

    data = (due_json(found.code, found.name, found.as_of, found.within_days,
                     found.obligations, found.withheld).encode("utf-8") if output == "json"
            else due_ics(found.code, found.name, found.as_of, found.obligations))
    if out is None and output == "json":
        echo_json(data.decode("utf-8"))
        return
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        write_file(out, data)
    except OSError as error:
        raise fail(f"error: cannot write {out}: {error.strerror or error}") from None
    echo(f"Wrote {out} ({counted(len(found.obligations), 'obligation')})")
