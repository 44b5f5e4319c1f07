"""The command line: a thin shell that parses options, calls one library function, and maps
errors to exit codes (0 fine, 1 a finding at or above --fail-on, 2 bad input or usage).

Heavy libraries are imported inside the commands so that `csp-audit --help` starts fast.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from csp_audit.cli.audit_commands import audit, check, due, report
from csp_audit.cli.checklist_commands import checklists_lint, checklists_list, checklists_show
from csp_audit.cli.heap import enable_freezing
from csp_audit.cli.help import ReadableCommand
from csp_audit.cli.options import ALL_FORMATS, DEFAULT_DB
from csp_audit.cli.printing import print_version
from csp_audit.cli.workbook_commands import import_moderngov, load, template, validate

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
import_app = typer.Typer(help="Import records from other systems into a workbook.",
                         no_args_is_help=True)

__all__ = ["ALL_FORMATS", "DEFAULT_DB", "app", "main"]


@app.callback()
def options(
    show_version: Annotated[bool, typer.Option(
        "--version", callback=print_version, is_eager=True,
        help="Show the version and exit.")] = False,
) -> None:
    """Audit a Community Safety Partnership against its statutory duties and its own terms
    of reference."""


for command in (template, validate, load, report, audit, check, due):
    app.command(cls=ReadableCommand)(command)
app.add_typer(checklists_app, name="checklists")
checklists_app.command("list", cls=ReadableCommand)(checklists_list)
checklists_app.command("show", cls=ReadableCommand)(checklists_show)
checklists_app.command("lint", cls=ReadableCommand)(checklists_lint)
app.add_typer(import_app, name="import")
import_app.command("moderngov", cls=ReadableCommand)(import_moderngov)


def main() -> None:
    """Console-script entry point."""
    enable_freezing()
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
