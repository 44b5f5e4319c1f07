"""Check kinds that read the Attendance register: who came, how often, and quorum."""

from __future__ import annotations

import math

from pydantic import Field, model_validator

from csp_audit.findings import Evidence
from csp_audit.kinds.base import (
    RA_SECTORS,
    Context,
    Outcome,
    Params,
    absent,
    cite,
    join,
    kind,
    meeting_evidence,
    meeting_name,
    plural,
    sentence,
)
from csp_audit.kinds.meetings import body_words
from csp_audit.records import Attendance, Meeting, Member


def _sector_of(ctx: Context, row: Attendance) -> str | None:
    """The sector of a responsible authority attending; None for anyone else."""
    member = ctx.member(row.organisation)
    return member.sector if member is not None and member.is_responsible_authority else None


class PublicMeetingAttendance(Params):
    body: str = "public"
    sectors: list[str] = Field(default_factory=lambda: list(RA_SECTORS))
    senior: bool = True


@kind("public_meeting_attendance", PublicMeetingAttendance)
def public_meeting_attendance(ctx: Context, params: PublicMeetingAttendance) -> Outcome:
    """A meeting in the year attended (by a senior person, when asked) from every RA sector."""
    meetings = ctx.meetings(params.body)
    what = body_words(params.body)
    if not meetings:
        evidence = (absent("Meetings", f"{what} in {ctx.period.label}"),)
        if ctx.year_running:
            return Outcome("amber", f"No {what} has been held in {ctx.period.label} yet; one "
                           f"is {ctx.due_by()}.", evidence)
        return Outcome("red", f"No {what} was held in {ctx.period.label}.", evidence)
    if missing := ctx.not_supplied("attendance", f"who attended the {what}s"):
        return missing
    best: tuple[int, Meeting, list[str], list[str]] | None = None
    for meeting in meetings:
        senior: set[str] = set()
        unrecorded: set[str] = set()
        for row in ctx.attendance_at(meeting):
            sector = _sector_of(ctx, row)
            if not row.represented or sector is None:
                continue
            if not params.senior or row.senior:
                senior.add(sector)
            elif row.senior is None:
                unrecorded.add(sector)
        lacking = [s for s in params.sectors if s not in senior]
        unknown = [s for s in lacking if s in unrecorded]
        score = len(lacking)
        if best is None or score < best[0]:
            best = (score, meeting, lacking, unknown)
    assert best is not None
    _, meeting, lacking, unknown = best
    evidence = (meeting_evidence(meeting),) + tuple(
        cite(row, f"{row.organisation}: {row.status}"
                  f"{', senior' if row.senior else ''} at {meeting.meeting_id}")
        for row in ctx.attendance_at(meeting) if row.represented)
    who = "a senior attendee" if params.senior else "an attendee"
    if not lacking:
        return Outcome("green", sentence(f"{meeting_name(meeting)} was attended by {who} from "
                       f"every responsible authority sector."), evidence)
    known = [s for s in lacking if s not in unknown]
    parts = []
    if known:
        parts.append(f"had no {who.split(' ', 1)[1]} from {join(known)}")
    if unknown:
        parts.append(f"did not record whether the {join(unknown)} attendee"
                     f"{'s were' if len(unknown) > 1 else ' was'} senior")
    return Outcome("amber", sentence(f"{meeting_name(meeting)} {join(parts)}."), evidence)


class AttendanceRate(Params):
    body: str = "board"
    role: str = "responsible_authority"
    min_fraction: float = Field(default=0.5, gt=0, le=1)


def _recorded_meetings(ctx: Context, body: str) -> list[Meeting]:
    """Meetings of the year whose attendance was recorded at all."""
    return [m for m in ctx.meetings(body) if ctx.attendance_at(m)]


def _eligible(ctx: Context, role: str, meeting: Meeting) -> list[Member]:
    return [m for m in ctx.records.members if m.role == role and m.member_on(meeting.date)]


