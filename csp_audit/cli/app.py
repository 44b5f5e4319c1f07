"""The command line: a thin shell that parses options, calls one library function, and maps
errors to exit codes (0 fine, 1 a finding at or above --fail-on, 2 bad input or usage).

Heavy libraries are imported inside the commands so that `csp-audit --help` starts fast.
"""

from __future__ import annotations

import os
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
from csp_audit.cli.help import ReadableCommand
from csp_audit.cli.printing import (
    counted,
    echo,
    echo_json,
    fail,
    load_progress,
    print_audit,
    print_due,
    print_library,
    print_load,
    print_reports,
    print_rules,
    print_validation,
    print_version,
    refusal_note,
    report_input_error,
)
from csp_audit.model.errors import CspAuditError, InputError

app = typer.Typer(
    name="csp-audit",
    help="Audit a Community Safety Partnership against its statutory duties and its own "
    "terms of reference.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
checklists_app = typer.Typer(help="List, show and lint checklists.", no_args_is_help=True)
app.add_typer(checklists_app, name="checklists")

DEFAULT_DB = "csp-audit.db"


@app.callback()
def options(
    show_version: Annotated[bool, typer.Option(
        "--version", callback=print_version, is_eager=True,
        help="Show the version and exit.")] = False,
) -> None:
    """Audit a Community Safety Partnership against its statutory duties and its own terms
    of reference."""

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="CSP_AUDIT_DB",
        metavar="DATABASE",
        help="SQLite file or PostgreSQL URL (default csp-audit.db, or CSP_AUDIT_DB).",
    ),
]
WorkbooksArgument = Annotated[
    list[Path], typer.Argument(metavar="WORKBOOK...",
                               help="One or more partnership workbooks (.xlsx).")
]


@app.command(cls=ReadableCommand)
def template(
    out: Annotated[Path, typer.Argument(
        metavar="OUT.xlsx", help="Where to write the blank workbook (.xlsx).")],
    example: Annotated[bool, typer.Option("--example", help="Add illustrative rows.")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Overwrite OUT.xlsx when it exists.")] = False,
) -> None:
    """Write a ready-to-fill workbook: every sheet, drop-down lists and a Guide sheet.

    An existing file is kept (exit 2) unless --force is given.

    Example: csp-audit template my-partnership.xlsx --example
    """
    if out.suffix.lower() != ".xlsx":
        raise fail(f"error: {out}: the template is an Excel workbook; give a file name "
                   "ending .xlsx")
    if out.is_dir():
        raise fail(f"error: {out} is a folder; give the workbook's file name, e.g. "
                   f"{out / 'my-partnership.xlsx'}")
    if out.exists() and not force:
        raise fail(f"error: {out} already exists; pass --force to overwrite it")
    from csp_audit.workbook.template import write_template

    try:
        write_template(out, example=example, overwrite=force)
    except FileExistsError:
        raise fail(f"error: {out} already exists; pass --force to overwrite it") from None
    except OSError as error:
        raise fail(f"error: cannot write {out}: {error.strerror or error}") from None
    echo(f"Wrote {out}")


@app.command(cls=ReadableCommand)
def validate(workbooks: WorkbooksArgument) -> None:
    """Check workbooks against the input contract; write nothing.

    Lists every problem with its Sheet!Cell. Exit 0 when all are valid (warnings allowed),
    2 otherwise.

    Example: csp-audit validate sefton.xlsx
    """
    from csp_audit.pipeline.load import validate_fully
    from csp_audit.rules.input_warnings import RuleIds

    ok = True
    rule_ids = RuleIds()
    for path in workbooks_to_read(workbooks):
        result = validate_fully(path, rule_ids)
        print_validation(path, result)
        ok = ok and result.ok
    if not ok:
        raise typer.Exit(2)


@app.command(cls=ReadableCommand)
def load(workbooks: WorkbooksArgument, db: DbOption = DEFAULT_DB,
         actions: Annotated[Path | None, typer.Option(
             "--actions", metavar="PLAN.xlsx", help="Last audit's xlsx report with its "
             "Action plan sheet filled in: read as the workbook's Actions register (one "
             "workbook only).")] = None) -> None:
    """Validate workbooks and load each into the database in one transaction.

    A workbook replaces that partnership's earlier records (same code); a refused workbook
    leaves the database as it was. Several workbooks show a progress bar on stderr when it
    is a terminal. --actions reads last year's filled-in action plan (Owner, Action, Due
    date, Progress, by rule id) with this year's workbook, so it needs no retyping.

    Example: csp-audit load sample_data/*.xlsx --db audit.db
    """
    from csp_audit.pipeline.load import load_workbooks
    from csp_audit.store.sqlite import is_new_sqlite_file

    workbooks = workbooks_to_read(workbooks)
    was_new = is_new_sqlite_file(db)
    try:
        with load_progress(len(workbooks)) as advance:
            outcomes = load_workbooks(workbooks, db, advance, action_plan=actions)
    except CspAuditError as error:
        raise fail(f"error: {error}") from None
    refused = refusal_note(outcomes, was_new, made=not is_new_sqlite_file(db))
    for outcome in outcomes:
        print_load(outcome, refused)
    if any(not outcome.ok for outcome in outcomes):
        raise typer.Exit(2)


FORMAT_HELP = "Comma list of html, pdf, xlsx, json, junit, md."
ALL_FORMATS = "html,pdf,xlsx,json,junit,md"
YearOption = Annotated[
    str | None, typer.Option("--year", metavar="YEAR", help="Reporting year, e.g. 2024-25; "
                             "2024 for a calendar year, and for others the year that starts "
                             "in 2024 (default: the year containing --as-of).")
]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", metavar="DATE", help="Audit as of this day, written "
                             "as in the workbook (31/03/2025, 2025-03-31, 31 March 2025; "
                             "default: the year end, or today while the year runs).")
]
FormatOption = Annotated[str, typer.Option("--format", metavar="FORMATS",
                                                      help=FORMAT_HELP)]
