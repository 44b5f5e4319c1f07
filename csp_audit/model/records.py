"""Validated records: what the checks read, whether they came from a workbook or the database.

Every record keeps its source place (sheet and row) so a finding can cite it as evidence.
Values only: this module imports nothing else of ours.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from functools import cache


@dataclass(frozen=True, order=True)
class Place:
    """Where a record came from: the workbook sheet and its 1-based spreadsheet row."""

    sheet: str
    row: int

    def __str__(self) -> str:
        return f"{self.sheet} row {self.row}"


@dataclass(frozen=True)
class Partnership:
    name: str
    code: str
    nation: str = "England"
    checklist: str | None = None
    year_start_month: int = 4
    year_start_day: int = 1
    tier: str = "unitary"
    registers: frozenset[str] = frozenset()
    """Optional sheets the workbook supplied (contract keys such as `dhr`), even when empty:
    a missing register is amber, an empty one not_applicable."""
    attendance_recorded: str = "everyone"
    """`apologies_only` when the Attendance sheet lists apologies and absences only (minutes
    that name no one present): a member with no row at a meeting with rows was present."""


@dataclass(frozen=True)
class Member:
    organisation: str
    role: str | None
    sector: str | None
    place: Place
    voting: bool | None = None
    representative: str | None = None
    senior: bool | None = None
    deputy: str | None = None
    joined: date | None = None
    left: date | None = None
    isp_contact: str | None = None

    @property
    def is_responsible_authority(self) -> bool:
        return self.role == "responsible_authority"

    def member_on(self, day: date) -> bool:
        """A member on `day`: joined on or before it and not yet left."""
        return (self.joined is None or self.joined <= day) and (
            self.left is None or self.left >= day
        )


@dataclass(frozen=True)
class Meeting:
    meeting_id: str
    date: date
    body: str
    place: Place
    title: str | None = None
    quorate: bool | None = None
    papers_circulated: date | None = None
    minutes_circulated: date | None = None
    minutes_published: date | None = None
    open_to_public: bool | None = None
    chair_elected: bool | None = None
    restricted: bool = False
    group: str | None = None
    """Which sub-group met (a task group's name); None for the body as a whole."""
    chair: str | None = None
    """The chair's organisation, as named on the Members sheet."""
    vice_chair: str | None = None
    vice_chair_elected: bool | None = None
    papers_published: date | None = None


@dataclass(frozen=True)
class Attendance:
    meeting_id: str
    organisation: str
    status: str
    place: Place
    senior: bool | None = None
    """Resolved seniority: the row's own value, else the member's when present, else no
    for a substitute; None when nobody recorded it."""

    @property
    def represented(self) -> bool:
        return self.status in ("present", "substitute")


@dataclass(frozen=True)
class AgendaItem:
    meeting_id: str
    place: Place
    item: str | None = None
    topic: str | None = None
    restricted: bool = False
    decision: bool | None = None
    """Yes when the item asked for a decision, not only to note a report."""
    group: str | None = None
    """The sub-group whose report the item is."""


@dataclass(frozen=True)
class Document:
    document_id: str
    kind: str
    place: Place
    title: str | None = None
    approved: date | None = None
    reviewed: date | None = None
    published: date | None = None
    covers_from: date | None = None
    covers_to: date | None = None
    signatories: tuple[str, ...] = ()
    sent_to_pcc: date | None = None
    url: str | None = None
    restricted: bool = False
    group: str | None = None
    """The sub-group the document belongs to; None for the partnership's own."""

    @property
    def latest_approval(self) -> date | None:
        """The later of approval and review: when the partnership last agreed it."""
        dates = [d for d in (self.approved, self.reviewed) if d is not None]
        return max(dates) if dates else None


@dataclass(frozen=True)
class DhrCase:
    case_ref: str
    place: Place
    notified: date | None = None
    decision: str | None = None
    decision_date: date | None = None
    home_office_informed: date | None = None
    chair_appointed: date | None = None
    first_panel: date | None = None
    submitted: date | None = None
    qa_outcome: str | None = None
    published: date | None = None
    sent_to_dac: date | None = None
    restricted: bool = True


@dataclass(frozen=True)
class AsbReview:
    case_ref: str
    place: Place
    received: date | None = None
    threshold_met: bool | None = None
    threshold_decided: date | None = None
    review_completed: date | None = None
    outcome_notified: date | None = None
    restricted: bool = True


@dataclass(frozen=True)
class SentReport:
    """One report, set of minutes or plan sent to another body (the Reports register)."""

    date: date
    sent_to: str
    """The body it went to (the sheet's `to` column)."""
    place: Place
    what: str | None = None
    topic: str | None = None
    restricted: bool = False


@dataclass(frozen=True)
class Waiver:
    rule_id: str
    reason: str
    expires: date
    place: Place
    approved_by: str | None = None
    approved_on: date | None = None


@dataclass(frozen=True)
class Action:
    """One action carried between audits: from the Actions sheet, or a filled-in row of
    the action plan csp-audit wrote (read back by rule id)."""

    action_id: str
    action: str | None
    place: Place
    rule_id: str | None = None
    subject: str | None = None
    owner: str | None = None
    due: date | None = None
    status: str = "open"
    done: date | None = None
    notes: str | None = None
    rating: str | None = None
    """The rule's rating in the audit that raised the action (`red`, `amber`), if known."""
    restricted: bool = False

    @property
    def closed(self) -> bool:
        return self.status in ("done", "dropped")


@dataclass(frozen=True)
class DhrRecommendation:
    case_ref: str
    recommendation: str
    place: Place
    number: str | None = None
    sector: str | None = None
    due: date | None = None
    status: str = "open"
    done: date | None = None
    evidence: str | None = None
    restricted: bool = True

    @property
    def closed(self) -> bool:
        return self.status in ("done", "dropped")

    @property
    def ref(self) -> str:
        """`DHR-2024-01 recommendation 3`: names the case, so restricted with it."""
        return f"{self.case_ref} recommendation {self.number or f'at row {self.place.row}'}"


@dataclass(frozen=True)
class Recommendation:
    """A recommendation made to the partnership (PCC, scrutiny, an inspection)."""

    recommendation_id: str
    recommendation: str
    place: Place
    made_by: str | None = None
    made_on: date | None = None
    response_due: date | None = None
    responded: date | None = None
    accepted: bool | None = None
    reasons: str | None = None
    status: str = "open"
    done: date | None = None
    restricted: bool = False


@dataclass(frozen=True)
class PartnershipRecords:
    """Everything recorded for one partnership: the input of the check engine."""

    partnership: Partnership
    members: tuple[Member, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    attendance: tuple[Attendance, ...] = ()
    agenda: tuple[AgendaItem, ...] = ()
    documents: tuple[Document, ...] = ()
    dhr_cases: tuple[DhrCase, ...] = ()
    asb_reviews: tuple[AsbReview, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    actions: tuple[Action, ...] = ()
    dhr_recommendations: tuple[DhrRecommendation, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    reports: tuple[SentReport, ...] = ()
    row_counts: dict[str, int] = field(default_factory=dict)
    """Rows loaded per contract sheet name, for the import summary."""

    def has_register(self, sheet_key: str) -> bool:
        return sheet_key in self.partnership.registers


@cache
def field_names(record_class: type) -> tuple[str, ...]:
    """A record class's field names, worked out once per class: `dataclasses.fields` on
    every record was most of the time spent cutting records at as-of."""
    return tuple(f.name for f in fields(record_class))
