"""ModernGov's web service responses, saved as XML, read into plain values.

The service (`mgWebService.asmx`, public, no login) answers GetCommittees, GetMeetings and
GetMeeting. What public code shows it does, and this module copes with: dates as dd/mm/yyyy,
counts with leading spaces, entities encoded twice in titles, agenda and minutes HTML
embedded as escaped text, and, when a browser saved a POSTed call, a SOAP envelope around
the answer. Attendees' names are never read: only a member id, a role and the attendance.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from csp_audit.model.errors import InputError, Problem

MAX_RESPONSE_BYTES = 50 * 1024 * 1024
"""A saved response larger than this is not one the service sent: refused unread."""


@dataclass(frozen=True)
class LinkedDocument:
    attachment_id: str
    title: str
    owner_title: str
    published: date | None
    restricted: bool
    url: str


@dataclass(frozen=True)
class AgendaEntry:
    item_id: str
    title: str
    restricted: bool
    documents: tuple[LinkedDocument, ...]


@dataclass(frozen=True)
class Attendee:
    """Who sat at a meeting, as far as csp-audit may know: never a name."""

    member_id: str
    role: str
    representing: str
    attendance: str


@dataclass(frozen=True)
class MeetingDetail:
    """A GetMeeting response."""

    meeting_id: str
    date: date
    status: str
    items: tuple[AgendaEntry, ...]
    attendees: tuple[Attendee, ...]
    file: Path


@dataclass(frozen=True)
class ListedMeeting:
    meeting_id: str
    date: date
    status: str


@dataclass(frozen=True)
class CommitteeListing:
    """One committee of a GetMeetings response, with its meetings."""

    committee_id: str
    title: str
    meetings: tuple[ListedMeeting, ...]
    file: Path


@dataclass
class SavedResponses:
    """Everything read from a folder of saved responses."""

    committees: dict[str, str]
    listings: list[CommitteeListing]
    details: dict[str, MeetingDetail]


def read_folder(folder: Path) -> SavedResponses:
    """Read every `.xml` file in `folder`; the first that is not a response refuses all."""
    files = sorted(path for path in folder.iterdir() if path.suffix.lower() == ".xml")
    if not files:
        raise _refuse(folder, "holds no saved ModernGov responses (.xml files); save "
                      "GetMeetings and GetMeeting answers there first (docs/import.md)")
    saved = SavedResponses({}, [], {})
    for path in files:
        root = _answer(parse_response(path))
        kind = _local(root.tag)
        if kind == "committees":
            for committee in _children(root, "committee"):
                saved.committees[_text(committee, "committeeid")] = _text(
                    committee, "committeetitle")
        elif kind == "getmeetings":
            saved.listings.extend(_listings(root, path))
        elif kind == "meeting":
            detail = _detail(root, path)
            saved.details[detail.meeting_id] = detail
        else:
            raise _refuse(path, f"is not a GetCommittees, GetMeetings or GetMeeting "
                          f"response (its outer element is <{kind}>)")
    return saved


def parse_response(path: Path) -> Element:
    """The file's XML root, or one clear refusal: defusedxml refuses entity expansion,
    external entities and DTDs, so a hostile file cannot reach the disk or the network."""
    try:
        if path.stat().st_size > MAX_RESPONSE_BYTES:
            raise _refuse(path, f"is larger than {MAX_RESPONSE_BYTES // 2**20} MB, too "
                          "large for a saved ModernGov response")
        data = path.read_bytes()
    except OSError as error:
        raise _refuse(path, f"cannot be read: {error.strerror or error}") from None
    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise _refuse(path, f"refused: it declares a DTD or entities ({type(error).__name__}),"
                      " which a ModernGov response never does") from None
    except ParseError as error:
        raise _refuse(path, f"is not well-formed XML ({error}); save the response again "
                      "from the browser") from None


def _answer(root: Element) -> Element:
    """The response inside a SOAP envelope (a saved POST), or the root itself."""
    if _local(root.tag) != "Envelope":
        return root
    for element in root.iter():
        if _local(element.tag) in ("committees", "getmeetings", "meeting"):
            return element
    return root


def _listings(root: Element, path: Path) -> Iterable[CommitteeListing]:
    for committee in _children(root, "committee"):
        meetings = []
        for holder in _children(committee, "committeemeetings"):
            for meeting in _children(holder, "meeting"):
                meetings.append(ListedMeeting(_id(meeting, "meetingid", path),
                                              _date(meeting, "meetingdate", path),
                                              _text(meeting, "meetingstatus")))
        yield CommitteeListing(_id(committee, "committeeid", path),
                               _text(committee, "committeetitle"), tuple(meetings), path)


def _detail(root: Element, path: Path) -> MeetingDetail:
    items = []
    for holder in _children(root, "agendaitems"):
        for item in _children(holder, "agendaitem"):
            documents = tuple(
                LinkedDocument(_text(doc, "attachmentid"), _text(doc, "title"),
                               _text(doc, "ownertitle"),
                               _date(doc, "publicationdate", path, required=False),
                               _flag(doc, "isrestricted"), _text(doc, "url"))
                for documents in _children(item, "linkeddocuments")
                for doc in _children(documents, "linkeddoc"))
            items.append(AgendaEntry(_text(item, "agendaitemid"),
                                     _text(item, "agendaitemtitle"),
                                     _flag(item, "isrestricted"), documents))
    attendees = tuple(
        Attendee(_clean(person.get("memberid", "")), _clean(person.get("roledescription", "")),
                 _clean(person.get("representing", "")), _clean(person.get("attendance", "")))
        for holder in _children(root, "attendees")
        for person in _children(holder, "attendee"))
    return MeetingDetail(_id(root, "meetingid", path), _date(root, "meetingdate", path),
                         _text(root, "meetingstatus"), tuple(items), attendees, path)


_TAG = re.compile(r"<[^>]*>")


def _clean(text: str) -> str:
    """Plain text: entities a council encoded twice decoded, tags dropped, spaces closed."""
    for _ in range(2):
        text = html.unescape(text)
    return " ".join(_TAG.sub(" ", text).split())


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: Element, name: str) -> str:
    found = _children(element, name)
    return _clean(found[0].text or "") if found else ""


def _flag(element: Element, name: str) -> bool:
    return _text(element, name).casefold() == "true"


def _id(element: Element, name: str, path: Path) -> str:
    value = _text(element, name)
    if not value.isdigit():
        raise _refuse(path, f"<{name}> is {value!r}, not a number as the service sends")
    return value


def _date(element: Element, name: str, path: Path, required: bool = True) -> date | None:
    value = _text(element, name)
    if not value and not required:
        return None
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        raise _refuse(path, f"<{name}> is {value!r}, not a date written dd/mm/yyyy as the "
                      "service sends") from None


def _refuse(path: Path, message: str) -> InputError:
    return InputError([Problem(str(path), message)])
