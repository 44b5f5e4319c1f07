"""Saved ModernGov responses -> the rows the import writes, sheet by sheet.

Each row is a dict of contract column -> value (a date, text, or True/False). Ids are the
import's own (`MG-<committee>-<meeting>`, `MG-<committee>-D<attachment>`), so a second
import of the same committee updates its rows and leaves every row a person typed alone.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from csp_audit.importers.keywords import DOCUMENT_WORDS, TOPIC_WORDS, find
from csp_audit.importers.members import RANK, MembersMap, attendance_status
from csp_audit.importers.moderngov import (
    CommitteeListing,
    LinkedDocument,
    MeetingDetail,
    SavedResponses,
)
from csp_audit.model.periods import long_date
from csp_audit.model.wording import counted

Row = dict[str, object]
PACK_WORDS = ("agenda", "reports pack", "frontsheet", "front sheet", "supplement")


@dataclass
class ImportedRows:
    committee_id: str
    committee_title: str
    meetings: list[Row] = field(default_factory=list)
    agenda: list[Row] = field(default_factory=list)
    documents: list[Row] = field(default_factory=list)
    attendance: list[Row] = field(default_factory=list)
    members: list[Row] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    """Meeting ids of the import's form for cancelled meetings: rows an earlier import
    wrote for them are taken out."""
    notes: list[str] = field(default_factory=list)


def meeting_ref(committee_id: str, meeting_id: str) -> str:
    return f"MG-{committee_id}-{meeting_id}"


def build_rows(saved: SavedResponses, listing: CommitteeListing, body: str,
               members: MembersMap | None = None,
               topics: tuple[tuple[str, str], ...] = TOPIC_WORDS) -> ImportedRows:
    """The rows for one committee's meetings, with a note for each thing left out;
    attendance only through a members map."""
    rows = ImportedRows(listing.committee_id, listing.title)
    held = []
    for listed in sorted(listing.meetings, key=lambda m: (m.date, m.meeting_id)):
        detail = saved.details.get(listed.meeting_id)
        status = detail.status if detail else listed.status
        ref = meeting_ref(listing.committee_id, listed.meeting_id)
        if "cancel" in status.casefold():
            rows.cancelled.append(ref)
            rows.notes.append(f"meeting {listed.meeting_id} on {long_date(listed.date)} was "
                              "cancelled: left out")
            continue
        if detail is None:
            rows.notes.append(f"meeting {listed.meeting_id} on {long_date(listed.date)}: no "
                              f"GetMeeting response saved, so its papers, minutes, agenda and "
                              f"attendance are not known (save GetMeeting?lMeetingId="
                              f"{listed.meeting_id})")
        held.append((ref, detail.date if detail else listed.date, detail))
    minutes = _minutes_dates(held, rows.notes)
    unmapped: Counter[str] = Counter()
    expected = 0
    organisations: dict[str, Row] = {}
    for ref, day, detail in held:
        rows.meetings.append({"meeting_id": ref, "date": day, "body": body,
                              "title": listing.title,
                              "papers_circulated": _papers(detail) if detail else None,
                              "minutes_published": minutes.get(ref)})
        if detail is None:
            continue
        for entry in detail.items:
            rows.agenda.append({"meeting_id": ref, "item": entry.title,
                                "topic": find(entry.title, topics),
                                "restricted": entry.restricted})
        _documents(rows, detail, ref)
        statuses: dict[str, tuple[str, bool | None]] = {}
        for person in detail.attendees if members else ():
            status = attendance_status(person.attendance)
            seat = members.seat(person.member_id, person.role, person.representing)
            if seat is None:
                unmapped[ref] += 1
                continue
            if status is None:
                expected += 1
                continue
            organisations.setdefault(seat.organisation.casefold(), {
                "organisation": seat.organisation, "sector": seat.sector})
            best = statuses.get(seat.organisation)
            senior = seat.senior if status in ("present", "substitute") else None
            if best is None or RANK[status] > RANK[best[0]]:
                statuses[seat.organisation] = (status, senior)
            elif status == best[0] and senior:
                statuses[seat.organisation] = (status, True)
        for organisation, (status, senior) in statuses.items():
            rows.attendance.append({"meeting_id": ref, "organisation": organisation,
                                    "status": status, "senior": senior})
    rows.members = list(organisations.values())
    if members is None and any(detail and detail.attendees for _, _, detail in held):
        rows.notes.append("no --members map given: attendance is not imported")
    if unmapped:
        attendees = sum(unmapped.values())
        rows.notes.append(f"{counted(attendees, 'attendee')} at "
                          f"{counted(len(unmapped), 'meeting')} "
                          f"{'is' if attendees == 1 else 'are'} not in the --members map: "
                          "counted and dropped (map their member id or role to an "
                          "organisation to record them)")
    if expected:
        rows.notes.append(f"{counted(expected, 'mapped attendee')} "
                          f"{'has' if expected == 1 else 'have'} no attendance recorded yet "
                          "('Expected'): not written")
    return rows


def _papers(detail: MeetingDetail) -> date | None:
    """The agenda pack's publication date; failing one named so, the day by which every
    paper the meeting had was published (so a late paper shows)."""
    papers = [doc for entry in detail.items for doc in entry.documents
              if doc.published and doc.published <= detail.date]
    packs = [doc.published for doc in papers if any(
        word in doc.title.casefold() for word in PACK_WORDS)]
    if packs:
        return min(packs)
    return max((doc.published for doc in papers if doc.published), default=None)


_MONTHS = {name[:3]: number for number, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
_LONG = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_SHORT = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")


def title_date(title: str) -> date | None:
    """A date written in a document's title ('25 Nov 2025', '25th November 2025',
    '25/11/2025'), which names the meeting minuted."""
    for match in _LONG.finditer(title):
        month = _MONTHS.get(match.group(2)[:3].casefold())
        if month:
            try:
                return date(int(match.group(3)), month, int(match.group(1)))
            except ValueError:
                continue
    for match in _SHORT.finditer(title):
        try:
            return datetime.strptime("/".join(match.groups()), "%d/%m/%Y").date()
        except ValueError:
            continue
    return None


def _is_minutes(doc: LinkedDocument) -> bool:
    return "minute" in doc.title.casefold() or "minute" in doc.owner_title.casefold()


def _minutes_dates(held: list[tuple[str, date, MeetingDetail | None]],
                   notes: list[str]) -> dict[str, date]:
    """Meeting ref -> the earliest day its minutes were published. A minutes document
    belongs to the meeting its title dates; one published after its own meeting is that
    meeting's; otherwise it is the previous meeting's, put to this one for approval."""
    by_day = {day: ref for ref, day, _ in held}
    found: dict[str, date] = {}
    for index, (ref, day, detail) in enumerate(held):
        if detail is None:
            continue
        for doc in (d for entry in detail.items for d in entry.documents if _is_minutes(d)):
            if doc.published is None:
                continue
            named = title_date(doc.title)
            if named is not None:
                target = by_day.get(named)
            elif doc.published > day:
                target = ref
            else:
                target = held[index - 1][0] if index else None
            if target is not None and (target not in found or doc.published < found[target]):
                found[target] = doc.published
    return found


def _documents(rows: ImportedRows, detail: MeetingDetail, ref: str) -> None:
    seen = {row["document_id"] for row in rows.documents}
    for entry in detail.items:
        for doc in entry.documents:
            if doc.published is None:
                rows.notes.append(f"document {doc.title!r} (attachment {doc.attachment_id}) "
                                  f"of {ref} has no publication date: it dates nothing")
            kind = find(doc.title, DOCUMENT_WORDS)
            document_id = f"{ref.rsplit('-', 1)[0]}-D{doc.attachment_id}"
            if kind is None or document_id in seen:
                continue
            seen.add(document_id)
            rows.documents.append({"document_id": document_id, "kind": kind,
                                   "title": doc.title, "published": doc.published,
                                   "url": doc.url or None,
                                   "restricted": doc.restricted or entry.restricted})
