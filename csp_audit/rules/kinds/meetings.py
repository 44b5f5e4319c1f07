"""Check kinds about when meetings happen: how often, in which months, the longest gap,
papers and minutes on time, and the chair's election.

The kinds that fix when a meeting is due (meeting_count, meetings_in_months, max_gap) state
the meeting still to come as a deadline, so `due` lists the next meeting a checklist asks
for from the same code that rates it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from pydantic import Field, model_validator

from csp_audit.model.findings import Deadline, Evidence
from csp_audit.model.periods import (
    add_months,
    long_date,
    months_and_days,
    nth_working_day_after,
    working_days_between,
)
from csp_audit.model.records import Meeting
from csp_audit.model.wording import a_or_an, counted
from csp_audit.rules.kinds.base import (
    BODY_NAMES,
    Context,
    Outcome,
    Params,
    absent,
    join,
    kind,
    meeting_evidence,
    meeting_name,
    sentence,
)


def body_words(body: str | None) -> str:
    return f"{BODY_NAMES.get(body, body)} meeting" if body else "meeting"


class MeetingCount(Params):
    body: str = "board"
    min: int = Field(default=4, ge=1)
    per: Literal["year", "quarter"] = "year"


@kind("meeting_count", MeetingCount)
def meeting_count(ctx: Context, params: MeetingCount) -> Outcome:
    """Enough meetings of a body in the year, or in every quarter of it."""
    meetings = ctx.meetings(params.body)
    evidence = tuple(meeting_evidence(m) for m in meetings) or (
        absent("Meetings", f"{body_words(params.body)} in {ctx.period.label}"),)
    what = body_words(params.body)
    if params.per == "quarter":
        return _per_quarter(ctx, params, meetings, evidence)
    held = f"{counted(len(meetings), what)} {'is' if len(meetings) == 1 else 'are'} recorded " \
           f"in {ctx.year_words()}"
    if len(meetings) >= params.min:
        return Outcome("green", f"{sentence(held)}; the checklist asks for at least "
                       f"{params.min}.", evidence)
    if ctx.year_running:
        return Outcome("amber", f"{sentence(held)}; {params.min - len(meetings)} more "
                       f"{'is' if params.min - len(meetings) == 1 else 'are'} "
                       f"{ctx.due_by()}.", evidence, None,
                       (Deadline(ctx.period.end, "open", f"{what}s: at least {params.min} in "
                                 f"{ctx.period.label}"),))
    status = "amber" if len(meetings) == params.min - 1 else "red"
    return Outcome(status, f"Only {held}; the checklist asks for at least {params.min}.",
                   evidence)


def _per_quarter(ctx: Context, params: MeetingCount, meetings: list[Meeting],
                 evidence: tuple[Evidence, ...]) -> Outcome:
    short_finished: list[str] = []
    running_short = ""
    running_end = ctx.period.end
    for number in range(4):
        start = add_months(ctx.period.start, 3 * number)
        end = add_months(ctx.period.start, 3 * (number + 1)) - timedelta(days=1)
        if start > ctx.as_of:
            break
        count = sum(1 for m in meetings if start <= m.date <= end)
        if count >= params.min:
            continue
        label = f"quarter {number + 1} ({start:%B} to {end:%B %Y})"
        if end <= ctx.as_of:
            short_finished.append(label)
        else:
            running_short, running_end = label, end
    what = body_words(params.body)
    deadlines = ((Deadline(running_end, "open", f"{what} in {running_short}"),)
                 if running_short else ())
    if short_finished:
        return Outcome("red", f"{_fewer(params.min, what)} in {join(short_finished)}.",
                       evidence, None, deadlines)
    if running_short:
        return Outcome("amber", f"{_fewer(params.min, what)} so far in {running_short}, which "
                       f"ends after {long_date(ctx.as_of)}.", evidence, None, deadlines)
    return Outcome("green", f"Every quarter of {ctx.year_words()} had at least "
                   f"{counted(params.min, what)}.", evidence)


def _fewer(minimum: int, what: str) -> str:
    return (f"No {what} is recorded in the Meetings sheet" if minimum == 1
            else f"Fewer than {minimum} {what}s are recorded in the Meetings sheet")


class MeetingsInMonths(Params):
    body: str = "board"
    months: list[int] = Field(min_length=1)

    @model_validator(mode="after")
    def _months_exist(self) -> MeetingsInMonths:
        if any(not 1 <= m <= 12 for m in self.months):
            raise ValueError("months must be month numbers from 1 to 12")
        return self


@kind("meetings_in_months", MeetingsInMonths)
def meetings_in_months(ctx: Context, params: MeetingsInMonths) -> Outcome:
    """A meeting in each named month of the year (e.g. June, September, December, March)."""
    meetings = ctx.meetings(params.body)
    missed: list[str] = []
    to_come: list[str] = []
    used: list[Evidence] = []
    deadlines: list[Deadline] = []
    what = body_words(params.body)
    first = ctx.period.start.replace(day=1)
    for step in range(13):
        month_start = add_months(first, step)
        if month_start > ctx.period.end or month_start.month not in params.months:
            continue
        window_start = max(month_start, ctx.period.start)
        window_end = min(add_months(month_start, 1) - timedelta(days=1), ctx.period.end)
        held = [m for m in meetings if window_start <= m.date <= window_end]
        label = f"{month_start:%B %Y}"
        if held:
            used.extend(meeting_evidence(m) for m in held)
            deadlines.append(Deadline(window_end, "met", f"{what} in {label}"))
        elif window_end <= ctx.as_of:
            missed.append(label)
            deadlines.append(Deadline(window_end, "missed", f"{what} in {label}"))
        else:
            to_come.append(label)
            deadlines.append(Deadline(window_end, "open", f"{what} in {label}"))
    if missed:
        used.append(absent("Meetings", f"{what} in {join(missed)}"))
        return Outcome("red", f"No {what} is recorded in the Meetings sheet in "
                       f"{join(missed)}.", tuple(used), None, tuple(deadlines))
    if to_come:
        return Outcome("amber", f"The {what}s named for {join(to_come)} are still to come.",
                       tuple(used), None, tuple(deadlines))
    return Outcome("green", f"A {what} is recorded in each named month of {ctx.period.label}.",
                   tuple(used), None, tuple(deadlines))


class MaxGap(Params):
    body: str = "scrutiny"
    green_months: int = Field(default=12, ge=1)
    amber_months: int = Field(default=15, ge=1)


@kind("max_gap", MaxGap)
def max_gap(ctx: Context, params: MaxGap) -> Outcome:
    """The longest gap between meetings (and since the last one) in the 12 months to as-of."""
    meetings = ctx.meetings(params.body, whole_history=True)
    what = body_words(params.body)
    if not meetings:
        return Outcome("red", f"No {what} is recorded up to {long_date(ctx.as_of)}.",
                       (absent("Meetings", what),))
    window = add_months(ctx.as_of, -12)
    gaps: list[tuple[date, date, str]] = []
    for earlier, later in zip(meetings, meetings[1:], strict=False):
        if later.date > window:
            gaps.append((earlier.date, later.date, f", between {earlier.meeting_id} and "
                                                     f"{later.meeting_id},"))
    last = meetings[-1]
    gaps.append((last.date, ctx.as_of, ""))
    start, end, where = max(gaps, key=lambda g: (g[1] - g[0], g[0]))
    evidence = tuple(meeting_evidence(m) for m in meetings if m.date >= start)
    next_due = add_months(last.date, params.green_months)
    deadlines = (Deadline(next_due, "open" if next_due > ctx.as_of else "missed",
                          f"the next {what} (within {params.green_months} months of the "
                          "last)"),)
    if len(meetings) == 1:
        # NOTE: with one meeting there is no "longest" of several gaps, only the time since.
        gap = (f"The last {what} was {last.meeting_id} on {long_date(last.date)}, "
               f"{months_and_days(start, end)} before {long_date(ctx.as_of)}")
    elif not where:
        # NOTE: the gap still open on as-of has no meeting at its end: say so, not "between".
        gap = (f"No {what} since {last.meeting_id} on {long_date(last.date)}: the longest "
               f"gap, {months_and_days(start, end)} to the as-of date "
               f"({long_date(ctx.as_of)})")
    else:
        gap = f"The longest gap{where} is {months_and_days(start, end)}"
    if end <= add_months(start, params.green_months):
        return Outcome("green", f"{gap}, within {params.green_months} months.", evidence, None,
                       deadlines)
    status = "amber" if end <= add_months(start, params.amber_months) else "red"
    return Outcome(status, f"{gap}; the checklist asks for no more than "
                   f"{params.green_months} months.", evidence, None, deadlines)


FIELD_NAMES = {"papers_circulated": "Papers", "minutes_circulated": "Draft minutes",
               "minutes_published": "Minutes"}


class CirculationDeadline(Params):
    body: str = "board"
    field: Literal["papers_circulated", "minutes_circulated", "minutes_published"]
    direction: Literal["before", "after"]
    working_days: int | None = Field(default=None, ge=0)
    days: int | None = Field(default=None, ge=0)
    red_fraction: float = Field(default=0.5, ge=0, le=1)

    @model_validator(mode="after")
    def _one_unit(self) -> CirculationDeadline:
        if (self.working_days is None) == (self.days is None):
            raise ValueError("give exactly one of working_days or days")
        return self


@kind("circulation_deadline", CirculationDeadline)
def circulation_deadline(ctx: Context, params: CirculationDeadline) -> Outcome:
    """Papers N (working) days before each meeting, or minutes within N days after."""
    meetings = ctx.meetings(params.body)
    what = body_words(params.body)
    if not meetings:
        return Outcome("not_applicable", f"No {what} is recorded in {ctx.year_words()}, so there "
                       f"was nothing to circulate.", (absent("Meetings", what),))
    unit = "working day" if params.working_days is not None else "day"
    wanted = params.working_days if params.working_days is not None else params.days
    assert wanted is not None
    noun = FIELD_NAMES[params.field]
    late: list[str] = []
    evidence: list[Evidence] = []
    due = 0
    for meeting in meetings:
        sent: date | None = getattr(meeting, params.field)
        problem = _lateness(ctx, params, meeting, sent, wanted, unit)
        if problem == "not yet due":
            evidence.append(meeting_evidence(meeting, f"{noun.lower()} not yet due"))
            continue
        due += 1
        note = f"{params.field} {long_date(sent)}" if sent else f"{params.field} blank"
        evidence.append(meeting_evidence(meeting, note))
        if problem:
            late.append(problem)
    allowed = (f"at least {counted(wanted, unit)} before" if params.direction == "before"
               else f"within {counted(wanted, unit)} after")
    ask = f"the checklist asks for them {allowed}"
    if not late:
        if not due:
            return Outcome("green", f"{noun} for {counted(len(meetings), what)} in "
                           f"{ctx.year_words()} are not yet due.", tuple(evidence))
        return Outcome("green", f"{noun} for all {counted(due, what)} in {ctx.year_words()} "
                       f"went out on time ({allowed}).",
                       tuple(evidence))
    status = "red" if len(late) > params.red_fraction * due else "amber"
    if len(late) == 1:
        return Outcome(status, f"{noun} for {late[0]}; {ask}.", tuple(evidence))
    return Outcome(status, f"{noun} for {len(late)} of {counted(due, what)} were late or "
                   f"unrecorded ({'; '.join(late)}); {ask}.", tuple(evidence))


def _lateness(ctx: Context, params: CirculationDeadline, meeting: Meeting, sent: date | None,
              wanted: int, unit: str) -> str:
    """'' when on time, 'not yet due', or the clause saying how this meeting was late."""
    name = meeting_name(meeting)
    if params.direction == "before":
        if sent is None:
            return f"{name} have no date recorded"
        gap = (working_days_between(sent, meeting.date) if params.working_days is not None
               else (meeting.date - sent).days)
        if sent < meeting.date and gap >= wanted:
            return ""
        if sent >= meeting.date:
            return f"{name} went out on {long_date(sent)}, not before the meeting"
        return f"{name} went out {counted(gap, unit)} before"
    deadline = (nth_working_day_after(meeting.date, wanted) if params.working_days is not None
                else meeting.date + timedelta(days=wanted))
    if sent is None:
        if ctx.as_of <= deadline:
            return "not yet due"
        return f"{name} have no date recorded (due by {long_date(deadline)})"
    if sent <= deadline:
        return ""
    return f"{name} went out on {long_date(sent)}, after the deadline of {long_date(deadline)}"


class ChairElection(Params):
    body: str = "board"
    month: int | None = Field(default=None, ge=1, le=12)
    office: Literal["chair", "vice_chair"] = "chair"
    """vice_chair reads the Meetings column vice_chair_elected instead of chair_elected."""


@kind("chair_election", ChairElection)
def chair_election(ctx: Context, params: ChairElection) -> Outcome:
    """The chair elected (or re-confirmed) at a meeting in the year, in the named month."""
    meetings = ctx.meetings(params.body)
    what = body_words(params.body)
    column = f"{params.office}_elected"
    office = "vice-chair" if params.office == "vice_chair" else "chair"
    elections = [m for m in meetings if getattr(m, column)]
    evidence = tuple(meeting_evidence(m, f"{office} elected") for m in elections)
    month_name = date(2000, params.month, 1).strftime("%B") if params.month else ""
    in_month = [m for m in elections if params.month is None or m.date.month == params.month]
    if in_month:
        return Outcome("green", sentence(f"The {office} was elected at "
                       f"{meeting_name(in_month[0])}."), evidence)
    if elections:
        return Outcome("amber", sentence(f"The {office} was elected at "
                       f"{meeting_name(elections[0])}, not at {a_or_an(month_name)} "
                       f"{month_name} meeting as the checklist asks."), evidence)
    evidence = (absent("Meetings", f"{what} with {column} = yes in {ctx.period.label}"),)
    when = f" at {a_or_an(month_name)} {month_name} meeting" if month_name else ""
    if ctx.year_running:
        return Outcome("amber", f"No {what} in {ctx.year_words()} records the {office}'s "
                       f"election yet; it is due{when} by {long_date(ctx.period.end)}.",
                       evidence)
    return Outcome("red", f"No {what} in {ctx.period.label} records the election of the "
                   f"{office}{when}.", evidence)


class MeetingField(Params):
    body: str = "board"
    field: Literal["open_to_public", "minutes_published", "papers_circulated",
                   "minutes_circulated", "quorate", "chair_elected", "papers_published",
                   "vice_chair_elected"]
    red_fraction: float = Field(default=0.5, ge=0, le=1)
    grace_days: int = Field(default=0, ge=0)


FIELD_PHRASES: dict[str, tuple[str, str, str, str]] = {
    "open_to_public": ("Every {meetings} is recorded as open to the public",
                       "is not recorded as open to the public",
                       "are not recorded as open to the public", "being open to the public"),
    "minutes_published": ("Minutes of every {meetings} are recorded as published",
                          "does not record its minutes as published",
                          "do not record their minutes as published", "published minutes"),
    "papers_circulated": ("Papers for every {meetings} are recorded as circulated",
                          "does not record its papers as circulated",
                          "do not record their papers as circulated", "circulated papers"),
    "minutes_circulated": ("Draft minutes of every {meetings} are recorded as circulated",
                           "does not record its draft minutes as circulated",
                           "do not record their draft minutes as circulated",
                           "circulated draft minutes"),
    "quorate": ("Every {meetings} is recorded as quorate", "is not recorded as quorate",
                "are not recorded as quorate", "being quorate"),
    "chair_elected": ("A chair election is recorded at every {meetings}",
                      "does not record a chair election", "do not record a chair election",
                      "a chair election"),
    "papers_published": ("The agenda and papers of every {meetings} are recorded as published",
                         "does not record its agenda and papers as published",
                         "do not record their agenda and papers as published",
                         "a published agenda"),
    "vice_chair_elected": ("A vice-chair election is recorded at every {meetings}",
                           "does not record a vice-chair election",
                           "do not record a vice-chair election", "a vice-chair election"),
}
"""Per field of meeting_field: all recorded; one meeting without; several without; what
cannot be checked yet. Each reads as a sentence about minutes, papers or the meeting."""


@kind("meeting_field", MeetingField)
def meeting_field(ctx: Context, params: MeetingField) -> Outcome:
    """Every meeting of a body records a yes (or a date) in one field, e.g. open to the public."""
    what = body_words(params.body)
    every, one_without, several_without, checkable = FIELD_PHRASES[params.field]
    held = ctx.meetings(params.body)
    meetings = [m for m in held if (ctx.as_of - m.date).days >= params.grace_days]
    if not meetings:
        evidence = tuple(meeting_evidence(m, "within the grace period") for m in held) or (
            absent("Meetings", f"{what} in {ctx.period.label}"),)
        if held or ctx.year_running:
            return Outcome("amber", f"No {what} in {ctx.year_words()} can be checked for "
                           f"{checkable} yet; " + ("the meetings recorded are too recent."
                                                   if held else "none is recorded."),
                           evidence)
        return Outcome("red", f"No {what} is recorded in the Meetings sheet for "
                       f"{ctx.period.label}.", evidence)
    without: list[Meeting] = []
    evidence_list: list[Evidence] = []
    for meeting in meetings:
        value = getattr(meeting, params.field)
        ok = value is True or isinstance(value, date)
        shown = long_date(value) if isinstance(value, date) else {
            True: "yes", False: "no", None: "not recorded"}[value]
        evidence_list.append(meeting_evidence(meeting, f"{params.field} {shown}"))
        if not ok:
            without.append(meeting)
    if not without:
        meetings_words = f"{what} in {ctx.year_words()} ({counted(len(meetings), 'meeting')})"
        return Outcome("green", every.format(meetings=meetings_words) + ".",
                       tuple(evidence_list))
    status = "red" if len(without) > params.red_fraction * len(meetings) else "amber"
    if len(without) == 1:
        reason = sentence(f"{meeting_name(without[0])} {one_without}.")
    else:
        reason = (f"{len(without)} of {counted(len(meetings), what)} in {ctx.year_words()} "
                  f"{several_without} ({join([m.meeting_id for m in without])}).")
    return Outcome(status, reason, tuple(evidence_list))
