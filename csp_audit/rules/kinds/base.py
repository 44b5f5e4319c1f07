"""What every check kind shares: the context it reads, the outcome it returns, the registry.

A kind is one function `(context, params) -> Outcome`, registered under its name with a
pydantic model of its params, so a checklist naming an unknown kind or a misspelt param is
refused when it is loaded rather than skipped when it runs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from csp_audit.model.findings import SEVERITY, Deadline, Evidence, Status
from csp_audit.model.periods import Period, long_date
from csp_audit.model.records import (
    AgendaItem,
    Attendance,
    Document,
    Meeting,
    Member,
    PartnershipRecords,
    Place,
)
from csp_audit.model.wording import a_or_an, counted

APOLOGIES_ONLY = "apologies_only"
APOLOGIES_ONLY_NOTE = ("The workbook records apologies only (the Partnership sheet's "
                       "attendance_recorded), so a member with no Attendance row at a meeting "
                       "that has rows is counted as present, and one whose only rows there are "
                       "apologies or absences as not known, since another of its people may "
                       "have attended.")
"""Said in the reason of every rule that read attendance of such a workbook."""

RA_SECTORS = ("council", "police", "fire", "health", "probation")
"""The responsible authority sectors now (CDA 1998 s5(1))."""

ABOLISHED_SECTORS: dict[str, date] = {"police_authority": date(2012, 11, 22)}
"""Sectors whose bodies no longer exist, and the day they ceased. Police authorities were
abolished by the Police Reform and Social Responsibility Act 2011 s1(9) (Part 1 in force
22 November 2012, SI 2012/2892 art 2(a); the Metropolitan Police Authority earlier, on
16 January 2012); police and crime commissioners replaced them and are not responsible
authorities (rules.md: a police_authority listed as an RA after 22 November 2012 is out of
date)."""

REGISTER_SHEETS = {"attendance": "Attendance", "agenda": "Agenda", "documents": "Documents",
                   "dhr": "DHR", "asbcasereviews": "ASB case reviews", "waivers": "Waivers",
                   "actions": "Actions", "dhrrecommendations": "DHR recommendations",
                   "recommendations": "Recommendations",
                   "reports": "Reports"}
"""Optional registers: contract key -> sheet name, for "register not supplied"."""

CASE_REGISTERS = frozenset({"dhr", "asbcasereviews"})
"""Registers of cases, where a sheet with only its header row records that there were none."""

BODY_NAMES = {"board": "board", "executive": "executive", "public": "public",
              "task_group": "task group", "scrutiny": "scrutiny"}


class Params(BaseModel):
    """Base of every kind's params: unknown keys are errors (a typo must not pass silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Outcome:
    """What a kind found: a status, one sentence why, and the records behind it."""

    status: Status
    reason: str
    evidence: tuple[Evidence, ...] = ()
    public_reason: str | None = None
    """Set when `reason` names restricted records: the same finding with counts only."""
    deadlines: tuple[Deadline, ...] = ()
    """The dated deadlines judged, for the report's timeline."""


P = TypeVar("P", bound=Params)
CheckFunction = Callable[["Context", Any], Outcome]


@dataclass(frozen=True)
class Kind:
    name: str
    params: type[Params]
    check: CheckFunction


KINDS: dict[str, Kind] = {}


def kind(name: str, params: type[P]) -> Callable[[Callable[[Context, P], Outcome]],
                                                  Callable[[Context, P], Outcome]]:
    """Register a check function under `name`, with the model its params must fit."""

    def register(function: Callable[[Context, P], Outcome]) -> Callable[[Context, P], Outcome]:
        if name in KINDS:
            raise ValueError(f"check kind {name!r} registered twice")
        KINDS[name] = Kind(name, params, function)
        return function

    return register


