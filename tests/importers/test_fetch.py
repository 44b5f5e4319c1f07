"""`--fetch`: saving a committee's responses politely, tested against a server on loopback
serving the synthetic fixtures; no test reaches the internet."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.importers import fetch
from csp_audit.importers.fetch import fetch_responses, service_address
from csp_audit.model.errors import UsageError

SCRUTINY = Path(__file__).parents[1] / "fixtures" / "moderngov" / "synthetic" / "scrutiny"
runner = CliRunner()


class Council(BaseHTTPRequestHandler):
    """A ModernGov service answering from the fixture folder, recording what it was asked."""

    asked: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        type(self).asked.append(self.path)
        name = None
        if parts.path == "/mgWebService.asmx/GetMeetings":
            name = f"GetMeetings-{query.get('lCommitteeId')}.xml"
        elif parts.path == "/mgWebService.asmx/GetMeeting":
            name = f"GetMeeting-{query.get('lMeetingId')}.xml"
        path = SCRUTINY / name if name else None
        if path is None or not path.exists():
            self.send_response(404)
            self.end_headers()
            return
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def council() -> Iterator[str]:
    Council.asked = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Council)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_the_responses_are_saved_with_a_manifest_one_request_a_second(
        council: str, tmp_path: Path) -> None:
    pauses: list[float] = []
    saved = fetch_responses(council, "210", "2024-25", tmp_path / "saved", sleep=pauses.append)
    assert Council.asked[0] == ("/mgWebService.asmx/GetMeetings?lCommitteeId=210&"
                                "sFromDate=01%2F04%2F2024&sToDate=31%2F03%2F2025")
    assert Council.asked[1:] == [f"/mgWebService.asmx/GetMeeting?lMeetingId={n}"
                                 for n in (5101, 5102, 5103)]
    assert pauses == [1.0, 1.0, 1.0], "a pause of a second before each request after the first"
    assert saved.meetings == 3
    manifest = json.loads((tmp_path / "saved" / "manifest.json").read_text())
    assert [entry["file"] for entry in manifest["responses"]] == [
        "GetMeetings-210.xml", "GetMeeting-5101.xml", "GetMeeting-5102.xml",
        "GetMeeting-5103.xml"]
    for entry in manifest["responses"]:
        body = (tmp_path / "saved" / entry["file"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(body).hexdigest()
        assert entry["address"].startswith(f"{council}/mgWebService.asmx/GetMeeting")
        assert entry["fetched_at"].endswith("+00:00")
    assert (tmp_path / "saved" / "GetMeeting-5101.xml").read_bytes() == (
        SCRUTINY / "GetMeeting-5101.xml").read_bytes()


def test_fetch_then_import_from_the_command_line(council: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch, "PAUSE_SECONDS", 0.01)
    saved = tmp_path / "saved"
    result = runner.invoke(app, ["import", "moderngov", "--fetch", f"{council}/mgListCommittees"
                                 ".aspx", "--committee", "210", "--year", "2024-25",
                                 "--save", str(saved)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"Saved 4 responses (3 meetings) and manifest.json in {saved}" in result.output
    out = tmp_path / "s.xlsx"
    result = runner.invoke(app, ["import", "moderngov", str(saved), "--body", "scrutiny",
                                 "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Meetings: 2 added" in result.output


def test_a_missing_committee_or_a_page_that_is_not_the_service_saves_nothing(
        council: str, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="answered 404 Not Found; nothing was saved"):
        fetch_responses(council, "999", "2024-25", tmp_path / "a", sleep=lambda _: None)
    assert not (tmp_path / "a").exists()
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "mine.txt").write_text("keep")
    with pytest.raises(UsageError, match="give a new or empty folder"):
        fetch_responses(council, "210", "2024-25", tmp_path / "full", sleep=lambda _: None)


def test_an_unreachable_site_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", "moderngov", "--fetch", "http://127.0.0.1:9/",
                                 "--committee", "210", "--year", "2024-25", "--save",
                                 str(tmp_path / "s")], catch_exceptions=False)
    assert result.exit_code == 2
    [line] = result.output.splitlines()
    assert line.startswith("error: cannot fetch http://127.0.0.1:9/mgWebService.asmx/")
    assert line.endswith("nothing was saved")


@pytest.mark.parametrize(("site", "service"), [
    ("https://democracy.example.gov.uk", "https://democracy.example.gov.uk/mgWebService.asmx"),
    ("https://example.gov.uk/moderngov/mgCommitteeDetails.aspx?ID=210",
     "https://example.gov.uk/moderngov/mgWebService.asmx"),
    ("https://democracy.example.gov.uk/mgWebService.asmx/GetCommittees",
     "https://democracy.example.gov.uk/mgWebService.asmx"),
])
def test_the_service_is_found_from_the_site_or_a_page_on_it(site: str, service: str) -> None:
    assert service_address(site) == service


def test_fetch_refuses_what_is_not_a_web_address_or_a_committee_id(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="http"):
        service_address("file:///etc/passwd")
    with pytest.raises(UsageError, match="is a number"):
        fetch_responses("https://x.example", "210&x=1", "2024-25", tmp_path / "s")