def _represented(ctx: Context, meeting: Meeting) -> set[str]:
    return {row.organisation.casefold() for row in ctx.attendance_at(meeting) if row.represented}


def _no_meetings(ctx: Context, body: str) -> Outcome:
    what = body_words(body)
    return Outcome("not_applicable", f"No {what} with recorded attendance was held in "
                   f"{ctx.year_words()}, so there was no attendance to measure.",
                   (absent("Attendance", f"attendance at a {what} in {ctx.period.label}"),))


@kind("attendance_rate", AttendanceRate)
def attendance_rate(ctx: Context, params: AttendanceRate) -> Outcome:
    """Each organisation of a role represented at enough of the year's meetings."""
    what = body_words(params.body)
    if missing := ctx.not_supplied("attendance", f"who attended the {what}s"):
        return missing
    meetings = _recorded_meetings(ctx, params.body)
    if not meetings:
        return _no_meetings(ctx, params.body)
    tally: dict[str, list[int]] = {}
    members: dict[str, Member] = {}
    for meeting in meetings:
        present = _represented(ctx, meeting)
        for member in _eligible(ctx, params.role, meeting):
            counts = tally.setdefault(member.organisation, [0, 0])
            members[member.organisation] = member
            counts[1] += 1
            counts[0] += member.organisation.casefold() in present
    evidence: tuple[Evidence, ...] = tuple(
        cite(members[org], f"{org}: represented at {came} of {held}")
        for org, (came, held) in tally.items())
    short = sorted(((came, held, org) for org, (came, held) in tally.items()
                    if came < params.min_fraction * held), key=lambda t: (t[0] / t[1], t[2]))
    if not short:
        return Outcome("green", f"Every {params.role.replace('_', ' ')} was represented at "
                       f"{params.min_fraction:.0%} or more of the {plural(len(meetings), what)} "
                       f"in {ctx.year_words()}.", evidence)
    status = "red" if any(came == 0 for came, _, _ in short) else "amber"
    listed = join([f"{org} ({came} of {held})" for came, held, org in short])
    return Outcome(status, f"{listed} {'was' if len(short) == 1 else 'were'} represented at "
                   f"fewer than {params.min_fraction:.0%} of {what}s in {ctx.year_words()}.",
                   evidence)


class ConsecutiveAbsence(Params):
    body: str = "board"
    role: str = "responsible_authority"
    max: int = Field(default=3, ge=2)


@kind("consecutive_absence", ConsecutiveAbsence)
def consecutive_absence(ctx: Context, params: ConsecutiveAbsence) -> Outcome:
    """No organisation of a role unrepresented at `max` meetings in a row."""
    what = body_words(params.body)
    if missing := ctx.not_supplied("attendance", f"who attended the {what}s"):
        return missing
    meetings = _recorded_meetings(ctx, params.body)
    if not meetings:
        return _no_meetings(ctx, params.body)
    runs: dict[str, list[Meeting]] = {}
    longest: dict[str, list[Meeting]] = {}
    for meeting in meetings:
        present = _represented(ctx, meeting)
        for member in _eligible(ctx, params.role, meeting):
            run = runs.setdefault(member.organisation, [])
            if member.organisation.casefold() in present:
                run.clear()
                continue
            run.append(meeting)
            if len(run) > len(longest.get(member.organisation, [])):
                longest[member.organisation] = list(run)
    if not longest:
        return Outcome("green", f"Every {params.role.replace('_', ' ')} was represented at "
                       f"every {what} with recorded attendance in {ctx.year_words()}.",
                       tuple(meeting_evidence(m) for m in meetings))
    org, run = max(longest.items(), key=lambda item: (len(item[1]), item[0]))
    evidence = tuple(meeting_evidence(m, f"{org} not represented") for m in run)
    stretch = (f"{org} was not represented at {len(run)} consecutive {what}s "
               f"({join([m.meeting_id for m in run])})")
    if len(run) >= params.max:
        return Outcome("red", f"{stretch}; the checklist allows fewer than {params.max}.",
                       evidence)
    if len(run) == params.max - 1:
        return Outcome("amber", f"{stretch}; one more would reach the limit of {params.max}.",
                       evidence)
    return Outcome("green", f"No {params.role.replace('_', ' ')} missed more than "
                   f"{plural(len(run), what)} in a row in {ctx.year_words()}.", evidence)


