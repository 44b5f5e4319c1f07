"""How `checklists list` and `checklists show` print: one block per checklist or rule,
wrapped to the terminal's width. A table squeezed into 80 columns cut ids, titles and
paths with '…' and stood long citations one word to a line; wrapped text loses nothing."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterable

import typer

from csp_audit.rules.checklists import ChecklistSet, Library, Rule

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
        count = len(model.rules)
        head = f"{checklist_id} {model.version}: {count} rule{'s' if count != 1 else ''}"
        if model.extends:
            head += f"; extends {', '.join(model.extends)}"
        if model.overrides:
            head += f"; {len(model.overrides)} override{'s' if len(model.overrides) != 1 else ''}"
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


def echo_lines(lines: Iterable[str]) -> None:
    typer.echo("\n".join(lines))


def print_library(library: Library) -> None:
    echo_lines(library_lines(library, terminal_width()))


def print_rules(title: str, resolved: ChecklistSet) -> None:
    echo_lines(rules_lines(title, resolved, terminal_width()))
