"""The check engine: run every rule of the chosen checklists over one partnership's records.

The engine does what every rule shares (the period, the as-of cut-off, `applies`, waivers,
the overall rating); each rule's own test is its kind's function. It never special-cases a
rule id.
"""

from __future__ import annotations

import dataclasses
import functools
from datetime import date
from typing import Any

from csp_audit import __version__
from csp_audit.model.findings import (
    AuditResult,
    Evidence,
    Finding,
    WaiverNote,
    count_statuses,
    overall_status,
)
from csp_audit.model.periods import Period, audit_period, long_date
from csp_audit.model.records import PartnershipRecords, Waiver
from csp_audit.model.restricted import names_in, restricted_names, withheld_reason
from csp_audit.model.wording import indefinite
from csp_audit.rules.checklists import ChecklistSet, Rule
from csp_audit.rules.input_warnings import empty_year, statutory_year, unknown_waivers
from csp_audit.rules.kinds import KINDS, Context, Outcome
from csp_audit.rules.kinds.base import APOLOGIES_ONLY, APOLOGIES_ONLY_NOTE

PERIOD_FIELDS = frozenset({"covers_from", "covers_to", "expires"})
"""Dates that say which period a record covers, not when something happened: a plan agreed
in March for the next three years starts after an as-of of 31 March, and must not be read
as covering it because its start was blanked."""


@functools.cache
def _event_fields(kind: type) -> tuple[str, ...]:
    """The fields of a record class that can hold an event's date (annotated `date`), period
    dates aside: worked out once per class, as the other fields never hold a date."""
    return tuple(f.name for f in dataclasses.fields(kind)
                 if "date" in str(f.type) and f.name not in PERIOD_FIELDS)


def _blank_after(record: object, as_of: date) -> object:
    """The record with every event dated after as-of blanked: it had not happened yet."""
    changes = {name: None for name in _event_fields(type(record))
               if isinstance(value := getattr(record, name), date) and value > as_of}
    return dataclasses.replace(record, **changes) if changes else record  # type: ignore[type-var]


def records_as_of(records: PartnershipRecords, as_of: date) -> PartnershipRecords:
    """The records as they stood on as-of: later meetings and cases dropped, later dates
    blanked, so nothing dated after as-of is used."""
    meetings = tuple(m for m in records.meetings if m.date <= as_of)
    held = {m.meeting_id for m in meetings}
    return dataclasses.replace(
        records,
        members=tuple(_blank_after(m, as_of) for m in records.members
                      if m.joined is None or m.joined <= as_of),
        meetings=tuple(_blank_after(m, as_of) for m in meetings),
        attendance=tuple(a for a in records.attendance if a.meeting_id in held),
        agenda=tuple(a for a in records.agenda if a.meeting_id in held),
        documents=tuple(_blank_after(d, as_of) for d in records.documents),
        dhr_cases=tuple(_blank_after(c, as_of) for c in records.dhr_cases
                        if c.notified is None or c.notified <= as_of),
        asb_reviews=tuple(_blank_after(c, as_of) for c in records.asb_reviews
                          if c.received is None or c.received <= as_of),
        waivers=tuple(w for w in records.waivers
                      if w.approved_on is None or w.approved_on <= as_of),
        actions=tuple(_open_after(a, as_of) for a in records.actions),
        dhr_recommendations=tuple(_open_after(r, as_of) for r in records.dhr_recommendations),
        recommendations=tuple(_open_after(r, as_of) for r in records.recommendations
                              if r.made_on is None or r.made_on <= as_of),
        reports=tuple(r for r in records.reports if r.date <= as_of),
    )  # type: ignore[arg-type]


def _open_after(record: Any, as_of: date) -> Any:
    """An action or recommendation done after as-of was still open on as-of (status
    `in_progress`, no done date), and one answered after it unanswered. Its due dates stay:
    they were set before, and are what as-of looks ahead to."""
    changes: dict[str, Any] = {name: None for name in ("done", "responded")
                               if (getattr(record, name, None) or date.min) > as_of}
    if "done" in changes:
        changes["status"] = "in_progress"
    return dataclasses.replace(record, **changes) if changes else record


def _not_applicable(rule: Rule, records: PartnershipRecords, as_of: date) -> str | None:
    """Why the rule does not apply to this partnership on as-of, or None when it does."""
    if rule.not_applicable:
        return rule.not_applicable
    applies = rule.applies
    if applies is None:
        return None
    partnership = records.partnership
    if applies.nation and partnership.nation.casefold() not in {
            n.casefold() for n in applies.nation}:
        return (f"This rule applies only in {' and '.join(applies.nation)}, and the "
                f"partnership is in {partnership.nation}.")
    if applies.tier and partnership.tier not in applies.tier:
        return (f"This rule applies only to {' or '.join(applies.tier)} areas, and this is "
                f"{indefinite(partnership.tier)} partnership.")
    if applies.from_ and as_of < applies.from_:
        what = ("This duty came into force" if rule.statutory
                else "The terms of reference this rule comes from took effect"
                if rule.area == "local" else "What this rule rests on took effect")
        return f"{what} on {long_date(applies.from_)}, after the audit date of {long_date(as_of)}."
    if applies.until and as_of > applies.until:
        return f"This duty ended on {long_date(applies.until)}, before {long_date(as_of)}."
    return None


def _waiver_for(rule_id: str, waivers: tuple[Waiver, ...], as_of: date) -> WaiverNote | None:
    """The live waiver with the latest expiry, else the most recently expired one."""
    mine = [w for w in waivers if w.rule_id.strip().upper() == rule_id]
    if not mine:
        return None
    live = [w for w in mine if w.expires >= as_of]
    chosen = max(live or mine, key=lambda w: w.expires)
    return WaiverNote(chosen.reason, chosen.expires, chosen.approved_by, chosen.place.sheet,
                      chosen.place.row, expired=not live)


