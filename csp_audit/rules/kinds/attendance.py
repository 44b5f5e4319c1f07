"""Check kinds that read the Attendance register: who came and how often (quorum is in
kinds/quorum.py, absences in a row in kinds/absences.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from pydantic import Field

from csp_audit.model.findings import Evidence
from csp_audit.model.periods import long_date
from csp_audit.model.records import Attendance, Meeting, Member
from csp_audit.model.wording import counted
from csp_audit.rules.kinds.authorities import COUNTY_LAW, COUNTY_MISSING, authorities_on
from csp_audit.rules.kinds.base import (
    RA_SECTORS,
    Context,
    Outcome,
    Params,
    absent,
    bodies_of,
    cite,
    join,
    kind,
    meeting_evidence,
    meeting_name,
    only_apologies,
    sentence,
    words,
)
from csp_audit.rules.kinds.meetings import body_words


def _sector_of(ctx: Context, row: Attendance) -> str | None:
    """The sector of a responsible authority attending; None for anyone else."""
    member = ctx.member(row.organisation)
    return member.sector if member is not None and member.is_responsible_authority else None


class PublicMeetingAttendance(Params):
    body: str = "public"
    sectors: list[str] = Field(default_factory=lambda: list(RA_SECTORS))
    senior: bool = True
    each_authority: bool = False
    """Count responsible authority organisations, not only sectors: the law says "each of
    the responsible authorities", so a second fire or health body must come too."""
    district_county: bool = False
    """In a district, the county council must come besides the district council."""


@kind("public_meeting_attendance", PublicMeetingAttendance)
def public_meeting_attendance(ctx: Context, params: PublicMeetingAttendance) -> Outcome:
    """A meeting in the year attended (by a senior person, when asked) from every RA sector,
    and, when asked, by every RA organisation and a district's county council."""
    meetings = _open_meetings(ctx, params.body)
    what = body_words(params.body)
    if not meetings:
        evidence = (absent("Meetings", f"{what} in {ctx.period.label}"),)
        if ctx.year_running:
            return Outcome("amber", f"No {what} is recorded in the Meetings sheet for "
                           f"{ctx.period.label} yet; one is {ctx.due_by()}.", evidence)
        return Outcome("red", f"No {what} is recorded in the Meetings sheet for "
                       f"{ctx.period.label}.", evidence)
    if missing := ctx.not_supplied("attendance", f"who attended the {what}s"):
        return missing
    who = "a senior attendee" if params.senior else "an attendee"
    every = ("every responsible authority" if params.each_authority
             else "every responsible authority sector")
    no_register = [m for m in meetings if not ctx.attendance_at(m)]
    if len(no_register) == len(meetings):
        return Outcome("amber", sentence(f"{unrecorded_words(meetings)}, so the workbook "
                       f"cannot show {who} from {every}."),
                       unrecorded_evidence(meetings))
    best: tuple[int, Meeting, Lacking] | None = None
    for meeting in meetings:
        if meeting in no_register:
            continue
        lacking = _lacking_at(ctx, params, meeting)
        if best is None or len(lacking.gaps) < best[0]:
            best = (len(lacking.gaps), meeting, lacking)
    assert best is not None
    _, meeting, found = best
    lacking, unknown, apologised, county = (found.gaps, found.seniority_unknown,
                                            found.apologised, found.county_missing)
    evidence = (meeting_evidence(meeting),) + tuple(
        cite(row, f"{row.organisation}: {row.status}"
                  f"{', senior' if row.senior else ''} at {meeting.meeting_id}")
        for row in ctx.attendance_at(meeting) if row.represented)
    if not lacking and not county:
        return Outcome("green", sentence(f"{_open_name(meeting, params.body)} had {who} from "
                       f"{every}."), evidence)
    def named(gap: str) -> str:
        return words(gap) if gap in params.sectors else gap

    known = [named(s) for s in lacking if s not in unknown and s not in apologised] + (
        [COUNTY_MISSING] if county else [])
    parts = []
    if known:
        parts.append(f"had no {who.split(' ', 1)[1]} from {join(known)}")
    if unknown:
        parts.append(f"did not record whether the {join([named(u) for u in unknown])} attendee"
                     f"{'s were' if len(unknown) > 1 else ' was'} senior")
    if apologised:
        parts.append(f"has {only_apologies(found.apologies)} recorded for "
                     f"{join([named(a) for a in apologised])}")
    if county:
        parts[0] += (f" (the Members sheet names no county council among the responsible "
                     f"authorities, and {COUNTY_LAW})")
        evidence += (absent("Members", "county council (responsible authority)"),)
    gap = f"; {unrecorded_words(no_register)}" if no_register else ""
    return Outcome("amber", sentence(f"{_open_name(meeting, params.body)} {join(parts)}{gap}."),
                   evidence + unrecorded_evidence(no_register))