class Quorum(Params):
    body: str = "board"
    responsible_authorities: int | None = Field(default=None, ge=1)
    statutory_partners: int | None = Field(default=None, ge=1)
    fraction: float | None = Field(default=None, gt=0, le=1)
    plus: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _one_rule(self) -> Quorum:
        given = [x for x in (self.responsible_authorities, self.statutory_partners,
                             self.fraction) if x is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of responsible_authorities, statutory_partners "
                             "or fraction")
        return self


NOT_MEMBERS = ("officer", "invitee")
"""Roles that do not count as members for a fraction-of-the-membership quorum."""


def _quorum_count(ctx: Context, params: Quorum, meeting: Meeting) -> tuple[int, int, str]:
    """(represented, needed, what is counted) for one meeting."""
    present = _represented(ctx, meeting)
    members = [m for m in ctx.records.members if m.member_on(meeting.date)]
    if params.responsible_authorities is not None:
        pool = [m for m in members if m.is_responsible_authority]
        return (sum(m.organisation.casefold() in present for m in pool),
                params.responsible_authorities, "responsible authorities")
    if params.statutory_partners is not None:
        pool = [m for m in members if m.is_responsible_authority and m.voting is not False]
        return (sum(m.organisation.casefold() in present for m in pool),
                params.statutory_partners, "statutory partners")
    assert params.fraction is not None
    pool = [m for m in members if m.role not in NOT_MEMBERS]
    needed = math.ceil(len(pool) * params.fraction + params.plus - 1e-9)
    return (sum(m.organisation.casefold() in present for m in pool), needed,
            f"members (of {len(pool)})")


@kind("quorum", Quorum)
def quorum(ctx: Context, params: Quorum) -> Outcome:
    """Each meeting of the year quorate by the checklist's rule, and as the minutes say."""
    what = body_words(params.body)
    if missing := ctx.not_supplied("attendance", f"whether the {what}s were quorate"):
        return missing
    meetings = ctx.meetings(params.body)
    if not meetings:
        return Outcome("not_applicable", f"No {what} was held in {ctx.year_words()}, so there "
                       f"was no quorum to check.", (absent("Meetings", what),))
    inquorate: list[str] = []
    doubtful: list[str] = []
    evidence: list[Evidence] = []
    for meeting in meetings:
        if not ctx.attendance_at(meeting):
            doubtful.append(f"{meeting_name(meeting)} has no attendance recorded")
            evidence.append(meeting_evidence(meeting, "no attendance recorded"))
            continue
        came, needed, counted = _quorum_count(ctx, params, meeting)
        evidence.append(meeting_evidence(meeting, f"{came} {counted} represented, {needed} "
                                                  f"needed"))
        computed = came >= needed
        if not computed:
            recorded = " (the minutes say quorate)" if meeting.quorate else ""
            inquorate.append(f"{meeting_name(meeting)} had {came} {counted} represented, "
                             f"{needed} needed{recorded}")
        elif meeting.quorate is False:
            doubtful.append(f"the minutes of {meeting_name(meeting)} record it as inquorate, "
                            f"but {came} {counted} were represented ({needed} needed)")
    if inquorate:
        return Outcome("red", sentence(f"{'; '.join(inquorate)}, so "
                       f"{'it was' if len(inquorate) == 1 else 'they were'} inquorate."),
                       tuple(evidence))
    if doubtful:
        return Outcome("amber", sentence(f"{'; '.join(doubtful)}."), tuple(evidence))
    return Outcome("green", f"All {plural(len(meetings), what)} in {ctx.year_words()} were "
                   f"quorate.", tuple(evidence))
