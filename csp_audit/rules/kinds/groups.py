"""Check kinds about sub-groups (task groups, operations groups, an executive): each one
meets often enough, reports to the board, and has its own documents. A group is named in
the Meetings, Agenda and Documents `group` columns, compared ignoring case and spaces."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from pydantic import Field

from csp_audit.model.findings import Evidence
from csp_audit.model.periods import add_months, long_date
from csp_audit.model.wording import counted
from csp_audit.rules.kinds.base import (
    Context,
    Outcome,
    Params,
    absent,
    cite,
    document_name,
    join,
    kind,
    meeting_evidence,
    words,
)
from csp_audit.rules.kinds.meetings import body_words


def same_group(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and " ".join(a.split()).casefold() == \
        " ".join(b.split()).casefold()


def groups_of(ctx: Context, body: str, listed: list[str]) -> list[str]:
    """The groups to check: those the checklist lists, else every group of `body` named in
    the Meetings sheet up to as-of (in the spelling first used)."""
    if listed:
        return list(listed)
    found: dict[str, str] = {}
    for meeting in ctx.meetings(body, whole_history=True):
        if meeting.group:
            found.setdefault(" ".join(meeting.group.split()).casefold(), meeting.group)
    return list(found.values())


def _no_groups(ctx: Context, body: str, purpose: str) -> Outcome:
    """No group named anywhere: the workbook cannot show which sub-group did what."""
    what = body_words(body)
    return Outcome("amber", f"No {what} up to {long_date(ctx.as_of)} names its group "
                   f"(the Meetings sheet's group column), so the workbook cannot show "
                   f"{purpose}.", (absent("Meetings", f"{what} with a group"),))


class GroupMeetings(Params):
    body: str = "task_group"
    groups: list[str] = Field(default_factory=list)
    min: int = Field(default=1, ge=1)
    per: Literal["year", "quarter"] = "year"


def _windows(ctx: Context, per: str) -> list[tuple[str, date, date]]:
    if per == "year":
        return [(ctx.period.label, ctx.period.start, ctx.period.end)]
    windows = []
    for number in range(4):
        start = add_months(ctx.period.start, 3 * number)
        end = add_months(ctx.period.start, 3 * (number + 1)) - timedelta(days=1)
        if start <= ctx.as_of:
            windows.append((f"quarter {number + 1}", start, end))
    return windows


@kind("group_meetings", GroupMeetings)
def group_meetings(ctx: Context, params: GroupMeetings) -> Outcome:
    """Each sub-group meets at least `min` times in the year, or in every quarter of it."""
    what = body_words(params.body)
    groups = groups_of(ctx, params.body, params.groups)
    if not groups:
        return _no_groups(ctx, params.body, "whether each group met")
    meetings = ctx.meetings(params.body)
    finished: list[str] = []
    running: list[str] = []
    evidence: list[Evidence] = []
    for group in groups:
        held = [m for m in meetings if same_group(m.group, group)]
        evidence.extend(meeting_evidence(m, f"group {m.group}") for m in held)
        if not held:
            evidence.append(absent("Meetings", f"{what} of {group} in {ctx.period.label}"))
        ended: list[str] = []
        for label, start, end in _windows(ctx, params.per):
            count = sum(1 for m in held if start <= m.date <= end)
            if count >= params.min:
                continue
            note = f"{count} in {label}"
            if end <= ctx.as_of:
                ended.append(note)
            else:
                running.append(f"{group} ({note})")
        if ended:
            finished.append(f"{group} ({join(ended)})")
    per = "every quarter of " if params.per == "quarter" else ""
    ask = f"the checklist asks for at least {counted(params.min, what)} in {per}the year"
    if finished:
        return Outcome("red", f"Too few {what}s: {join(finished)}; {ask}.", tuple(evidence))
    if running:
        return Outcome("amber", f"Not yet enough {what}s: {join(running)}, in a period that "
                       f"ends after {long_date(ctx.as_of)}; {ask}.", tuple(evidence))
    return Outcome("green", f"Each group ({join(groups)}) held at least "
                   f"{counted(params.min, what)} in {per}{ctx.year_words()}.", tuple(evidence))


class GroupReports(Params):
    body: str = "board"
    from_body: str = "task_group"
    groups: list[str] = Field(default_factory=list)
    min_meetings: int = Field(default=1, ge=1)
    topic: str | None = None


@kind("group_reports", GroupReports)
def group_reports(ctx: Context, params: GroupReports) -> Outcome:
    """Each sub-group's report (an Agenda item naming the group, of `topic` when given) is on
    the agenda of at least `min_meetings` meetings of the body in the year."""
    what = body_words(params.body)
    if missing := ctx.not_supplied("agenda", f"which groups reported to the {what}s"):
        return missing
    groups = groups_of(ctx, params.from_body, params.groups)
    if not groups:
        return _no_groups(ctx, params.from_body, f"whether each group reported to the {what}")
    meetings = ctx.meetings(params.body)
    topic = f"{words(params.topic)} " if params.topic else ""
    short: list[str] = []
    evidence: list[Evidence] = []
    for group in groups:
        count = 0
        for meeting in meetings:
            items = [i for i in ctx.agenda_at(meeting) if same_group(i.group, group)
                     and (params.topic is None or i.topic == params.topic)]
            evidence.extend(cite(i, f"{group}: {topic}report at {meeting.meeting_id}")
                            for i in items[:1])
            count += bool(items)
        if count < params.min_meetings:
            short.append(f"{group} ({count})")
            evidence.append(absent("Agenda", f"{topic}report from {group} in "
                                             f"{ctx.period.label}"))
    times = (f"at {params.min_meetings} or more {what}s" if params.min_meetings > 1
             else f"at a {what}")
    if not short:
        return Outcome("green", f"Each group ({join(groups)}) had a {topic}report on the "
                       f"agenda {times} in {ctx.year_words()}.", tuple(evidence))
    ask = f"the checklist asks for each group's {topic}report {times}"
    if ctx.year_running:
        return Outcome("amber", f"Not yet on enough agendas in {ctx.year_words()}: "
                       f"{join(short)}; {ask}, {ctx.due_by()}.", tuple(evidence))
    return Outcome("red", f"Too few reports in {ctx.period.label}: {join(short)}; {ask}.",
                   tuple(evidence))


class GroupDocuments(Params):
    from_body: str = "task_group"
    groups: list[str] = Field(default_factory=list)
    kind: str
    missing: Literal["amber", "red"] = "red"


@kind("group_documents", GroupDocuments)
def group_documents(ctx: Context, params: GroupDocuments) -> Outcome:
    """Each sub-group has its own document of a kind (terms of reference, action plan),
    approved or reviewed on or before as-of, its `group` naming the sub-group."""
    if missing := ctx.not_supplied("documents", "each group's own documents"):
        return missing
    groups = groups_of(ctx, params.from_body, params.groups)
    if not groups:
        return _no_groups(ctx, params.from_body, f"each group's own {words(params.kind)}")
    documents = [d for d in ctx.documents([params.kind]) if d.latest_approval is not None]
    lacking: list[str] = []
    evidence: list[Evidence] = []
    for group in groups:
        own = [d for d in documents if same_group(d.group, group)]
        if own:
            latest = max(own, key=lambda d: d.latest_approval or date.min)
            evidence.append(cite(latest, f"{group}: {document_name(latest)}, agreed "
                                         f"{long_date(latest.latest_approval)}"))
        else:
            lacking.append(group)
            evidence.append(absent("Documents", f"{words(params.kind)} of {group}"))
    kind_words = words(params.kind)
    if lacking:
        return Outcome(params.missing, f"No approved {kind_words} of its own is recorded for "
                       f"{join(lacking)} (the Documents sheet's group column).",
                       tuple(evidence))
    return Outcome("green", f"Each group ({join(groups)}) has an approved {kind_words} of its "
                   f"own.", tuple(evidence))
