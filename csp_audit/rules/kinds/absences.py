"""The consecutive_absence kind: no organisation unrepresented at too many meetings in a
row, counted from the Attendance register (a meeting with no attendance recorded, or where
an apologies-only sheet leaves a body not known, may have been missed)."""

from __future__ import annotations

from pydantic import Field

from csp_audit.model.findings import Evidence
from csp_audit.model.records import Attendance, Meeting
from csp_audit.model.wording import counted
from csp_audit.rules.kinds.attendance import (
    eligible,
    not_counted,
    recorded_meetings,
    represented,
    unrecorded_evidence,
    unrecorded_words,
)
from csp_audit.rules.kinds.base import (
    Context,
    Outcome,
    Params,
    join,
    kind,
    meeting_evidence,
    meeting_name,
    only_apologies,
)
from csp_audit.rules.kinds.meetings import body_words


class ConsecutiveAbsence(Params):
    body: str = "board"
    role: str = "responsible_authority"
    max: int = Field(default=3, ge=2)


def _absence_runs(ctx: Context, role: str, meetings: list[Meeting], unrecorded: list[Meeting],
                  ) -> tuple[dict[str, list[Meeting]], dict[str, list[Meeting]]]:
    """The longest run of meetings each organisation missed, per organisation: proven (only
    meetings whose register shows it absent) and possible (meetings without a register, and
    those where an apologies-only sheet leaves its attendance not known, counted as missed
    too)."""
    proven: dict[str, list[Meeting]] = {}
    possible: dict[str, list[Meeting]] = {}
    runs: dict[str, tuple[list[Meeting], list[Meeting]]] = {}
    for meeting in meetings:
        present = None if meeting in unrecorded else represented(ctx, meeting)
        not_known = ctx.not_known_at(meeting)
        for member in eligible(ctx, role, meeting):
            org = member.organisation
            sure, maybe = runs.setdefault(org, ([], []))
            if present is not None and org.casefold() in present:
                sure.clear()
                maybe.clear()
                continue
            maybe.append(meeting)
            if present is None or org.casefold() in not_known:
                sure.clear()
            else:
                sure.append(meeting)
            for run, longest in ((sure, proven), (maybe, possible)):
                if len(run) > len(longest.get(org, [])):
                    longest[org] = list(run)
    return proven, possible


def _longest(runs: dict[str, list[Meeting]]) -> tuple[str, list[Meeting]]:
    return max(runs.items(), key=lambda item: (len(item[1]), item[0]), default=("", []))


@kind("consecutive_absence", ConsecutiveAbsence)
def consecutive_absence(ctx: Context, params: ConsecutiveAbsence) -> Outcome:
    """No organisation of a role unrepresented at `max` meetings in a row. A meeting with no
    attendance recorded may have been missed: a run it completes is amber, never red."""
    meetings = recorded_meetings(ctx, params.body)
    if isinstance(meetings, Outcome):
        return meetings
    return not_counted(ctx, params.role, meetings, _absences(ctx, params, meetings))


def _absences(ctx: Context, params: ConsecutiveAbsence, meetings: list[Meeting]) -> Outcome:
    what = body_words(params.body)
    unrecorded = [m for m in meetings if not ctx.attendance_at(m)]
    proven, possible = _absence_runs(ctx, params.role, meetings, unrecorded)
    org, run = _longest(proven)
    maybe_org, maybe_run = _longest(possible)
    gap = f"; {unrecorded_words(unrecorded)}" if unrecorded else ""
    notes = unrecorded_evidence(unrecorded)
    too_many = f"the checklist counts {params.max} in a row as too many"
    one_more = f"one more would make {params.max} in a row, which the checklist counts as too many"
    if len(run) >= params.max:
        return Outcome("red", f"{org} was not represented at {_run_words(run, what)}; "
                       f"{too_many}{gap}.", _run_evidence(org, run) + notes)
    if len(maybe_run) >= max(len(run) + 1, params.max - 1):
        blanks = [m for m in maybe_run if m in unrecorded]
        apologised = {m.meeting_id: rows for m in maybe_run
                      if (rows := ctx.not_known_at(m).get(maybe_org.casefold()))}
        by_words: dict[str, list[str]] = {}
        for meeting_id, rows in apologised.items():
            by_words.setdefault(only_apologies(rows), []).append(meeting_id)
        why = ([unrecorded_words(blanks)] if blanks else []) + [
            f"{recorded} are recorded for it at {join(ids)}" for recorded, ids in by_words.items()]
        limit = too_many if len(maybe_run) >= params.max else one_more
        return Outcome("amber", f"{maybe_org} may not have been represented at "
                       f"{_run_words(maybe_run, what)}, as {join(why)}; {limit}.",
                       tuple(dict.fromkeys(_run_evidence(maybe_org, maybe_run, unrecorded,
                                                         apologised)
                                           + notes)))
    if len(run) == params.max - 1:
        return Outcome("amber", f"{org} was not represented at {_run_words(run, what)}; "
                       f"{one_more}{gap}.", _run_evidence(org, run) + notes)
    role = params.role.replace("_", " ")
    if not run:
        return Outcome("green", f"Every {role} was represented at every {what} with "
                       f"recorded attendance in {ctx.year_words()}{gap}.",
                       tuple(meeting_evidence(m) for m in meetings if m not in unrecorded)
                       + notes)
    return Outcome("green", f"No {role} missed more than {counted(len(run), what)} in a row in "
                   f"{ctx.year_words()}{gap}.", _run_evidence(org, run) + notes)


def _run_words(run: list[Meeting], what: str) -> str:
    """`3 consecutive board meetings (B1, B2 and B3)`, or one meeting by name."""
    if len(run) == 1:
        return meeting_name(run[0])
    return f"{len(run)} consecutive {what}s ({join([m.meeting_id for m in run])})"


def _run_evidence(org: str, run: list[Meeting], unrecorded: list[Meeting] | None = None,
                  apologised: dict[str, list[Attendance]] | None = None,
                  ) -> tuple[Evidence, ...]:
    def note(meeting: Meeting) -> str:
        if meeting in (unrecorded or []):
            return "no attendance recorded"
        if rows := (apologised or {}).get(meeting.meeting_id):
            return f"{only_apologies(rows)} recorded for {org}"
        return f"{org} not represented"

    return tuple(meeting_evidence(m, note(m)) for m in run)
