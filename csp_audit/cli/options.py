"""The options several commands share, declared once: --db, --year, --as-of, --format, --out,
--public, --templates, --checklists and the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DEFAULT_DB = "csp-audit.db"

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
PartnershipsOption = Annotated[list[str] | None, typer.Option(
    "--partnership", metavar="CODE",
    help="Partnership code in the database (repeat for several).")]
AllOption = Annotated[bool, typer.Option("--all", help="Every partnership in the database.")]
FailOnOption = Annotated[str, typer.Option(
    "--fail-on", metavar="red|amber|never",
    help="Exit 1 when a finding is at or above: red, amber or never.")]
