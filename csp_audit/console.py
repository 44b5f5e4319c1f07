"""What the commands print: plain lines, readable in a terminal and in a CI log."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from csp_audit.loading import LoadOutcome
    from csp_audit.validate import Validation


def print_load(outcome: LoadOutcome) -> None:
    """Rows loaded per sheet, then every warning; for a refused workbook, every error."""
    if not outcome.ok:
        for problem in outcome.problems:
            typer.echo(f"{problem.severity}: {problem}", err=True)
        typer.echo(f"Refused {outcome.path}: {len(outcome.errors)} error(s); the database is "
                   "unchanged.", err=True)
        return
    replacing = ", replacing its earlier records" if outcome.replaced else ""
    typer.echo(f"Loaded {outcome.path} as {outcome.code} ({outcome.name}){replacing}:")
    width = max((len(sheet) for sheet in outcome.rows), default=0)
    for sheet, count in outcome.rows.items():
        typer.echo(f"  {sheet:<{width}}  {count:>6} row(s)")
    if outcome.warnings:
        typer.echo(f"  {len(outcome.warnings)} warning(s):")
    for problem in outcome.warnings:
        typer.echo(f"warning: {problem}", err=True)


def print_validation(path: Path, result: Validation) -> None:
    """One verdict line per workbook, rows per sheet when valid, then every problem on its
    own line with its Sheet!Cell; all on stdout, plain enough for a CI log."""
    errors, warnings = result.errors, result.warnings
    counts = f"{len(errors)} error(s), {len(warnings)} warning(s)"
    if result.ok:
        typer.echo(f"OK {path}: valid workbook ({counts})")
    else:
        typer.echo(f"REFUSED {path}: {counts}")
    if result.records is not None:
        partnership = result.records.partnership
        typer.echo(f"  partnership: {partnership.name} ({partnership.code})")
        width = max((len(sheet) for sheet in result.records.row_counts), default=0)
        for sheet, count in result.records.row_counts.items():
            typer.echo(f"  {sheet:<{width}}  {count:>6} row(s)")
    for problem in (*errors, *warnings):
        typer.echo(f"  {problem.severity}: {problem}")


@contextmanager
def load_progress(total: int) -> Iterator[Callable[[LoadOutcome], None] | None]:
    """A progress bar on stderr while many workbooks load, only when stderr is a terminal,
    so CI logs and captured output stay plain; yields the callback that advances it."""
    if total < 2 or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    columns = ("Loading", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("load", total=total)
        yield lambda _outcome: progress.advance(task)
