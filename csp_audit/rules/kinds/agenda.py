"""Check kinds that read the Agenda register: a topic at every meeting, or each standing
topic at least once a year."""

from __future__ import annotations

from pydantic import Field

from csp_audit.model.findings import Evidence
from csp_audit.model.records import Meeting
from csp_audit.model.wording import a_or_an, counted
from csp_audit.rules.kinds.base import (
    Context,
    Outcome,
    Params,
    absent,
    cite,
    join,
    kind,
    meeting_evidence,
    meeting_name,
    words,
)
from csp_audit.rules.kinds.meetings import body_words


class AgendaTopicEachMeeting(Params):
    body: str = "board"
    topic: str
    red_fraction: float = Field(default=0.5, ge=0, le=1)
    when_topic: str | None = None
    when_decision: bool = False
    """Only meetings with an item marked `decision` yes (of `when_topic`, when given)."""
    within_first: int | None = Field(default=None, ge=1)
    """The topic must be among the meeting's first N items, in the Agenda sheet's order."""


def decision_meetings(ctx: Context, meetings: list[Meeting], topic: str | None = None
                      ) -> list[Meeting] | None:
    """The meetings with an item marked as a decision (of `topic`, when given); None when
    no agenda item of the year records the decision column at all, so nobody can tell."""
    items = [i for m in meetings for i in ctx.agenda_at(m)]
    if all(i.decision is None for i in items):
        return None
    return [m for m in meetings if any(i.decision and (topic is None or i.topic == topic)
                                       for i in ctx.agenda_at(m))]


def no_decisions_recorded(ctx: Context, what: str, purpose: str) -> Outcome:
    return Outcome("amber", f"No agenda item of a {what} in {ctx.year_words()} records the "
                   f"decision column, so the workbook cannot show {purpose}.",
                   (absent("Agenda", f"decision column filled in for {ctx.period.label}"),))


@kind("agenda_topic_each_meeting", AgendaTopicEachMeeting)
def agenda_topic_each_meeting(ctx: Context, params: AgendaTopicEachMeeting) -> Outcome:
    """A topic (e.g. declarations of interest) on the agenda of every meeting of a body."""
    what = body_words(params.body)
    topic = words(params.topic)
    if missing := ctx.not_supplied("agenda", f"what the {what}s discussed"):
        return missing
    meetings = ctx.meetings(params.body)
    if not meetings:
        return Outcome("not_applicable", f"No {what} is recorded in {ctx.year_words()}, so there "
                       f"was no agenda to check.", (absent("Meetings", what),))
    when = words(params.when_topic or "")
    if params.when_decision:
        when = f"{when} decision".strip()
        decided = decision_meetings(ctx, meetings, params.when_topic)
        if decided is None:
            return no_decisions_recorded(ctx, what, f"which meetings needed {topic}")
        meetings = decided
    elif params.when_topic is not None:
        meetings = [m for m in meetings
                    if any(i.topic == params.when_topic for i in ctx.agenda_at(m))]
    if (params.when_topic or params.when_decision) and not meetings:
        return Outcome("green", f"No {what} in {ctx.year_words()} had {a_or_an(when)} "
                       f"{when} item, so none needed {topic}.",
                       (absent("Agenda", f"{when} item"),))
    without = []
    evidence: list[Evidence] = []
    first = f" among the first {params.within_first} items" if params.within_first else ""
    for meeting in meetings:
        agenda = ctx.agenda_at(meeting)[:params.within_first]
        items = [i for i in agenda if i.topic == params.topic]
        if items:
            evidence.extend(cite(i, f"{topic} at {meeting.meeting_id}") for i in items)
        else:
            without.append(meeting)
            evidence.append(meeting_evidence(meeting, f"no {topic} item on the agenda{first}"))
    if not without:
        scope = (f" with {a_or_an(when)} {when} item"
                 if params.when_topic or params.when_decision else "")
        return Outcome("green", f"Every {what}{scope} in {ctx.year_words()} "
                       f"({counted(len(meetings), 'meeting')}) had {topic} on its agenda"
                       f"{first}.", tuple(evidence))
    status = "red" if len(without) > params.red_fraction * len(meetings) else "amber"
    if len(without) == 1:
        reason = f"The agenda of {meeting_name(without[0])} had no {topic} item{first}."
    else:
        reason = (f"{len(without)} of {counted(len(meetings), what)} in {ctx.year_words()} had "
                  f"no {topic} item{first} ({join([m.meeting_id for m in without])}).")
    return Outcome(status, reason, tuple(evidence))


class AgendaTopicsInYear(Params):
    body: str | None = None
    topics: list[str] = Field(min_length=1)
    min_meetings: int = Field(default=1, ge=1)


@kind("agenda_topics_in_year", AgendaTopicsInYear)
def agenda_topics_in_year(ctx: Context, params: AgendaTopicsInYear) -> Outcome:
    """Each standing topic on an agenda at least `min_meetings` times in the year."""
    what = body_words(params.body)
    if missing := ctx.not_supplied("agenda", f"what the {what}s discussed"):
        return missing
    meetings = ctx.meetings(params.body)
    counts = {topic: 0 for topic in params.topics}
    evidence: list[Evidence] = []
    for meeting in meetings:
        seen = set()
        for item in ctx.agenda_at(meeting):
            if item.topic in counts and item.topic not in seen:
                seen.add(item.topic)
                counts[item.topic] += 1
                evidence.append(cite(item, f"{words(item.topic)} at {meeting.meeting_id}"))
    short = [t for t, n in counts.items() if n < params.min_meetings]
    times = "" if params.min_meetings == 1 else f" at {params.min_meetings} meetings"
    if not short:
        return Outcome("green", _all_taken(ctx, params), tuple(evidence))
    listed = join([words(t) if params.min_meetings == 1 else f"{words(t)} ({counts[t]})"
                   for t in short])
    evidence.append(absent("Agenda", f"{join([words(t) for t in short])} item{times} in "
                                     f"{ctx.period.label}"))
    if ctx.year_running:
        return Outcome("amber", f"Not yet on an agenda{times or ' at all'} in "
                       f"{ctx.year_words()}: {listed}; {ctx.due_by()}.", tuple(evidence))
    return Outcome("red", f"Not on an agenda{times or ' at all'} in {ctx.period.label}: "
                   f"{listed}.", tuple(evidence))


def _all_taken(ctx: Context, params: AgendaTopicsInYear) -> str:
    """`Risk was on the agenda of a board meeting in 2024-25.`, or for several topics
    `Every standing topic (risk and finance) was on the agenda of 2 or more meetings ...`."""
    what = body_words(params.body)
    where = (f"{a_or_an(what)} {what}" if params.min_meetings == 1
             else f"{params.min_meetings} or more {what}s")
    if len(params.topics) == 1:
        topic = words(params.topics[0])
        return f"{topic[:1].upper()}{topic[1:]} was on the agenda of {where} in {ctx.year_words()}."
    return (f"Every standing topic ({join([words(t) for t in params.topics])}) was on the "
            f"agenda of {where} in {ctx.year_words()}.")
