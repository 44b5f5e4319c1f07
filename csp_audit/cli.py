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

from csp_audit.errors import CspAuditError, InputError

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

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="CSP_AUDIT_DB",
        help="Database file or SQLAlchemy URL (default csp-audit.db, or CSP_AUDIT_DB).",
    ),
]
WorkbooksArgument = Annotated[
    list[Path], typer.Argument(help="One or more partnership workbooks (.xlsx).")
]


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


def report_input_error(error: InputError) -> typer.Exit:
    for problem in error.problems:
        typer.echo(f"error: {problem}", err=True)
    count = sum(1 for p in error.problems if p.severity == "error")
    return fail(f"{count} error(s): nothing was loaded." if count else "Refused.")


@app.command()
def template(
    out: Annotated[Path, typer.Argument(help="Where to write the blank workbook (.xlsx).")],
    example: Annotated[bool, typer.Option("--example", help="Add illustrative rows.")] = False,
) -> None:
    """Write a ready-to-fill workbook: every sheet, drop-down lists and a Guide sheet.

    Example: csp-audit template my-partnership.xlsx --example
    """
    from csp_audit.template import write_template

    try:
        write_template(out, example=example)
    except OSError as error:
        raise fail(f"error: cannot write {out}: {error.strerror or error}") from None
    typer.echo(f"Wrote {out}")


@app.command()
def validate(workbooks: WorkbooksArgument) -> None:
    """Check workbooks against the input contract; write nothing.

    Lists every problem with its Sheet!Cell. Exit 0 when all are valid (warnings allowed),
    2 otherwise.

    Example: csp-audit validate sefton.xlsx
    """
    from csp_audit.console import print_validation
    from csp_audit.validate import validate_workbook

    ok = True
    for path in workbooks:
        result = validate_workbook(path)
        print_validation(path, result)
        ok = ok and result.ok
    if not ok:
        raise typer.Exit(2)


@app.command()
def load(workbooks: WorkbooksArgument, db: DbOption = DEFAULT_DB) -> None:
    """Validate workbooks and load each into the database in one transaction.

    A workbook replaces that partnership's earlier records (same code); a refused workbook
    leaves the database as it was.

    Example: csp-audit load sample_data/*.xlsx --db audit.db
    """
    from csp_audit.console import print_load
    from csp_audit.loading import load_workbooks

    try:
        outcomes = load_workbooks(workbooks, db)
    except CspAuditError as error:
        raise fail(f"error: {error}") from None
    for outcome in outcomes:
        print_load(outcome)
    if any(not outcome.ok for outcome in outcomes):
        raise typer.Exit(2)


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
