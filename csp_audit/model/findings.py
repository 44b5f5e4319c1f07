"""Findings: what the audit says about one rule, with the evidence behind it.

Values only, and no output format: renderers decide how a finding looks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Status = Literal["green", "amber", "red", "waived", "not_applicable"]
STATUSES: tuple[Status, ...] = ("red", "amber", "green", "waived", "not_applicable")
"""Every status, worst first: the order summaries and reports use."""
SEVERITY: dict[str, int] = {"not_applicable": 0, "waived": 1, "green": 1, "amber": 2, "red": 3}


@dataclass(frozen=True)
class Source:
    """A citation: legislation, guidance or a terms-of-reference clause."""

    cite: str
    url: str | None = None


@dataclass(frozen=True)
class Evidence:
    """One record a finding rests on, or a note that a record is missing."""

    description: str
    sheet: str | None = None
    row: int | None = None
    restricted: bool = False
    """True for a record that must never reach a public report (DHR/ASB cases, restricted
    meetings, agenda items and documents)."""


DeadlineState = Literal["met", "missed", "open"]


@dataclass(frozen=True)
class Deadline:
    """One dated deadline a rule judged (a case stage due on a day), so the report's timeline
    shows the very deadlines the rule rated rather than recomputing them."""

    due: date
    state: DeadlineState
    """`met` (done by the due day), `missed` (done late, or still outstanding after it) or
    `open` (not done, not yet due on as-of)."""
    text: str
    """Short, naming the record: `DHR-2024-01: telling the Home Office`."""
    restricted: bool = False
    """True when `text` names a restricted record: a public report shows only counts."""


@dataclass(frozen=True)
class WaiverNote:
    reason: str
    expires: date
    approved_by: str | None = None
    sheet: str | None = None
    row: int | None = None
    expired: bool = False


@dataclass(frozen=True)
class Finding:
    rule_id: str
    title: str
    status: Status
    reason: str
    """One plain-English sentence saying why, naming the record that is missing or late."""
    sources: tuple[Source, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    guidance: str = ""
    statutory: bool = True
    area: str = "statutory"
    """Report grouping: `statutory`, `hallmarks` or `local`."""
    basis: str | None = None
    """For a non-statutory rule, what it rests on instead of the law (the checklist's
    `basis`), e.g. `statutory guidance (...), not the Act itself`."""
    checklist: str = ""
    kind: str = ""
    public_reason: str | None = None
    """The reason as a public report may show it, when `reason` names restricted records;
    None when `reason` is already safe to publish."""
    waiver: WaiverNote | None = None
    deadlines: tuple[Deadline, ...] = ()
    """The dated deadlines the rule judged (case_deadline rules), for the timeline."""


@dataclass(frozen=True)
class ChecklistRef:
    id: str
    version: str
    title: str = ""


@dataclass(frozen=True)
class AuditResult:
    """One audit of one partnership for one reporting year, as of one day."""

    partnership_code: str
    partnership_name: str
    year: str
    period_start: date
    period_end: date
    as_of: date
    checklists: tuple[ChecklistRef, ...]
    findings: tuple[Finding, ...]
    tool_version: str
    overall: Status = "green"
    summary: dict[str, int] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    """Things in the input the audit could not use, e.g. a waiver naming a rule that no
    applied checklist has: said aloud, never silently ignored."""


def overall_status(findings: tuple[Finding, ...] | list[Finding]) -> Status:
    """Red if any rule is red, else amber if any is amber, else green (rules.md)."""
    statuses = {f.status for f in findings}
    if "red" in statuses:
        return "red"
    if "amber" in statuses:
        return "amber"
    return "green"


def count_statuses(findings: tuple[Finding, ...] | list[Finding]) -> dict[str, int]:
    counts = {status: 0 for status in STATUSES}
    for finding in findings:
        counts[finding.status] += 1
    return counts


@dataclass(frozen=True)
class StoredAudit:
    """An audit as stored: its run id (for `previous_audit`) and when it ran (UTC)."""

    run_id: int
    created_at: datetime
    result: AuditResult


FAIL_ON = ("red", "amber", "never")
"""The thresholds of --fail-on."""


def fails(statuses: Iterable[str], fail_on: str) -> bool:
    """True when any of these finding statuses is at or above `fail_on` (red, amber;
    `never` never fails): the exit code of check and audit."""
    if fail_on == "never":
        return False
    threshold = SEVERITY[fail_on]
    return any(SEVERITY[status] >= threshold for status in statuses)