def _open_meetings(ctx: Context, body: str) -> list[Meeting]:
    """The meetings of `body`; for public meetings, also any other meeting the Meetings sheet
    records as open to the public (a board meeting the public may attend is a public
    meeting in the regulation's sense)."""
    if body != "public":
        return ctx.meetings(body)
    return sorted((m for m in ctx.meetings(None) if m.body == body or m.open_to_public),
                  key=lambda m: (m.date, m.meeting_id))


def _open_name(meeting: Meeting, body: str) -> str:
    """`board meeting B3 (5 June 2024), recorded as open to the public,` when a meeting of
    another body stands as the public meeting."""
    name = meeting_name(meeting)
    if body == "public" and meeting.body != body:
        return f"{name}, recorded as open to the public,"
    return name


@dataclass(frozen=True)
class Lacking:
    """Who was missing from one meeting, and what the workbook records of them."""

    gaps: list[str]
    """Sectors, organisations and the county council not (senior-)represented."""
    seniority_unknown: list[str]
    """Of those, who came with their seniority unrecorded."""
    apologised: list[str]
    """Of the rest, those an apologies-only sheet records only apologies or absences for:
    whether they came is not known."""
    apologies: tuple[Attendance, ...]
    county_missing: bool
    """The Members sheet names no county council in a district."""


def _lacking_at(ctx: Context, params: PublicMeetingAttendance, meeting: Meeting) -> Lacking:
    """Who was missing from one meeting (sectors, organisations, the county council), who
    of those came with their seniority unrecorded or have only apologies recorded, and
    whether the county council is missing from the Members sheet altogether."""
    senior: set[str] = set()
    came: set[str] = set()
    unrecorded: set[str] = set()
    for row in ctx.attendance_at(meeting):
        sector = _sector_of(ctx, row)
        if not row.represented or sector is None:
            continue
        if not params.senior or row.senior:
            senior.add(sector)
            came.add(row.organisation.casefold())
        elif row.senior is None:
            unrecorded.update((sector, row.organisation.casefold()))
    not_known = {org: rows for org, rows in ctx.not_known_at(meeting).items()
                 if _sector_of(ctx, rows[0]) is not None}
    maybe_sectors = {_sector_of(ctx, rows[0]) for rows in not_known.values()}
    county_missing = False
    if not (params.each_authority or params.district_county):
        lacking = [s for s in params.sectors if s not in senior]
    else:
        authorities = authorities_on(ctx, meeting.date, params.sectors,
                                     params.district_county)
        lacking = authorities.gaps(came, senior, True)
        county_missing = authorities.county_missing
        if county_missing:
            lacking.remove(COUNTY_MISSING)
    unknown = [s for s in lacking if s.casefold() in unrecorded]
    apologised = [s for s in lacking if s not in unknown
                  and (s in maybe_sectors if s in params.sectors else s.casefold() in not_known)]
    apologies = tuple(row for org, rows in not_known.items() for row in rows
                      if org in {a.casefold() for a in apologised}
                      or _sector_of(ctx, row) in apologised)
    return Lacking(lacking, unknown, apologised, apologies, county_missing)


