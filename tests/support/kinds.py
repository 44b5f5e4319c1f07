"""Run one check kind over records built in Python: the fast way to pin its boundaries."""

from __future__ import annotations

from datetime import date
from typing import Any

from csp_audit.model.periods import period_containing
from csp_audit.model.records import (
    Attendance,
    Meeting,
    Member,
    Partnership,
    PartnershipRecords,
    Place,
)
from csp_audit.rules.engine import records_as_of
from csp_audit.rules.kinds import KINDS, Context, Outcome

ALL_REGISTERS = frozenset({"attendance", "agenda", "documents", "dhr", "asbcasereviews",
                           "waivers", "reports"})
RA = (("Council", "council"), ("Police", "police"), ("Fire", "fire"), ("ICB", "health"),
      ("Probation", "probation"))


def partnership(**changes: Any) -> Partnership:
    values: dict[str, Any] = {"name": "Test CSP", "code": "test", "registers": ALL_REGISTERS}
    values.update(changes)
    return Partnership(**values)


def ra_members(**changes: Any) -> tuple[Member, ...]:
    return tuple(Member(org, "responsible_authority", sector, Place("Members", 2 + i),
                        voting=True, senior=True, **changes)
                 for i, (org, sector) in enumerate(RA))


def records(**parts: Any) -> PartnershipRecords:
    parts.setdefault("partnership", partnership())
    parts.setdefault("members", ra_members())
    return PartnershipRecords(**parts)


def meeting(meeting_id: str, day: date, body: str = "board", row: int = 2,
            **changes: Any) -> Meeting:
    return Meeting(meeting_id, day, body, Place("Meetings", row), **changes)


def attended(meeting_id: str, organisations: list[str], status: str = "present",
             senior: bool | None = True) -> tuple[Attendance, ...]:
    return tuple(Attendance(meeting_id, org, status, Place("Attendance", 2 + i), senior=senior)
                 for i, org in enumerate(organisations))


def run(kind: str, params: dict[str, Any], recs: PartnershipRecords, as_of: date) -> Outcome:
    """The kind's outcome for `recs` as of `as_of`, in the April-to-March year containing it."""
    period = period_containing(as_of, recs.partnership.year_start_month,
                               recs.partnership.year_start_day)
    context = Context(records_as_of(recs, as_of), period, as_of)
    return KINDS[kind].check(context, KINDS[kind].params.model_validate(params))
