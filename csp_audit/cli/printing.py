"""What the commands print: plain lines, readable in a terminal and in a CI log; the
findings table of `check` (rich); the wrapped listings of `checklists list` and `show`.

The only module below `cli/app.py` that writes to stdout or stderr, apart from the
warnings and notes an option check gives as it checks (`arguments.py`). Like `app.py`, it
imports the heavy libraries (rich) only inside the functions that need them, so
`csp-audit --help` stays fast.
"""

from __future__ import annotations

import re
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from csp_audit.model.findings import STATUSES
from csp_audit.model.wording import counted

if TYPE_CHECKING:
    from rich.console import Console

    from csp_audit.model.errors import InputError, Problem
    from csp_audit.model.findings import AuditResult
    from csp_audit.pipeline.due import DueList
    from csp_audit.pipeline.load import LoadOutcome
    from csp_audit.pipeline.report import ReportOutcome
    from csp_audit.rules.checklists import ChecklistSet, Library, Rule
    from csp_audit.workbook.validate import Validation


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                      "\u2066-\u2069\u2028\u2029]")


def for_terminal(text: str) -> str:
    """`text` with every control character but tab and newline written as an escape
    (`\\x1b`, `\\u202e`): a workbook's text (a partnership name, a cell quoted in a
    problem) must never move the cursor, retitle the window or reorder the line."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: ascii(m.group())[1:-1], text)


def one_line(text: object) -> str:
    """A value from the data on the one line it is printed on: newlines as `\\n`."""
    return str(text).replace("\r", "\\r").replace("\n", "\\n")


def echo(message: str = "", err: bool = False, nl: bool = True) -> None:
    """typer.echo of `message` made safe for a terminal (`for_terminal`): every line any
    command prints goes through here."""
    typer.echo(for_terminal(message), err=err, nl=nl)


def echo_json(chunk: str) -> None:
    """A chunk of JSON on stdout, terminal-safe and still JSON: a control or bidi character
    (inside a string: json.dumps leaves those above U+001F as they are) is written as its
    `\\uXXXX` escape, which a JSON reader turns back into the same character."""
    typer.echo(_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", chunk), nl=False)


def print_version(asked: bool) -> None:
    """`csp-audit --version`: the installed package's version (its metadata), then exit."""
    if not asked:
        return
    from importlib.metadata import PackageNotFoundError, version

    try:
        number = version("csp-audit")
    except PackageNotFoundError:  # run from a source tree that was never installed
        from csp_audit import __version__ as number
    echo(f"csp-audit {number}")
    raise typer.Exit()


def fail(message: str, code: int = 2) -> typer.Exit:
    """`message` on stderr, and the exit to raise (2: bad input or usage)."""
    echo(message, err=True)
    return typer.Exit(code)


def report_input_error(error: InputError, outcome: str) -> typer.Exit:
    """Every problem of a refused input (checklist files), then what it left undone."""
    print_problems(error.problems)
    count = sum(1 for p in error.problems if p.severity == "error")
    return fail(f"{counted(count, 'error')}: {outcome}." if count else "Refused.")


ROWS_ARE = {
    "Partnership": ("setting", "settings"), "Members": ("member", "members"),
    "Meetings": ("meeting", "meetings"),
    "Attendance": ("attendance record", "attendance records"),
    "Agenda": ("agenda item", "agenda items"), "Documents": ("document", "documents"),
    "DHR": ("case", "cases"), "ASB case reviews": ("case", "cases"),
    "Waivers": ("waiver", "waivers"), "Reports": ("report sent", "reports sent"),
    "Actions": ("action", "actions"),
    "Action plan": ("action", "actions"),
    "DHR recommendations": ("recommendation", "recommendations"),
    "Recommendations": ("recommendation", "recommendations"),
}
"""What one row of each contract sheet is (the Partnership sheet's rows are its settings)."""


def _cell_position(cell: str | None) -> tuple[int, int]:
    """(row, column) of `C14` (14, 3), of a row range `5:5` (5, 0); (0, 0) for none."""
    from csp_audit.workbook.formulas import column_number

    match = re.match(r"([A-Z]*)(\d*)", cell or "")
    letters, digits = match.groups() if match else ("", "")
    return int(digits or 0), column_number(letters)


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
        echo(f"  {sheet:<{width}}  {counted(count, singular, plural, digits)}")