class AttendanceRate(Params):
    body: str = "board"
    role: str = "responsible_authority"
    min_fraction: float = Field(default=0.5, gt=0, le=1)


def unrecorded_words(meetings: list[Meeting]) -> str:
    """`no attendance was recorded for board meeting B3 (5 June 2024)`."""
    return f"no attendance was recorded for {join([meeting_name(m) for m in meetings])}"


def unrecorded_evidence(meetings: list[Meeting]) -> tuple[Evidence, ...]:
    return tuple(meeting_evidence(m, "no attendance recorded") for m in meetings)


def eligible(ctx: Context, role: str | None, meeting: Meeting) -> list[Member]:
    """The members (of `role`, when given) to count at a meeting."""
    return [m for m in ctx.sitting_members(meeting.date) if role is None or m.role == role]


def not_counted(ctx: Context, role: str | None, meetings: list[Meeting],
                outcome: Outcome) -> Outcome:
    """The outcome saying which listed members were left out of at least one meeting because
    their body had been abolished by its date (a police authority from 22 November 2012):
    named in the reason and cited, never dropped silently. The note names the day they
    stopped being counted, so it stays true of a year spanning the abolition, when the
    member still counts at the meetings before it."""
    left_out: list[tuple[Member, str]] = []
    for member in ctx.records.members:
        if role is not None and member.role != role:
            continue
        ended = next((day for m in meetings if member.member_on(m.date)
                      and (day := ctx.abolished_on(member, m.date))), None)
        if ended is not None:
            left_out.append((member, _abolition_words(member, ended)))
    if not left_out:
        return outcome
    by_reason: dict[str, list[str]] = {}
    for member, why in left_out:
        by_reason.setdefault(why, []).append(member.organisation)
    note = "; ".join(f"{join(orgs)} not counted {why}" for why, orgs in by_reason.items())
    evidence = tuple(cite(m, f"{m.organisation}: not counted {why}") for m, why in left_out)
    return replace(outcome, reason=f"{outcome.reason.removesuffix('.')} ({note}).",
                   evidence=outcome.evidence + evidence)


def _abolition_words(member: Member, ended: date) -> str:
    """`at meetings from 22 November 2012, when police authorities were abolished`."""
    return (f"at meetings from {long_date(ended)}, when {bodies_of(member.sector or '')} were "
            f"abolished")


def represented(ctx: Context, meeting: Meeting) -> set[str]:
    return {row.organisation.casefold() for row in ctx.attendance_at(meeting) if row.represented}


def _no_meetings(ctx: Context, body: str) -> Outcome:
    what = body_words(body)
    return Outcome("not_applicable", f"No {what} is recorded in {ctx.year_words()}, so there was "
                   f"no attendance to measure.",
                   (absent("Meetings", f"{what} in {ctx.period.label}"),))


def _none_recorded(ctx: Context, body: str, meetings: list[Meeting]) -> Outcome:
    """Meetings were held but not one has a register: nothing shows who came."""
    return Outcome("amber", sentence(f"{unrecorded_words(meetings)}, so the workbook cannot "
                   f"show who attended the {body_words(body)}s in {ctx.year_words()}."),
                   unrecorded_evidence(meetings))


def recorded_meetings(ctx: Context, body: str) -> list[Meeting] | Outcome:
    """The year's meetings of `body` when at least one has attendance recorded; otherwise
    the outcome that says why attendance cannot be judged (no register, no meetings, or no
    attendance recorded at any of them)."""
    if missing := ctx.not_supplied("attendance", f"who attended the {body_words(body)}s"):
        return missing
    meetings = ctx.meetings(body)
    if not meetings:
        return _no_meetings(ctx, body)
    if all(not ctx.attendance_at(m) for m in meetings):
        return _none_recorded(ctx, body, meetings)
    return meetings


