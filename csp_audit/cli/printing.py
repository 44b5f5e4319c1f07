"""What the commands print: plain lines, readable in a terminal and in a CI log."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from csp_audit.model.errors import Problem
    from csp_audit.pipeline.load import LoadOutcome
    from csp_audit.workbook.validate import Validation

ROWS_ARE = {
    "Partnership": ("setting", "settings"), "Members": ("member", "members"),
    "Meetings": ("meeting", "meetings"),
    "Attendance": ("attendance record", "attendance records"),
    "Agenda": ("agenda item", "agenda items"), "Documents": ("document", "documents"),
    "DHR": ("case", "cases"), "ASB case reviews": ("case", "cases"),
    "Waivers": ("waiver", "waivers"),
}
"""What one row of each contract sheet is (the Partnership sheet's rows are its settings)."""


def counted(count: int, singular: str, plural: str | None = None, width: int = 0) -> str:
    """`1 error`, `2 errors`: a count (right-aligned in `width`) with its noun in the right
    number."""
    return f"{count:>{width}} {singular if count == 1 else plural or singular + 's'}"


def _cell_position(cell: str | None) -> tuple[int, int]:
    """(row, column) of `C14` (14, 3), of a row range `5:5` (5, 0); (0, 0) for none."""
    match = re.match(r"([A-Z]*)(\d*)", cell or "")
    letters, digits = match.groups() if match else ("", "")
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(digits or 0), column


def in_workbook_order(problems: Iterable[Problem]) -> list[Problem]:
    """Errors, then warnings, each in the contract's sheet order, then by row and column,
    so a reader can work down the workbook; problems of the whole file come first, of sheets
    outside the contract last. The validator finds them in its own order (cross-sheet checks
    after each sheet's cells); this is the order to present them in."""
    from csp_audit.model.contract import SHEET_ALIASES, SHEETS, normalise_name

    order = {sheet.key: number for number, sheet in enumerate(SHEETS)}

    def place(problem: Problem) -> tuple[int, int, int, int]:
        if problem.sheet is None:
            sheet = -1
        else:
            key = normalise_name(problem.sheet)
            sheet = order.get(SHEET_ALIASES.get(key, key), len(order))
        return (problem.severity != "error", sheet, *_cell_position(problem.cell))

    return sorted(problems, key=place)


def print_rows(counts: dict[str, int]) -> None:
    """One line per sheet: its name and what its rows are, counted (`Meetings  22 meetings`)."""
    width = max((len(sheet) for sheet in counts), default=0)
    digits = max((len(str(count)) for count in counts.values()), default=0)
    for sheet, count in counts.items():
        singular, plural = ROWS_ARE.get(sheet, ("row", "rows"))
        typer.echo(f"  {sheet:<{width}}  {counted(count, singular, plural, digits)}")


UNCHANGED = "nothing from it was loaded; the database is unchanged"


def refusal_note(outcomes: list[LoadOutcome], was_new: bool, made: bool) -> str:
    """What a refused workbook left behind, true of the whole run: the database is unchanged
    only when no other workbook was loaded into it, and a new one may not have been made."""
    if any(outcome.ok for outcome in outcomes):
        return ("nothing from it was loaded (what the database held for its partnership "
                "before is kept)")
    if was_new:
        return "nothing from it was loaded" + ("" if made else " and no database was made")
    return UNCHANGED


def print_load(outcome: LoadOutcome, refused: str = UNCHANGED) -> None:
    """Rows loaded per sheet, then every warning; for a refused workbook, every error and
    then `refused`: what the refusal left in the database."""
    if not outcome.ok:
        for problem in in_workbook_order(outcome.problems):
            typer.echo(f"{problem.severity}: {problem}", err=True)
        typer.echo(f"Refused {outcome.path}: {counted(len(outcome.errors), 'error')}; "
                   f"{refused}.", err=True)
        return
    replacing = ", replacing its earlier records" if outcome.replaced else ""
    typer.echo(f"Loaded {outcome.path} as {outcome.code} ({outcome.name}){replacing}:")
    print_rows(outcome.rows)
    if outcome.warnings:  # the heading goes where its warnings go, so a log keeps them together
        typer.echo(f"  {counted(len(outcome.warnings), 'warning')}:", err=True)
    for problem in in_workbook_order(outcome.warnings):
        typer.echo(f"warning: {problem}", err=True)


def print_validation(path: Path, result: Validation) -> None:
    """One verdict line per workbook, rows per sheet when valid, then every problem on its
    own line with its Sheet!Cell in workbook order; all on stdout, plain enough for a CI
    log."""
    errors, warnings = result.errors, result.warnings
    counts = f"{counted(len(errors), 'error')}, {counted(len(warnings), 'warning')}"
    if result.ok:
        typer.echo(f"OK {path}: valid workbook ({counts})")
    else:
        typer.echo(f"REFUSED {path}: {counts}")
    if result.records is not None:
        partnership = result.records.partnership
        typer.echo(f"  partnership: {partnership.name} ({partnership.code})")
        print_rows(result.records.row_counts)
    for problem in in_workbook_order((*errors, *warnings)):
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
    # NOTE: redrawn as each workbook is done, not by rich's refresh thread: the load forks
    # worker processes (parallel.py), and a fork must copy no thread holding stderr's lock.
    with Progress(*columns, console=Console(stderr=True), transient=True,
                  auto_refresh=False) as progress:
        task = progress.add_task("load", total=total)
        yield lambda _outcome: progress.update(task, advance=1, refresh=True)