OutOption = Annotated[Path, typer.Option("--out", metavar="DIR",
                                                 help="Folder for the reports.")]
PublicOption = Annotated[bool, typer.Option(
    "--public", help="Write the public version: no restricted records (DHR and ASB cases, "
    "restricted meetings, agenda items and documents).")]
TemplatesOption = Annotated[Path | None, typer.Option(
    "--templates", metavar="DIR", help="Folder of templates that override the built-in ones.")]
AmberFailsOption = Annotated[bool, typer.Option(
    "--junit-amber-fails", help="In JUnit XML, count amber as a failure (red always is).")]
ForcePlanOption = Annotated[bool, typer.Option(
    "--force", help="Replace an Excel action plan already in --out even when it cannot be "
    "read to carry over the Owner, Action, Due date and Progress a person wrote in it.")]
ChecklistsOption = Annotated[list[Path] | None, typer.Option(
    "--checklists", metavar="DIR", help="A folder of your own checklists (repeatable); they "
    "may extend or replace the shipped ones.")]


@app.command(cls=ReadableCommand)
def report(
    out: OutOption,
    partnership: Annotated[list[str] | None, typer.Option(
        "--partnership", metavar="CODE", help="Partnership code (repeat for several).")] = None,
    all_partnerships: Annotated[bool, typer.Option(
        "--all", help="Every partnership in the database.")] = False,
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


@app.command(cls=ReadableCommand)
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
    fail_on: Annotated[str, typer.Option(
        "--fail-on", metavar="red|amber|never",
        help="Exit 1 when a finding is at or above: red, amber or never.")
    ] = "red",
    checklists: ChecklistsOption = None,
    force: ForcePlanOption = False,
) -> None:
    """Load workbooks, audit them and write the reports, in one step.

    Exit 1 when any finding is at or above --fail-on (default red), 2 on bad input.

    Example: csp-audit audit sample_data/*.xlsx --out reports --format html,md
    """
    import tempfile

    from csp_audit.model.findings import fails
    from csp_audit.pipeline.load import load_workbooks
    from csp_audit.pipeline.report import report_partnerships, report_request
    from csp_audit.report.formats import parse_formats
    from csp_audit.store.sqlite import is_new_sqlite_file

    fail_on = choice("--fail-on", fail_on, ("red", "amber", "never"))
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
            was_new = is_new_sqlite_file(database)
            loaded = load_workbooks(workbooks, database, check_waivers=False)
            refused_note = refusal_note(loaded, was_new, not is_new_sqlite_file(database))
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


