"""Check kinds about who represents and who chairs: each authority represented by a senior
attendee or a substitute with delegated authority, and the chair (or vice-chair) from the
organisation the terms of reference name."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from csp_audit.model.findings import Evidence
from csp_audit.model.records import Meeting
from csp_audit.model.wording import counted
from csp_audit.rules.kinds.attendance import unrecorded_words
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
    sentence,
    words,
)
from csp_audit.rules.kinds.meetings import body_words


class SeniorAttendance(Params):
    body: str = "board"
    roles: list[str] = Field(default_factory=lambda: ["responsible_authority"], min_length=1)
    red_fraction: float = Field(default=0.5, ge=0, le=1)


@kind("senior_attendance", SeniorAttendance)
def senior_attendance(ctx: Context, params: SeniorAttendance) -> Outcome:
    """Whoever represents a member of the roles at a meeting is senior (the Attendance
    `senior`: a substitute counts only when recorded senior, i.e. with delegated authority).
    Absence is attendance_rate's business, not this kind's."""
    what = body_words(params.body)
    if missing := ctx.not_supplied("attendance", f"who represented each member at the "
                                   f"{what}s"):
        return missing
    meetings = ctx.meetings(params.body)
    if not meetings:
        return Outcome("not_applicable", f"No {what} was held in {ctx.year_words()}, so there "
                       f"was no attendance to check.", (absent("Meetings", what),))
    unrecorded = [m for m in meetings if not ctx.attendance_at(m)]
    if len(unrecorded) == len(meetings):
        return Outcome("amber", sentence(f"{unrecorded_words(meetings)}, so the workbook "
                       f"cannot show who represented each member."),
                       tuple(meeting_evidence(m, "no attendance recorded") for m in meetings))
    junior: list[str] = []
    unknown: list[str] = []
    evidence: list[Evidence] = []
    short_meetings: set[str] = set()
    for meeting in meetings:
        if meeting in unrecorded:
            evidence.append(meeting_evidence(meeting, "no attendance recorded"))
            continue
        for row in ctx.attendance_at(meeting):
            member = ctx.member(row.organisation)
            if not row.represented or member is None or member.role not in params.roles:
                continue
            seniority = {True: "senior", False: "not senior", None: "seniority blank"}
            evidence.append(cite(row, f"{row.organisation}: {row.status}, "
                                      f"{seniority[row.senior]} at {meeting.meeting_id}"))
            label = f"{row.organisation} at {meeting.meeting_id} ({row.status})"
            if row.senior is False:
                junior.append(label)
                short_meetings.add(meeting.meeting_id)
            elif row.senior is None:
                unknown.append(label)
    who = join([words(r) for r in params.roles], "or")
    gap = f"; {unrecorded_words(unrecorded)}" if unrecorded else ""
    if junior:
        recorded = len(meetings) - len(unrecorded)
        status = "red" if len(short_meetings) > params.red_fraction * recorded else "amber"
        unsure = f"; seniority not recorded for {join(unknown)}" if unknown else ""
        return Outcome(status, f"Represented by someone not recorded as senior (nor a "
                       f"substitute with delegated authority): {join(junior)}{unsure}{gap}.",
                       tuple(evidence))
    if unknown:
        return Outcome("amber", f"The Attendance register does not record whether these "
                       f"attendees were senior: {join(unknown)}{gap}.", tuple(evidence))
    if unrecorded:
        return Outcome("amber", sentence(f"Every {who} attendee recorded was senior, but "
                       f"{unrecorded_words(unrecorded)}."), tuple(evidence))
    return Outcome("green", f"Every {who} at the {counted(len(meetings), what)} in "
                   f"{ctx.year_words()} was represented by a senior attendee or a substitute "
                   f"with delegated authority.", tuple(evidence))


class ChairFrom(Params):
    body: str = "board"
    office: Literal["chair", "vice_chair"] = "chair"
    roles: list[str] | None = None
    sectors: list[str] | None = None
    organisation: str | None = None
    """Words in the chair's organisation's name, compared ignoring case."""
    senior: bool = False
    """The organisation's representative on the Members sheet holds a senior position."""
    red_fraction: float = Field(default=0.5, ge=0, le=1)


def _fits(ctx: Context, params: ChairFrom, organisation: str) -> str:
    """'' when the organisation fits the checklist's chair, else what it lacks."""
    member = ctx.member(organisation)
    if member is None:
        return "is not on the Members sheet"
    lacks = []
    if params.roles is not None and member.role not in params.roles:
        lacks.append(f"is not {join([words(r) for r in params.roles], 'or')}")
    if params.sectors is not None and member.sector not in params.sectors:
        lacks.append(f"is not of the {join([words(s) for s in params.sectors], 'or')} sector")
    if params.organisation and params.organisation.casefold() not in \
            " ".join(organisation.split()).casefold():
        lacks.append(f"is not {params.organisation}")
    if params.senior and member.senior is not True:
        lacks.append("has no representative recorded as senior")
    return join(lacks)


def _wanted(params: ChairFrom) -> str:
    parts = []
    if params.senior:
        parts.append("a senior representative of")
    parts.append(params.organisation or (
        f"{'a ' + join([words(r) for r in params.roles], 'or') if params.roles else 'a member'}"
        + (f" from the {join([words(s) for s in params.sectors], 'or')} sector"
           if params.sectors else "")))
    return " ".join(parts)


@kind("chair_from", ChairFrom)
def chair_from(ctx: Context, params: ChairFrom) -> Outcome:
    """The chair (or vice-chair) recorded on each meeting of a body comes from the
    organisation, role or sector the terms of reference name."""
    what = body_words(params.body)
    office = words(params.office).replace("vice chair", "vice-chair")
    meetings = ctx.meetings(params.body)
    if not meetings:
        return Outcome("not_applicable", f"No {what} was held in {ctx.year_words()}, so no "
                       f"{office} to check.", (absent("Meetings", what),))
    wrong: list[Meeting] = []
    blank: list[Meeting] = []
    notes: list[str] = []
    evidence: list[Evidence] = []
    for meeting in meetings:
        organisation = getattr(meeting, params.office)
        if organisation is None:
            blank.append(meeting)
            evidence.append(meeting_evidence(meeting, f"{params.office} blank"))
            continue
        evidence.append(meeting_evidence(meeting, f"{params.office} {organisation}"))
        if problem := _fits(ctx, params, organisation):
            wrong.append(meeting)
            notes.append(f"{meeting.meeting_id} ({organisation}, which {problem})")
    if wrong:
        status = "red" if len(wrong) > params.red_fraction * len(meetings) else "amber"
        return Outcome(status, f"The checklist asks for the {office} to be {_wanted(params)}; "
                       f"not so at {join(notes)}.", tuple(evidence))
    if blank:
        names = join([m.meeting_id for m in blank])
        return Outcome("amber", f"The Meetings sheet does not record the {office}'s "
                       f"organisation for {names} ({params.office} column blank).",
                       tuple(evidence))
    which = (meeting_name(meetings[0]) if len(meetings) == 1
             else f"every {what} in {ctx.year_words()}")
    return Outcome("green", sentence(f"The {office} of {which} was {_wanted(params)}."),
                   tuple(evidence))
