"""What the commands print: plain lines, summaries on stdout, problems on stderr."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from csp_audit.loading import LoadOutcome


def print_load(outcome: LoadOutcome) -> None:
    """Rows loaded per sheet and every warning; for a refused workbook, every error."""
    for problem in outcome.problems:
        typer.echo(f"{problem.severity}: {problem}", err=True)
    if not outcome.ok:
        count = len(outcome.errors)
        typer.echo(f"Refused {outcome.path}: {count} error(s); the database is unchanged.",
                   err=True)
        return
    replacing = ", replacing its earlier records" if outcome.replaced else ""
    typer.echo(f"Loaded {outcome.path} as {outcome.code} ({outcome.name}){replacing}:")
    width = max((len(sheet) for sheet in outcome.rows), default=0)
    for sheet, count in outcome.rows.items():
        typer.echo(f"  {sheet:<{width}}  {count:>6} row(s)")
    if outcome.warnings:
        typer.echo(f"  {len(outcome.warnings)} warning(s), listed above.")