@app.command(cls=ReadableCommand)
def check(
    partnership: Annotated[list[str] | None, typer.Option(
        "--partnership", metavar="CODE",
        help="Partnership code in the database (repeat for several).")] = None,
    all_partnerships: Annotated[bool, typer.Option(
        "--all", help="Every partnership in the database.")] = False,
    db: DbOption = DEFAULT_DB,
    year: YearOption = None,
    as_of: AsOfOption = None,
    output: Annotated[str, typer.Option(
        "--format", metavar="table|json", help="table, or json: an object for one "
        "--partnership, an array for --all or several.")] = "table",
    fail_on: Annotated[str, typer.Option(
        "--fail-on", metavar="red|amber|never",
        help="Exit 1 when a finding is at or above: red, amber or never.")
    ] = "red",
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


@app.command(cls=ReadableCommand)
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
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        write_file(out, data)
    except OSError as error:
        raise fail(f"error: cannot write {out}: {error.strerror or error}") from None
    echo(f"Wrote {out} ({counted(len(found.obligations), 'obligation')})")


@checklists_app.command("list", cls=ReadableCommand)
def checklists_list(checklists: ChecklistsOption = None) -> None:
    """List the shipped checklists (and your own with --checklists).

    Example: csp-audit checklists list
    """
    from csp_audit.rules.checklists import Library

    try:
        print_library(Library(checklists or ()))
    except InputError as error:
        raise report_input_error(error, "nothing was listed") from None


@checklists_app.command("show", cls=ReadableCommand)
def checklists_show(
    checklist_id: Annotated[str, typer.Argument(metavar="ID", help="A checklist id.")],
    checklists: ChecklistsOption = None,
) -> None:
    """Show every rule a checklist applies, with those it inherits.

    Example: csp-audit checklists show sefton
    """
    from csp_audit.rules.checklists import Library

    try:
        library = Library(checklists or ())
        checklist = library.get(checklist_id)
        print_rules(f"{checklist.model.id} {checklist.model.version}: {checklist.model.title}",
                    library.resolve([checklist_id]))
    except InputError as error:
        raise report_input_error(error, "nothing was shown") from None
    except CspAuditError as error:
        raise fail(f"error: {error}") from None


@checklists_app.command("lint", cls=ReadableCommand)
def checklists_lint(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Checklist files.")],
) -> None:
    """Check checklist files against the schema, the kinds and what they extend.

    Exit 0 when every file is valid, 2 otherwise.

    Example: csp-audit checklists lint my-partnership.yaml
    """
    from csp_audit.rules.lint import lint_files

    try:
        counts = lint_files(files)
    except InputError as error:
        raise report_input_error(error, "the checklists are not valid") from None
    for path, count in counts:
        echo(f"{path}: valid ({counted(count, 'rule')} after extends and overrides)")


import_app = typer.Typer(help="Import records from other systems into a workbook.",
                         no_args_is_help=True)
app.add_typer(import_app, name="import")


@import_app.command("moderngov", cls=ReadableCommand)
def import_moderngov(
    folder: Annotated[Path | None, typer.Argument(
        metavar="DIR", help="Folder of saved ModernGov responses (.xml).")] = None,
    body: Annotated[str | None, typer.Option("--body", metavar="BODY", help="What the "
        "committee is: board, executive, public, task_group or scrutiny.")] = None,
    committee: Annotated[str | None, typer.Option("--committee", metavar="ID", help="The "
        "committee's id (needed when DIR holds several, and with --fetch).")] = None,
    members: Annotated[Path | None, typer.Option("--members", metavar="MAP", help="CSV: "
        "member,organisation,sector,senior (member: a member id or role).")] = None,
    topics: Annotated[Path | None, typer.Option("--topics", metavar="FILE", help="CSV: "
        "keyword,topic, read before the built-in agenda keywords.")] = None,
    out: Annotated[Path | None, typer.Option("--out", metavar="WORKBOOK.xlsx", help="The "
        "workbook to write, or whose imported rows to update.")] = None,
    fetch: Annotated[str | None, typer.Option("--fetch", metavar="URL", help="Only save the "
        "responses from this council site into --save, one request a second.")] = None,
    year: Annotated[str | None, typer.Option("--year", metavar="YEAR",
        help="With --fetch: the meetings of this year, e.g. 2024-25.")] = None,
    save: Annotated[Path | None, typer.Option("--save", metavar="DIR",
        help="With --fetch: a new folder for the responses and their manifest.")] = None,
) -> None:
    """Import a council committee's meetings from saved ModernGov responses.

    Writes Meetings, Agenda, Documents, Attendance (and missing Members) into --out, a new
    workbook or one you keep: only rows with the import's own ids (MG-...) are updated, the
    rest is kept, and the file as it was is copied to NAME.before-import.xlsx first. No
    person's name is ever written. Then validate and load it as usual (docs/import.md).

    Example: csp-audit import moderngov saved/ --body scrutiny --members map.csv --out my.xlsx
    """
    from csp_audit.importers.fetch import fetch_responses
    from csp_audit.importers.run import import_moderngov as run_import

    try:
        if fetch:
            if not (committee and year and save) or folder:
                raise fail("error: --fetch needs --committee ID, --year YEAR and --save DIR "
                           "(and no DIR: it only saves the responses)")
            lines = fetch_responses(fetch, committee, year, save).lines()
        else:
            if not (folder and body and out):
                raise fail("error: give DIR, --body and --out (or --fetch URL to save "
                           "responses first)")
            imported = run_import(folder, body, out, committee, members, topics)
            for note in imported.rows.notes:
                echo(f"warning: {note}", err=True)
            lines = imported.lines()
    except CspAuditError as error:
        raise fail(f"error: {error}") from None
    for line in lines:
        echo(line)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    main()
