"""`--fetch`: save a committee's ModernGov responses for a later, offline import.

Polite by design: one request a second, a timeout on each, a plain User-Agent saying what
asks, and only the calls the import reads (GetMeetings for the year, then GetMeeting for
each meeting). Nothing is written until every response has come and parsed as a response,
and then only into a new or empty folder, with a manifest of each file's address, time and
sha256, so what was imported can be traced to what the council served.
"""

from __future__ import annotations

import hashlib
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from csp_audit import __version__
from csp_audit.model.errors import UsageError
from csp_audit.model.periods import long_date, parse_year

PAUSE_SECONDS = 1.0
TIMEOUT_SECONDS = 30.0
MAX_BYTES = 50 * 1024 * 1024
SERVICE = "mgWebService.asmx"


@dataclass
class Fetched:
    folder: Path
    files: list[str] = field(default_factory=list)
    meetings: int = 0

    def lines(self) -> list[str]:
        return [f"Saved {len(self.files)} responses ({self.meetings} meetings) and "
                f"manifest.json in {self.folder}",
                f"  next: csp-audit import moderngov {self.folder} --body ... --members MAP "
                "--out WORKBOOK.xlsx"]


def service_address(site: str) -> str:
    """The service's address from the council's site, a page on it, or the service."""
    parts = urlsplit(site.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"--fetch {site!r}: give the council's committee site as an "
                         "http(s) address, e.g. https://democracy.example.gov.uk")
    path = parts.path
    if SERVICE.casefold() in path.casefold():
        path = path[:path.casefold().index(SERVICE.casefold())]
    elif path.rsplit("/", 1)[-1].lower().endswith((".aspx", ".asp", ".htm", ".html")):
        path = path.rsplit("/", 1)[0]
    return urlunsplit((parts.scheme, parts.netloc, path.rstrip("/") + "/" + SERVICE, "", ""))


def fetch_responses(site: str, committee: str, year: str, save: Path,
                    pause: float | None = None, timeout: float = TIMEOUT_SECONDS,
                    sleep: Callable[[float], None] = time.sleep) -> Fetched:
    """Save GetMeetings for the year and each meeting's GetMeeting, `pause` seconds apart
    (PAUSE_SECONDS, read at call time)."""
    pause = PAUSE_SECONDS if pause is None else pause
    if not committee.isdigit():
        raise UsageError(f"--committee {committee!r}: a ModernGov committee id is a number "
                         "(the CId=... in the committee page's address)")
    period = parse_year(year)
    if save.exists() and (not save.is_dir() or any(save.iterdir())):
        raise UsageError(f"--save {save}: give a new or empty folder (the responses are "
                         "never written over other files)")
    service = service_address(site)
    query = urlencode({"lCommitteeId": committee,
                       "sFromDate": period.start.strftime("%d/%m/%Y"),
                       "sToDate": period.end.strftime("%d/%m/%Y")})
    saved: list[tuple[str, str, str, bytes]] = []
    listing = _get(f"{service}/GetMeetings?{query}", timeout)
    saved.append((f"GetMeetings-{committee}.xml", f"{service}/GetMeetings?{query}",
                  _now(), listing))
    meeting_ids = [element.text.strip() for element in _root(listing, saved[0][1]).iter()
                   if element.tag.rsplit("}", 1)[-1] == "meetingid" and element.text
                   and element.text.strip().isdigit()]
    if not meeting_ids:
        raise UsageError(f"committee {committee} has no meetings listed from "
                         f"{long_date(period.start)} to {long_date(period.end)} at {service}; "
                         "check the id (CId=... on the committee's page) and --year")
    for meeting_id in meeting_ids:
        sleep(pause)
        address = f"{service}/GetMeeting?lMeetingId={meeting_id}"
        body = _get(address, timeout)
        _root(body, address)
        saved.append((f"GetMeeting-{meeting_id}.xml", address, _now(), body))
    return _write(save, saved, len(meeting_ids))


def _write(save: Path, saved: list[tuple[str, str, str, bytes]], meetings: int) -> Fetched:
    try:
        save.mkdir(parents=True, exist_ok=True)
        manifest = []
        for name, address, when, body in saved:
            (save / name).write_bytes(body)
            manifest.append({"file": name, "address": address, "fetched_at": when,
                             "sha256": hashlib.sha256(body).hexdigest()})
        (save / "manifest.json").write_text(json.dumps(
            {"saved_by": f"csp-audit {__version__}", "responses": manifest}, indent=2) + "\n",
            encoding="utf-8")
    except OSError as error:
        raise UsageError(f"--save {save}: cannot write: {error.strerror or error}") from None
    return Fetched(save, [name for name, *_ in saved], meetings)


def _get(address: str, timeout: float) -> bytes:
    request = urllib.request.Request(address, headers={
        "User-Agent": f"csp-audit/{__version__} (saving committee records for an audit)",
        "Accept": "text/xml, application/xml"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise UsageError(f"cannot fetch {address}: the site answered {error.code} "
                         f"{error.reason}; nothing was saved") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", None) or error
        raise UsageError(f"cannot fetch {address}: {reason}; nothing was saved") from None
    if len(body) > MAX_BYTES:
        raise UsageError(f"{address} answered more than {MAX_BYTES // 2**20} MB, more than "
                         "a ModernGov response; nothing was saved")
    return body


def _root(body: bytes, address: str):  # noqa: ANN202 - an ElementTree element
    try:
        return fromstring(body, forbid_dtd=True)
    except (ParseError, DefusedXmlException):
        raise UsageError(f"{address} did not answer with a ModernGov XML response (is it "
                         "the council's ModernGov site?); nothing was saved") from None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