def capped(problems: Iterable[Problem], indent: str = "") -> Iterator[str]:
    """The lines for `problems` in workbook order: the first `MAX_PROBLEMS_SHOWN` each on
    its own line, then the rest counted by kind (severity, sheet, column, message)."""
    from collections import Counter

    from csp_audit.workbook.limits import MAX_KINDS_SHOWN, MAX_PROBLEMS_SHOWN

    ordered = in_workbook_order(problems)
    for problem in ordered[:MAX_PROBLEMS_SHOWN]:
        yield f"{indent}{problem.severity}: {one_line(problem)}"
    rest = ordered[MAX_PROBLEMS_SHOWN:]
    if not rest:
        return
    kinds = Counter((p.severity, p.sheet, re.sub(r"\d+", "", p.cell or ""), p.message)
                    for p in rest)
    yield (f"{indent}... and {len(rest):,} more, not shown one by one (the first "
           f"{MAX_PROBLEMS_SHOWN} are above); by kind:")
    for (severity, sheet, column, message), count in kinds.most_common(MAX_KINDS_SHOWN):
        where = f"{sheet} column {column}: " if sheet and column else (
            f"{sheet}: " if sheet else "")
        yield f"{indent}  {count:,} x {severity}: {where}{one_line(message)}"
    if len(kinds) > MAX_KINDS_SHOWN:
        others = sum(count for _, count in kinds.most_common()[MAX_KINDS_SHOWN:])
        yield f"{indent}  {others:,} x of {len(kinds) - MAX_KINDS_SHOWN:,} other kinds"


def print_problems(problems: Iterable[Problem]) -> None:
    """Every problem on stderr, one a line with its severity, in workbook order (past the
    first 200, counted by kind: `capped`)."""
    for line in capped(problems):
        echo(line, err=True)


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
        print_problems(outcome.problems)
        echo(f"Refused {outcome.path}: {counted(len(outcome.errors), 'error')}; "
                   f"{refused}.", err=True)
        return
    replacing = ", replacing its earlier records" if outcome.replaced else ""
    echo(f"Loaded {outcome.path} as {outcome.code} ({one_line(outcome.name)}){replacing}:")
    print_rows(outcome.rows)
    if outcome.warnings:  # the heading goes where its warnings go, so a log keeps them together
        echo(f"  {counted(len(outcome.warnings), 'warning')}:", err=True)
    for line in capped(outcome.warnings):
        echo(line, err=True)


def print_validation(path: Path, result: Validation) -> None:
    """One verdict line per workbook, rows per sheet when valid, then every problem on its
    own line with its Sheet!Cell in workbook order; all on stdout, plain enough for a CI
    log."""
    errors, warnings = result.errors, result.warnings
    counts = f"{counted(len(errors), 'error')}, {counted(len(warnings), 'warning')}"
    if result.ok:
        echo(f"OK {path}: valid workbook ({counts})")
    else:
        echo(f"REFUSED {path}: {counts}")
    if result.records is not None:
        partnership = result.records.partnership
        echo(f"  partnership: {one_line(partnership.name)} ({partnership.code})")
        print_rows(result.records.row_counts)
    for line in capped((*errors, *warnings), "  "):
        echo(line)


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


def print_reports(outcomes: Iterable[ReportOutcome]) -> None:
    """Each partnership's warnings (stderr), overall rating and the files written."""
    for outcome in outcomes:
        for warning in outcome.warnings:
            echo(warning, err=True)
        ran = " (audit run now)" if outcome.ran_audit else ""
        echo(f"{outcome.code}: overall {outcome.overall}{ran}")
        for path in outcome.paths:
            echo(f"  {path}")


STYLE = {"red": "bold red", "amber": "yellow", "green": "green", "waived": "cyan",
         "not_applicable": "dim"}
ORDER = {status: index for index, status in enumerate(STATUSES)}
WORDS = {status: status.replace("_", " ") for status in STATUSES}
"""Statuses as a reader says them: `not applicable`, not the JSON value `not_applicable`."""