class Context:
    """The records of one audit (already cut off at as-of), its period and its as-of day."""

    def __init__(self, records: PartnershipRecords, period: Period, as_of: date) -> None:
        self.records = records
        self.partnership = records.partnership
        self.period = period
        self.as_of = as_of
        self._attendance: dict[str, list[Attendance]] = defaultdict(list)
        for row in records.attendance:
            self._attendance[row.meeting_id].append(row)
        self.read_attendance = False
        """Set when a rule read the Attendance sheet, so its reason can say how the sheet
        records attendance (the engine resets it before each rule)."""
        self._agenda: dict[str, list[AgendaItem]] = defaultdict(list)
        for item in records.agenda:
            self._agenda[item.meeting_id].append(item)
        self._members = {m.organisation.casefold(): m for m in records.members}
        self._not_known: dict[str, dict[str, list[Attendance]]] = {}
        """Meeting id -> the bodies (casefolded) whose attendance an apologies-only sheet
        leaves unknown there, with their rows."""
        self.restricted: frozenset[str] = frozenset()
        """Ids of restricted records, filled by the engine for public reasons (frozen: the
        ids' search keys are worked out once per audit)."""
        self.restricted_places: set[tuple[str, int]] = set()
        """(sheet, row) of every row a public report must not show, filled by the engine."""
        self.worked_out: dict[object, Any] = {}
        """What several rules of this audit read alike (a register's cases in scope), kept
        by the kind that works it out: the records, period and as-of never change."""
        if self.partnership.attendance_recorded == APOLOGIES_ONLY:
            self._present_unless_apologies()

    def _present_unless_apologies(self) -> None:
        """The Attendance sheet lists apologies and absences only: at each meeting with a
        row, every sitting member with none was present (cited at the meeting's row), and a
        body whose only rows are apologies or absences is not known, since minutes that
        name the people sending apologies cannot say whether another of its people came.
        A meeting with no row at all stays unrecorded: its minutes may not have been typed."""
        for meeting in self.records.meetings:
            rows = self._attendance.get(meeting.meeting_id)
            if not rows:
                continue
            listed = {row.organisation.casefold() for row in rows}
            came = {row.organisation.casefold() for row in rows if row.represented}
            unknown: dict[str, list[Attendance]] = defaultdict(list)
            for row in rows:
                if row.organisation.casefold() not in came:
                    unknown[row.organisation.casefold()].append(row)
            self._not_known[meeting.meeting_id] = dict(unknown)
            rows.extend(Attendance(meeting.meeting_id, member.organisation, "present",
                                   meeting.place, member.senior)
                        for member in self.sitting_members(meeting.date)
                        if member.organisation.casefold() not in listed)

    @property
    def year_running(self) -> bool:
        return self.as_of < self.period.end

    def in_year(self, day: date | None) -> bool:
        """Inside the audited part of the year: from its start to as-of."""
        return day is not None and self.period.start <= day <= self.as_of

    def meetings(self, body: str | None, whole_history: bool = False) -> list[Meeting]:
        """Meetings of `body` (any body for None) in the year, or all up to as-of, by date."""
        return sorted(
            (m for m in self.records.meetings
             if (body is None or m.body == body)
             and (whole_history or self.in_year(m.date)) and m.date <= self.as_of),
            key=lambda m: (m.date, m.meeting_id),
        )

    def sitting_members(self, day: date) -> list[Member]:
        """Members on `day` whose body still existed then: a police authority left on the
        Members sheet after its abolition cannot attend, so it is no member to count."""
        return [m for m in self.records.members
                if m.member_on(day) and self.abolished_on(m, day) is None]

    def abolished_on(self, member: Member, day: date) -> date | None:
        """The day the member's sector was abolished, when that was on or before `day`."""
        ended = ABOLISHED_SECTORS.get(member.sector or "")
        return ended if ended is not None and ended <= day else None

    def attendance_at(self, meeting: Meeting) -> list[Attendance]:
        self.read_attendance = True
        return self._attendance.get(meeting.meeting_id, [])

    def not_known_at(self, meeting: Meeting) -> dict[str, list[Attendance]]:
        """The bodies (casefolded) whose attendance at `meeting` is not known, with their
        rows: under apologies_only, those recorded only as sending apologies or absent; none
        otherwise."""
        self.read_attendance = True
        return self._not_known.get(meeting.meeting_id, {})

    def agenda_at(self, meeting: Meeting) -> list[AgendaItem]:
        return self._agenda.get(meeting.meeting_id, [])

    def member(self, organisation: str) -> Member | None:
        return self._members.get(organisation.casefold())

    def documents(self, kinds: Iterable[str]) -> list[Document]:
        wanted = set(kinds)
        return [d for d in self.records.documents if d.kind in wanted]

    def has(self, register: str) -> bool:
        return self.records.has_register(register)

    def not_supplied(self, register: str, purpose: str) -> Outcome | None:
        """Amber "register not supplied" when the optional sheet was missing, else None."""
        if self.has(register):
            return None
        sheet = REGISTER_SHEETS[register]
        remedy = (f"; to record that there were no cases, add {a_or_an(sheet)} {sheet} sheet "
                  "holding only its header row" if register in CASE_REGISTERS else "")
        return Outcome("amber", f"The {sheet} register was not supplied, so the workbook "
                       f"cannot show {purpose}{remedy}.",
                       (Evidence(f"no {sheet} sheet in the workbook", sheet),))

    def due_by(self) -> str:
        """`due by 31 March 2025 (40 days left)`: the in-year "not yet" wording."""
        left = (self.period.end - self.as_of).days
        return f"due by {long_date(self.period.end)} ({counted(left, 'day')} left)"

    def year_words(self) -> str:
        """`2024-25 (up to 12 March 2025)` while running, else `2024-25`."""
        if self.year_running:
            return f"{self.period.label} up to {long_date(self.as_of)}"
        return self.period.label