@kind("attendance_rate", AttendanceRate)
def attendance_rate(ctx: Context, params: AttendanceRate) -> Outcome:
    """Each organisation of a role represented at enough of the year's meetings. A meeting
    with no attendance recorded counts as missed, but only as "may have": amber, never red."""
    meetings = recorded_meetings(ctx, params.body)
    if isinstance(meetings, Outcome):
        return meetings
    return not_counted(ctx, params.role, meetings, _rate(ctx, params, meetings))


def _rate(ctx: Context, params: AttendanceRate, meetings: list[Meeting]) -> Outcome:
    what = body_words(params.body)
    unrecorded = [m for m in meetings if not ctx.attendance_at(m)]
    tally: dict[str, list[int]] = {}
    """Organisation -> [represented, meetings, unrecorded, not known (apologies only)]."""
    members: dict[str, Member] = {}
    apologised: dict[str, list[Attendance]] = {}
    for meeting in meetings:
        present = None if meeting in unrecorded else represented(ctx, meeting)
        not_known = ctx.not_known_at(meeting)
        for member in eligible(ctx, params.role, meeting):
            counts = tally.setdefault(member.organisation, [0, 0, 0, 0])
            members[member.organisation] = member
            counts[1] += 1
            if present is None:
                counts[2] += 1
            elif rows := not_known.get(member.organisation.casefold()):
                counts[3] += 1
                apologised.setdefault(member.organisation, []).extend(rows)
            else:
                counts[0] += member.organisation.casefold() in present
    evidence: tuple[Evidence, ...] = tuple(
        cite(members[org], f"{org}: represented at {came} of {held}"
                           f"{f' ({unknown} with no attendance recorded)' if unknown else ''}"
                           f"{_apologised_words(apologised.get(org, []), maybe, ' (', ')')}")
        for org, (came, held, unknown, maybe) in tally.items())
    evidence += unrecorded_evidence(unrecorded)
    short = sorted(((came, held, unknown + maybe, org)
                    for org, (came, held, unknown, maybe) in tally.items()
                    if came < params.min_fraction * held), key=lambda t: (t[0] / t[1], t[3]))
    proven = [t for t in short if t[0] + t[2] < params.min_fraction * t[1]]
    maybe = [t for t in short if t not in proven]
    role = params.role.replace("_", " ")
    year = ctx.year_words()
    if not short:
        counting = (f", counting {join([m.meeting_id for m in unrecorded])} (no attendance "
                    f"recorded) as missed") if unrecorded else ""
        return Outcome("green", f"Every {role} is recorded as represented at "
                       f"{params.min_fraction:.0%} or "
                       f"more of the {counted(len(meetings), what)} in {year}{counting}.",
                       evidence)

    def listed(rows: list[tuple[int, int, int, str]]) -> str:
        def counts(came: int, held: int, org: str) -> str:
            unknown, not_known = tally[org][2:]
            blank = f", {unknown} unrecorded" if unknown else ""
            return (f"{came} of {held}{blank}"
                    f"{_apologised_words(apologised.get(org, []), not_known, '; ')}")
        return join([f"{org} ({counts(came, held, org)})" for came, held, _, org in rows])

    parts = []
    if proven:
        parts.append(f"{listed(proven)} {'is' if len(proven) == 1 else 'are'} recorded as "
                     f"represented at fewer than {params.min_fraction:.0%} of {what}s in {year}")
    if maybe:
        parts.append(f"{listed(maybe)} may have been represented at fewer than "
                     f"{params.min_fraction:.0%} of {what}s in {year}")
    if unrecorded:
        parts.append(unrecorded_words(unrecorded))
    never = any(came == 0 and unknown == 0 for came, _, unknown, _ in proven)
    return Outcome("red" if never else "amber", sentence(f"{'; '.join(parts)}."), evidence)


def _apologised_words(rows: list[Attendance], meetings: int, before: str = "",
                      after: str = "") -> str:
    """`; at 1 meeting only apologies are recorded for it`: why a body's attendance at some
    meetings of an apologies-only sheet is not known ('' when at none)."""
    if not meetings:
        return ""
    return (f"{before}at {counted(meetings, 'meeting')} {only_apologies(rows)} are recorded "
            f"for it{after}")