def print_audit(result: AuditResult, console: Console | None = None) -> None:
    """`check`'s table: one per audit, worst findings first, then the overall rating and
    counts. rich is imported here, only for a table (--format json is 15 ms faster)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from csp_audit.model.periods import long_date

    console = console or Console()
    table = Table(title=escape(for_terminal(one_line(f"{result.partnership_name} "
                                                     f"({result.partnership_code})")))
                  + f": {result.year}, as of {long_date(result.as_of)}",
                  show_lines=False, expand=True)
    table.add_column("Rule", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Why", ratio=1)
    for finding in sorted(result.findings, key=lambda f: (ORDER[f.status], f.rule_id)):
        table.add_row(escape(for_terminal(finding.rule_id)),
                      f"[{STYLE[finding.status]}]{WORDS[finding.status]}[/]",
                      escape(for_terminal(finding.reason)))
    console.print(table)
    counts = ", ".join(f"{result.summary.get(s, 0)} {WORDS[s]}" for s in STATUSES)
    console.print(f"Overall: [{STYLE[result.overall]}]{WORDS[result.overall]}[/] ({counts})")


# `checklists list` and `checklists show` print one block per checklist or rule, wrapped to
# the terminal's width. A table squeezed into 80 columns cut ids, titles and paths with '…'
# and stood long citations one word to a line; wrapped text loses nothing.
INDENT = "    "


def terminal_width() -> int:
    """The terminal's columns (COLUMNS when set; 80 when output is not a terminal)."""
    return max(shutil.get_terminal_size((80, 24)).columns, 40)


def wrapped(text: str, width: int, first: str = "", rest: str | None = None,
            break_words: bool = True) -> list[str]:
    """`text` wrapped to `width`, never cut; a word (a path) longer than a line is broken
    unless `break_words` is false, as for a URL, which must stay whole to be copied."""
    return textwrap.wrap(" ".join(text.split()), width=width, initial_indent=first,
                         subsequent_indent=first if rest is None else rest,
                         break_on_hyphens=False, break_long_words=break_words
                         ) or [first.rstrip()]


def library_lines(library: Library, width: int) -> list[str]:
    """Each checklist: id, version, rule count and parents; its title; its file."""
    lines: list[str] = []
    for checklist_id, checklist in sorted(library.checklists.items()):
        model = checklist.model
        head = f"{checklist_id} {model.version}: {counted(len(model.rules), 'rule')}"
        if model.extends:
            head += f"; extends {', '.join(model.extends)}"
        if model.overrides:
            head += f"; {counted(len(model.overrides), 'override')}"
        lines += [*wrapped(head, width, rest=INDENT), *wrapped(model.title, width, INDENT),
                  *wrapped(f"file: {checklist.path}", width, INDENT), ""]
    return [f"{len(library.checklists)} checklists", "", *lines[:-1]]


def rule_lines(rule: Rule, width: int) -> list[str]:
    """One rule: id and title, its kind and standing, then each source on its own lines."""
    standing = "statutory" if rule.statutory else "not statutory"
    lines = [*wrapped(f"{rule.id}: {rule.title}", width, rest=INDENT),
             *wrapped(f"kind {rule.kind}; {standing}; from {rule.checklist}", width, INDENT)]
    if rule.not_applicable:
        lines += wrapped(f"not applicable: {rule.not_applicable}", width, INDENT)
    lines += wrapped("sources:", width, INDENT)
    for source in rule.sources:
        lines += wrapped(source.cite, width, f"{INDENT}  - ", f"{INDENT}    ")
        if source.url:
            lines += wrapped(source.url, width, f"{INDENT}    ", break_words=False)
    return lines


def rules_lines(title: str, resolved: ChecklistSet, width: int) -> list[str]:
    """The checklist's title, the checklists it applies, then every rule in order."""
    applied = ", ".join(ref.id for ref in resolved.checklists)
    lines = [*wrapped(title, width), *wrapped(
        f"{len(resolved.rules)} rules from {applied}", width), ""]
    for rule in resolved.rules:
        lines += [*rule_lines(rule, width), ""]
    return lines[:-1]


def print_library(library: Library) -> None:
    """`checklists list`."""
    echo("\n".join(library_lines(library, terminal_width())))


def print_rules(title: str, resolved: ChecklistSet) -> None:
    """`checklists show`."""
    echo("\n".join(rules_lines(title, resolved, terminal_width())))


def print_due(found: DueList) -> None:
    """What falls due, soonest first: date, what, rule and why, one obligation a line."""
    from csp_audit.model.periods import long_date

    echo(f"{found.name} ({found.code}): what falls due in the {found.within_days} days "
               f"after {long_date(found.as_of)}")
    if not found.obligations:
        echo("Nothing falls due.")
    width = terminal_width()
    for obligation in found.obligations:
        rules = ", ".join((obligation.rule_id, *obligation.also))
        for line in wrapped(f"{obligation.what} ({rules}: {obligation.why})", width,
                            f"{long_date(obligation.due):>18}  ", " " * 20):
            echo(line)
    if found.withheld:
        echo(f"{counted(found.withheld, 'obligation')} naming restricted records "
                   "left out (--public).")
