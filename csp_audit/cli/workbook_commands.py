"""The commands that read or write a workbook: template, validate, load, import moderngov."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from csp_audit.cli.arguments import (
    read_checklists,
    workbooks_to_read,
)
from csp_audit.cli.heap import freeze_imports
from csp_audit.cli.options import (
    DEFAULT_DB,
    ChecklistsOption,
    DbOption,
    WorkbooksArgument,
)
from csp_audit.cli.printing import (
    echo,
    fail,
    load_progress,
    print_load,
    print_validation,
    refusal_note,
)
from csp_audit.model.errors import CspAuditError


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


def validate(workbooks: WorkbooksArgument, checklists: ChecklistsOption = None) -> None:
    """Check workbooks against the input contract; write nothing.

    Lists every problem with its Sheet!Cell. Exit 0 when all are valid (warnings allowed),
    2 otherwise. --checklists: the topics and document kinds your own checklists declare
    are read quietly, and waivers are checked against their rules too.

    Example: csp-audit validate sefton.xlsx --checklists our-checklists/
    """
    from csp_audit.pipeline.load import validate_fully
    from csp_audit.rules.input_warnings import RuleIds

    if checklists:
        read_checklists(checklists, "nothing was validated")
    ok = True
    rule_ids = RuleIds(checklists or ())
    for path in workbooks_to_read(workbooks):
        result = validate_fully(path, rule_ids)
        print_validation(path, result)
        ok = ok and result.ok
    if not ok:
        raise typer.Exit(2)


def load(workbooks: WorkbooksArgument, db: DbOption = DEFAULT_DB,
         actions: Annotated[Path | None, typer.Option(
             "--actions", metavar="PLAN.xlsx", help="Last audit's xlsx report with its "
             "Action plan sheet filled in: read as the workbook's Actions register (one "
             "workbook only).")] = None,
         checklists: ChecklistsOption = None) -> None:
    """Validate workbooks and load each into the database in one transaction.

    A workbook replaces that partnership's earlier records (same code); a refused workbook
    leaves the database as it was. Several workbooks show a progress bar on stderr when it
    is a terminal. --actions reads last year's filled-in action plan (Owner, Action, Due
    date, Progress, by rule id) with this year's workbook, so it needs no retyping.
    --checklists: the topics and document kinds your own checklists declare load quietly.

    Example: csp-audit load sample_data/*.xlsx --db audit.db
    """
    import csp_audit.store.records  # noqa: F401  (the database code, so it is frozen too)
    from csp_audit.pipeline.load import load_run

    freeze_imports()
    if checklists:
        read_checklists(checklists, "nothing was loaded")
    workbooks = workbooks_to_read(workbooks)
    try:
        with load_progress(len(workbooks)) as advance:
            run = load_run(workbooks, db, advance, action_plan=actions,
                           checklist_folders=checklists or ())
    except CspAuditError as error:
        raise fail(f"error: {error}") from None
    outcomes = run.outcomes
    refused = refusal_note(outcomes, run.database_was_new, made=run.database_made)
    for outcome in outcomes:
        print_load(outcome, refused)
    if any(not outcome.ok for outcome in outcomes):
        raise typer.Exit(2)


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
