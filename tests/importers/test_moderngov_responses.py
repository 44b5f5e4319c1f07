"""Reading saved ModernGov responses: the real files, their quirks, and bad or hostile XML."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from csp_audit.importers.convert import title_date
from csp_audit.importers.moderngov import read_folder
from csp_audit.model.errors import InputError

FIXTURES = Path(__file__).parents[1] / "fixtures" / "moderngov"
REAL = FIXTURES / "audit-committee"
SYNTHETIC = FIXTURES / "synthetic"


def test_the_real_responses_read_as_plain_values() -> None:
    saved = read_folder(REAL)
    assert saved.committees["144"] == "Audit Committee"
    [listing] = saved.listings
    assert (listing.committee_id, listing.title) == ("144", "Audit Committee")
    assert [(m.meeting_id, m.date, m.status) for m in listing.meetings] == [
        ("4966", date(2026, 1, 13), "Cancelled"), ("4967", date(2026, 2, 10), "Confirmed")]
    meeting = saved.details["4967"]
    assert [item.title for item in meeting.items] == ["Minutes", "Work Programme"]
    minutes = meeting.items[0].documents[0]
    assert minutes.published == date(2026, 2, 2)
    assert minutes.title == "6 - CHAIR APPROVED Minutes Audit Committee 25 Nov 2025"
    [person] = meeting.attendees
    assert (person.member_id, person.role, person.attendance) == (
        "192", "Committee Member", "Expected")
    assert "Curley" not in repr(person), "an attendee's name is never read"


def test_entities_encoded_twice_are_decoded_once_read() -> None:
    saved = read_folder(SYNTHETIC / "scrutiny")
    titles = [item.title for item in saved.details["5101"].items]
    assert "Hate Crime & Prevent update" in titles


def test_a_soap_envelope_around_the_answer_is_opened(tmp_path: Path) -> None:
    inner = (REAL / "meetings.xml").read_text(encoding="utf-8").split("?>", 1)[1]
    (tmp_path / "soap.xml").write_text(
        '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/'
        'envelope/"><soap:Body><GetMeetingsResponse xmlns="http://moderngov.co.uk/namespaces">'
        f"<GetMeetingsResult>{inner}</GetMeetingsResult></GetMeetingsResponse></soap:Body>"
        "</soap:Envelope>", encoding="utf-8")
    [listing] = read_folder(tmp_path).listings
    assert listing.committee_id == "144" and len(listing.meetings) == 2


def _refusal(tmp_path: Path, text: str) -> str:
    shutil.copy(REAL / "meetings.xml", tmp_path / "a.xml")
    (tmp_path / "b.xml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_folder(tmp_path)
    return str(caught.value)


def test_a_malformed_response_is_one_line_naming_the_file(tmp_path: Path) -> None:
    message = _refusal(tmp_path, "<meeting><meetingid>1</meetingid>")
    assert message.startswith(f"{tmp_path / 'b.xml'}: is not well-formed XML (")
    assert message.endswith("save the response again from the browser")
    assert "\n" not in message


def test_entity_expansion_and_external_entities_are_refused(tmp_path: Path) -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            "<meeting>&b;</meeting>")
    assert "declares a DTD or entities" in _refusal(tmp_path, bomb)
    external = ('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                "<meeting>&x;</meeting>")
    assert "declares a DTD or entities" in _refusal(tmp_path, external)


def test_a_page_that_is_not_a_response_is_named(tmp_path: Path) -> None:
    message = _refusal(tmp_path, "<html><body>Sign in</body></html>")
    assert message == (f"{tmp_path / 'b.xml'}: is not a GetCommittees, GetMeetings or "
                       "GetMeeting response (its outer element is <html>)")


def test_a_date_not_written_dd_mm_yyyy_is_refused(tmp_path: Path) -> None:
    text = (REAL / "meetings.xml").read_text(encoding="utf-8").replace("13/01/2026",
                                                                       "2026-01-13")
    message = _refusal(tmp_path, text)
    assert "<meetingdate> is '2026-01-13', not a date written dd/mm/yyyy" in message


def test_an_empty_folder_says_what_to_save(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="holds no saved ModernGov responses"):
        read_folder(tmp_path)


@pytest.mark.parametrize(("title", "day"), [
    ("6 - CHAIR APPROVED  Minutes Audit Committee 25 Nov 2025", date(2025, 11, 25)),
    ("Minutes of the meeting held on 19th September 2024", date(2024, 9, 19)),
    ("Printed minutes 13/03/2025", date(2025, 3, 13)),
    ("Minutes", None), ("Report 31 Smarch 2024", None),
])
def test_a_title_dates_the_meeting_it_minutes(title: str, day: date | None) -> None:
    assert title_date(title) == day
