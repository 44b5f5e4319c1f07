"""The quorum kind: each meeting quorate by the terms of reference's rule, counted from the
Attendance register, and as the minutes say."""

from __future__ import annotations

import math

from pydantic import Field, model_validator

from csp_audit.model.findings import Evidence
from csp_audit.model.records import Attendance, Meeting
from csp_audit.model.wording import counted
from csp_audit.rules.kinds.agenda import decision_meetings, no_decisions_recorded
from csp_audit.rules.kinds.attendance import not_counted, represented, unrecorded_words
from csp_audit.rules.kinds.base import (
    Context,
    Outcome,
    Params,
    absent,
    join,
    kind,
    meeting_evidence,
    meeting_name,
    only_apologies,
    sentence,
)
from csp_audit.rules.kinds.meetings import body_words


class Quorum(Params):
    body: str = "board"
    responsible_authorities: int | None = Field(default=None, ge=1)
    statutory_partners: int | None = Field(default=None, ge=1)
    fraction: float | None = Field(default=None, gt=0, le=1)
    plus: int = Field(default=0, ge=0)
    roles: list[str] | None = None
    """For `fraction`: the member roles that make up the membership (default: every role
    but officer and invitee)."""
    decisions_only: bool = False
    """Only meetings with an Agenda item marked `decision` yes: a quorum "for decision
    making"."""

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


def _quorum_count(ctx: Context, params: Quorum, meeting: Meeting
                  ) -> tuple[int, list[list[Attendance]], int, str]:
    """(represented, the rows of each member not known, needed, what is counted) for one
    meeting: not known are the members an apologies-only sheet records only apologies or
    absences for."""
    present = represented(ctx, meeting)
    not_known = ctx.not_known_at(meeting)
    members = ctx.sitting_members(meeting.date)
    if params.responsible_authorities is not None:
        pool = [m for m in members if m.is_responsible_authority]
        needed, who = params.responsible_authorities, "responsible authorities"
    elif params.statutory_partners is not None:
        pool = [m for m in members if m.is_responsible_authority and m.voting is not False]
        needed, who = params.statutory_partners, "statutory partners"
    else:
        assert params.fraction is not None
        pool = [m for m in members if (m.role in params.roles if params.roles is not None
                                       else m.role not in NOT_MEMBERS)]
        needed = math.ceil(len(pool) * params.fraction + params.plus - 1e-9)
        who = f"members (of {len(pool)})"
    return (sum(m.organisation.casefold() in present for m in pool),
            [not_known[m.organisation.casefold()] for m in pool
             if m.organisation.casefold() in not_known], needed, who)


@kind("quorum", Quorum)
def quorum(ctx: Context, params: Quorum) -> Outcome:
    """Each meeting of the year quorate by the checklist's rule, and as the minutes say."""
    what = body_words(params.body)
    if missing := ctx.not_supplied("attendance", f"whether the {what}s were quorate"):
        return missing
    meetings = ctx.meetings(params.body)
    if not meetings:
        return Outcome("not_applicable", f"No {what} is recorded in {ctx.year_words()}, so there "
                       f"was no quorum to check.", (absent("Meetings", what),))
    if params.decisions_only:
        if missing := ctx.not_supplied("agenda", f"which {what}s took decisions"):
            return missing
        decided = decision_meetings(ctx, meetings)
        if decided is None:
            return no_decisions_recorded(ctx, what, "which meetings needed a quorum")
        if not decided:
            return Outcome("not_applicable", f"No {what} in {ctx.year_words()} had an item "
                           f"marked as a decision, so none needed a quorum for decisions.",
                           tuple(meeting_evidence(m, "no decision item") for m in meetings))
        meetings = decided
    return not_counted(ctx, None, meetings, _quorate(ctx, params, meetings))


def _quorate(ctx: Context, params: Quorum, meetings: list[Meeting]) -> Outcome:
    what = body_words(params.body)
    inquorate: list[str] = []
    doubtful: list[str] = []
    by_minutes: list[Meeting] = []
    """Quorate as their minutes record, where only apologies leave the count short."""
    evidence: list[Evidence] = []
    unrecorded = [m for m in meetings if not ctx.attendance_at(m)]
    for meeting in meetings:
        if meeting in unrecorded:
            evidence.append(meeting_evidence(meeting, "no attendance recorded"))
            continue
        came, apologised, needed, who = _quorum_count(ctx, params, meeting)
        maybe = len(apologised)
        more = (f"{maybe} more with {only_apologies(r for rows in apologised for r in rows)} "
                f"recorded") if maybe else ""
        evidence.append(meeting_evidence(meeting, f"{came} {who} represented"
                                                  f"{', ' + more if more else ''}, "
                                                  f"{needed} needed"))
        computed = came >= needed
        if not computed and came + maybe >= needed:
            counts = f"{came} {who} represented and {more}, {needed} needed"
            if meeting.quorate is None:
                doubtful.append(f"{meeting_name(meeting)} had {counts}, so whether it was "
                                f"quorate is not known")
            elif meeting.quorate:
                by_minutes.append(meeting)
            else:
                inquorate.append(f"the minutes of {meeting_name(meeting)} record it as "
                                 f"inquorate ({counts})")
        elif not computed:
            recorded = " (the minutes say quorate)" if meeting.quorate else ""
            also = f" (and {more})" if more else ""
            inquorate.append(f"{meeting_name(meeting)} had {came} {who} represented{also}, "
                             f"{needed} needed{recorded}")
        elif meeting.quorate is False:
            doubtful.append(f"the minutes of {meeting_name(meeting)} record it as inquorate, "
                            f"but {came} {who} were represented ({needed} needed)")
    if unrecorded:
        doubtful.append(f"{unrecorded_words(unrecorded)}, so "
                        f"{'its quorum' if len(unrecorded) == 1 else 'their quorum'} cannot "
                        f"be checked")
    if inquorate:
        return Outcome("red", sentence(f"{'; '.join(inquorate)}, so "
                       f"{'it was' if len(inquorate) == 1 else 'they were'} inquorate"
                       f"{''.join('; ' + d for d in doubtful)}."), tuple(evidence))
    if doubtful:
        return Outcome("amber", sentence(f"{'; '.join(doubtful)}."), tuple(evidence))
    minutes = (f" ({join([m.meeting_id for m in by_minutes])} as "
               f"{'its minutes record' if len(by_minutes) == 1 else 'their minutes record'}, "
               f"where the Attendance sheet records only apologies or absences for enough "
               f"members to leave the count short)") if by_minutes else ""
    return Outcome("green", f"All {counted(len(meetings), what)} in {ctx.year_words()} were "
                   f"quorate{minutes}.", tuple(evidence))