def _apply_waiver(outcome: Outcome, note: WaiverNote | None) -> Outcome:
    if note is None or outcome.status == "not_applicable":
        return outcome
    evidence = outcome.evidence + (Evidence(f"Waiver: {note.reason}", note.sheet, note.row),)
    if note.expired:
        reason = (f"{outcome.reason.rstrip('.')} (a waiver for this rule expired on "
                  f"{long_date(note.expires)}).")
        public = outcome.public_reason and (f"{outcome.public_reason.rstrip('.')} (a waiver "
                                            f"expired on {long_date(note.expires)}).")
        return Outcome(outcome.status, reason, evidence, public, outcome.deadlines)
    approver = f", approved by {note.approved_by}" if note.approved_by else ""
    reason = f"Waived until {long_date(note.expires)}{approver}: {note.reason.rstrip('.')}."
    return Outcome("waived", reason, evidence, None, outcome.deadlines)


def _restricted_places(records: PartnershipRecords) -> set[tuple[str, int]]:
    """Rows that must never be published: restricted records, and the attendance and agenda
    rows of a restricted meeting (they carry no flag of their own)."""
    closed = {m.meeting_id for m in records.meetings if m.restricted}
    rows: list[Any] = [m for m in records.meetings if m.restricted]
    rows += [a for a in records.attendance if a.meeting_id in closed]
    rows += [i for i in records.agenda if i.restricted or i.meeting_id in closed]
    rows += [d for d in records.documents if d.restricted]
    rows += [c for c in (*records.dhr_cases, *records.asb_reviews) if c.restricted]
    rows += [r for r in (*records.actions, *records.dhr_recommendations,
                         *records.recommendations) if r.restricted]
    rows += [r for r in records.reports if r.restricted]
    return {(row.place.sheet, row.place.row) for row in rows}


def _with_public_reason(outcome: Outcome, context: Context) -> Outcome:
    """Mark evidence from restricted rows, and give a reason that names restricted records a
    counts-only public version."""
    evidence = tuple(
        e if e.restricted or not ((e.sheet, e.row) in context.restricted_places
                                  or names_in(e.description, context.restricted))
        else dataclasses.replace(e, restricted=True)
        for e in outcome.evidence)
    if any(marked is not e for marked, e in zip(evidence, outcome.evidence, strict=True)):
        outcome = dataclasses.replace(outcome, evidence=evidence)
    if outcome.public_reason is not None:
        return outcome
    named = names_in(outcome.reason, context.restricted)
    if not named:
        return outcome
    return dataclasses.replace(outcome, public_reason=withheld_reason(len(named)))


def _apologies_only(outcome: Outcome, context: Context) -> Outcome:
    """A reason resting on an Attendance sheet of apologies only says so."""
    if context.partnership.attendance_recorded != APOLOGIES_ONLY:
        return outcome
    public = outcome.public_reason and f"{outcome.public_reason} {APOLOGIES_ONLY_NOTE}"
    return dataclasses.replace(outcome, reason=f"{outcome.reason} {APOLOGIES_ONLY_NOTE}",
                               public_reason=public)


def run_rule(rule: Rule, context: Context) -> Finding:
    """One rule's finding: not_applicable, or its kind's outcome, then any waiver."""
    reason = _not_applicable(rule, context.records, context.as_of)
    if reason is not None:
        outcome = Outcome("not_applicable", reason)
        note = None
    else:
        context.read_attendance = False
        outcome = KINDS[rule.kind].check(context, rule.params_on(context.as_of))
        if context.read_attendance:
            outcome = _apologies_only(outcome, context)
        outcome = _with_public_reason(outcome, context)
        note = _waiver_for(rule.id, context.records.waivers, context.as_of)
        outcome = _apply_waiver(outcome, note)
    return Finding(
        rule_id=rule.id, title=rule.title, status=outcome.status, reason=outcome.reason,
        sources=rule.sources, evidence=outcome.evidence, guidance=rule.guidance,
        statutory=rule.statutory, area=rule.area, basis=rule.basis, checklist=rule.checklist,
        kind=rule.kind,
        public_reason=outcome.public_reason, waiver=note, deadlines=outcome.deadlines)


def run_audit(records: PartnershipRecords, checklists: ChecklistSet, year: str | None,
              as_of: date | None, today: date) -> AuditResult:
    """Audit one partnership for one reporting year, as of one day."""
    partnership = records.partnership
    period, as_of = audit_period(year, as_of, today, partnership.year_start_month,
                                 partnership.year_start_day)
    return audit_period_of(records, checklists, period, as_of)


def audit_period_of(records: PartnershipRecords, checklists: ChecklistSet, period: Period,
                    as_of: date) -> AuditResult:
    context = Context(records_as_of(records, as_of), period, as_of)
    context.restricted = frozenset(restricted_names(context.records))
    context.restricted_places = _restricted_places(context.records)
    findings = tuple(run_rule(rule, context) for rule in checklists.rules)
    partnership = records.partnership
    return AuditResult(
        partnership_code=partnership.code, partnership_name=partnership.name,
        year=period.label, period_start=period.start, period_end=period.end, as_of=as_of,
        checklists=checklists.checklists, findings=findings, tool_version=__version__,
        overall=overall_status(findings), summary=count_statuses(findings),
        warnings=tuple(w for w in (empty_year(records, period),
                                   statutory_year(records, checklists)) if w)
        + unknown_waivers(records.waivers, checklists))