def only_apologies(rows: Iterable[Attendance]) -> str:
    """`only apologies`, `only absences` or `only apologies or absences`: what an
    apologies-only sheet records for a body whose attendance is not known."""
    statuses = {row.status for row in rows}
    if statuses == {"absent"}:
        return "only absences"
    return "only apologies or absences" if "absent" in statuses else "only apologies"


def cite(record: Any, description: str) -> Evidence:
    """Evidence for one record: its sheet, row, a short description, and its restriction."""
    place: Place = record.place
    return Evidence(description, place.sheet, place.row, bool(getattr(record, "restricted",
                                                                        False)))


def absent(sheet: str, what: str) -> Evidence:
    """`Meetings: no public meeting in 2024-25 found`: the sheet is shown beside it."""
    return Evidence(f"no {what} found", sheet)


def meeting_name(meeting: Meeting) -> str:
    """`board meeting B-2024-06 (13 June 2024)`."""
    body = BODY_NAMES.get(meeting.body, meeting.body)
    return f"{body} meeting {meeting.meeting_id} ({long_date(meeting.date)})"


def meeting_evidence(meeting: Meeting, note: str = "") -> Evidence:
    text = meeting_name(meeting)
    return cite(meeting, f"{text[0].upper()}{text[1:]}{': ' + note if note else ''}")


def document_name(document: Document) -> str:
    """`partnership plan PP-2024 ("Safer Sefton 2024-27")`."""
    title = f' ("{document.title}")' if document.title else ""
    return f"{words(document.kind)} {document.document_id}{title}"


ACRONYMS = {"asb": "ASB", "dhr": "DHR", "iom": "IOM", "pcc": "PCC"}


def words(slug: str) -> str:
    """A slug in words, keeping acronyms upper case: `asb_case_review_data` -> `ASB case ...`."""
    return " ".join(ACRONYMS.get(part, part) for part in slug.split("_"))


def bodies_of(sector: str) -> str:
    """The bodies of a sector, plural: `police_authority` -> `police authorities`."""
    sector = words(sector)
    return f"{sector[:-1]}ies" if sector.endswith("y") else f"{sector}s"


def join(items: Sequence[str], conjunction: str = "and") -> str:
    """`a`, `a and b`, `a, b and c`."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def sentence(text: str) -> str:
    """Capitalise the first letter; reasons are whole sentences."""
    return text[:1].upper() + text[1:]


def worst(statuses: Iterable[Status]) -> Status:
    found: list[Status] = list(statuses)
    return max(found, key=SEVERITY.__getitem__) if found else "green"
