"""How `check` prints to a terminal: a rich table of findings."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from csp_audit.model.findings import STATUSES, AuditResult
from csp_audit.model.periods import long_date

STYLE = {"red": "bold red", "amber": "yellow", "green": "green", "waived": "cyan",
         "not_applicable": "dim"}
ORDER = {status: index for index, status in enumerate(STATUSES)}
WORDS = {status: status.replace("_", " ") for status in STATUSES}
"""Statuses as a reader says them: `not applicable`, not the JSON value `not_applicable`."""


def print_audit(result: AuditResult, console: Console | None = None) -> None:
    """One table per audit, worst findings first, then the overall rating and counts."""
    console = console or Console()
    table = Table(title=f"{result.partnership_name} ({result.partnership_code}): "
                        f"{result.year}, as of {long_date(result.as_of)}",
                  show_lines=False, expand=True)
    table.add_column("Rule", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Why", ratio=1)
    for finding in sorted(result.findings, key=lambda f: (ORDER[f.status], f.rule_id)):
        table.add_row(finding.rule_id, f"[{STYLE[finding.status]}]{WORDS[finding.status]}[/]",
                      finding.reason)
    console.print(table)
    counts = ", ".join(f"{result.summary.get(s, 0)} {WORDS[s]}" for s in STATUSES)
    console.print(f"Overall: [{STYLE[result.overall]}]{WORDS[result.overall]}[/] ({counts})")
