"""Property-based tests over whole workbooks: any workbook drawn from the contract loads and
audits; any corruption of a valid workbook's bytes, or of a part inside its zip, gives a
verdict (loaded or refused with exit code 2), never a traceback.

Examples are kept few so the suite stays fast; HYPOTHESIS_PROFILE=soak runs many more.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import support.hostile as hostile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.builders import write_workbook
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.model import contract
from csp_audit.pipeline.check import audit_partnerships
from csp_audit.pipeline.load import load_workbooks
from csp_audit.report.machine import audit_document
from csp_audit.workbook.validate import validate_workbook

EXAMPLES = 600 if os.environ.get("HYPOTHESIS_PROFILE") == "soak" else 30
PROPERTY = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

FIRST, LAST = date(2021, 4, 1), date(2025, 3, 31)
days = st.dates(min_value=FIRST, max_value=LAST)
maybe_yes_no = st.sampled_from(["yes", "no", None])


def later(day: date, draw: st.DrawFn, most: int = 120) -> date | None:
    """A date a few days after `day`, or blank."""
    gap = draw(st.one_of(st.none(), st.integers(0, most)))
    return None if gap is None else day + timedelta(days=gap)


@st.composite
def workbooks(draw: st.DrawFn) -> dict[str, list[list[object]]]:
    """A partnership workbook drawn from the contract: every reference resolves."""
    sectors = draw(st.lists(st.sampled_from(contract.SECTORS), min_size=1, max_size=8))
    members = [f"{sector.title()} body {index}" for index, sector in enumerate(sectors)]
    meeting_days = draw(st.lists(days, max_size=10))
    meetings = [f"M-{index}" for index in range(len(meeting_days))]
    sheets: dict[str, list[list[object]]] = {
        "Partnership": [["field", "value"], ["name", "Drawshire Community Safety Partnership"],
                        ["code", "drawshire"],
                        ["nation", draw(st.sampled_from(contract.NATIONS))],
                        ["tier", draw(st.sampled_from(contract.TIERS))]],
        "Members": [["organisation", "role", "sector", "voting", "representative", "senior",
                     "from", "to"]],
        "Meetings": [["meeting_id", "date", "body", "title", "quorate", "papers_circulated",
                      "minutes_circulated", "minutes_published", "open_to_public",
                      "chair_elected", "restricted"]],
        "Attendance": [["meeting_id", "organisation", "status", "senior"]],
        "Agenda": [["meeting_id", "item", "topic", "restricted"]],
        "Documents": [["document_id", "kind", "title", "approved", "reviewed", "published",
                       "covers_from", "covers_to", "signatories", "sent_to_pcc",
                       "restricted"]],
        "DHR": [["case_ref", "notified", "decision", "decision_date", "home_office_informed",
                 "chair_appointed", "first_panel", "submitted", "qa_outcome", "published",
                 "restricted"]],
        "ASB case reviews": [["case_ref", "received", "threshold_met", "threshold_decided",
                              "review_completed", "outcome_notified", "restricted"]],
        "Waivers": [["rule_id", "reason", "approved_by", "approved_on", "expires"]],
    }
    for organisation, sector in zip(members, sectors, strict=True):
        joined = draw(st.one_of(st.none(), days))
        left = later(joined, draw, 900) if joined else None
        sheets["Members"].append([organisation, draw(st.sampled_from(contract.MEMBER_ROLES)),
                                  sector, draw(maybe_yes_no), "Director",
                                  draw(maybe_yes_no), joined, left])
    for meeting, day in zip(meetings, meeting_days, strict=True):
        papers = draw(st.one_of(st.none(), st.integers(0, 14)))
        minutes = later(day, draw, 60)
        sheets["Meetings"].append([
            meeting, day, draw(st.sampled_from(contract.MEETING_BODIES)), "Meeting",
            draw(maybe_yes_no), None if papers is None else day - timedelta(days=papers),
            minutes, later(minutes, draw) if minutes else None, draw(maybe_yes_no),
            draw(maybe_yes_no), draw(maybe_yes_no)])
        for organisation in draw(st.lists(st.sampled_from(members), unique=True)):
            sheets["Attendance"].append([meeting, organisation, draw(st.sampled_from(
                contract.ATTENDANCE_STATUSES)), draw(maybe_yes_no)])
        for item in range(draw(st.integers(0, 3))):
            sheets["Agenda"].append([meeting, f"Item {item}", draw(st.one_of(
                st.none(), st.sampled_from(contract.AGENDA_TOPICS))), draw(maybe_yes_no)])
    for index in range(draw(st.integers(0, 6))):
        approved = draw(days)
        covers = draw(st.one_of(st.none(), days))
        signatories = draw(st.lists(st.sampled_from(members), unique=True, max_size=3))
        sheets["Documents"].append([
            f"D-{index}", draw(st.sampled_from(contract.DOCUMENT_KINDS)), "Document",
            approved, later(approved, draw, 400), later(approved, draw), covers,
            later(covers, draw, 1100) if covers else None, "; ".join(signatories) or None,
            later(approved, draw), draw(maybe_yes_no)])
    for index in range(draw(st.integers(0, 3))):
        notified = draw(days)
        steps = [notified]
        for _ in range(5):
            steps.append(later(steps[-1], draw, 200) if steps[-1] else None)
        sheets["DHR"].append([
            f"DHR-{index}", notified, draw(st.sampled_from(contract.DHR_DECISIONS)),
            steps[1], steps[2], steps[3], steps[4], steps[5],
            draw(st.one_of(st.none(), st.sampled_from(contract.QA_OUTCOMES))),
            later(steps[5], draw, 300) if steps[5] else None, draw(maybe_yes_no)])
    for index in range(draw(st.integers(0, 3))):
        received = draw(days)
        decided = later(received, draw, 40)
        completed = later(decided, draw, 90) if decided else None
        sheets["ASB case reviews"].append([
            f"ASB-{index}", received, draw(maybe_yes_no), decided, completed,
            later(completed, draw, 20) if completed else None, draw(maybe_yes_no)])
    # NOTE: distinct rules: two waivers of one rule in force on the same day are refused.
    for rule_id in draw(st.lists(st.sampled_from(
            ["NAT-RA-MEMBERSHIP", "HM-TOR-REVIEW", "LOCAL-UNKNOWN"]), unique=True, max_size=2)):
        approved = draw(days)
        sheets["Waivers"].append([
            rule_id, "Agreed by the board", "Chair", approved,
            later(approved, draw, 700) or approved])
    return sheets


@PROPERTY
@given(sheets=workbooks(), year=st.sampled_from(["2022-23", "2023-24", "2024-25"]))
def test_any_workbook_from_the_contract_loads_and_audits(
        sheets: dict[str, list[list[object]]], year: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_workbook(Path(folder) / "drawshire.xlsx", sheets)
        validation = validate_workbook(path)
        assert validation.ok, [str(p) for p in validation.errors]
        db = str(Path(folder) / "audit.db")
        [outcome] = load_workbooks([path], db)
        assert outcome.ok, [str(p) for p in outcome.problems]
        [result] = audit_partnerships(db, ["drawshire"], year, today=date(2025, 6, 30))
        assert result.findings
        document = audit_document(result)
        assert json.loads(json.dumps(document, default=str))["findings"]


@cache
def valid_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        return hostile.valid(Path(folder)).read_bytes()


@cache
def valid_parts() -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as folder:
        return hostile.parts_of(hostile.valid(Path(folder)))


edits = st.lists(st.tuples(st.sampled_from(["flip", "insert", "cut"]),
                          st.integers(0, 1 << 20), st.binary(min_size=1, max_size=8)),
                min_size=1, max_size=4)
"""A few edits: flip a byte, insert a piece, or cut the rest off, each at a position taken
modulo the data's length."""


def corrupt(data: bytes, changes: list[tuple[str, int, bytes]]) -> bytes:
    for kind, position, piece in changes:
        at = position % (len(data) + 1)
        if kind == "flip" and at < len(data):
            data = data[:at] + bytes([data[at] ^ (piece[0] or 1)]) + data[at + 1:]
        elif kind == "insert":
            data = data[:at] + piece + data[at:]
        else:
            data = data[:at]
    return data


def _verdict(path: Path) -> None:
    """Validate through the CLI: a verdict and exit 0 or 2, nothing else."""
    validation = validate_workbook(path)
    assert validation.ok or validation.errors
    result = CliRunner().invoke(app, ["validate", str(path)], catch_exceptions=False)
    assert result.exit_code in (0, 2), result.output
    assert result.output.startswith(("OK ", "REFUSED ")), result.output
    assert "Traceback" not in result.output


@PROPERTY
@given(changes=edits)
def test_corrupted_file_bytes_give_a_verdict_not_a_traceback(
        changes: list[tuple[str, int, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "damaged.xlsx"
        path.write_bytes(corrupt(valid_bytes(), changes))
        _verdict(path)


@PROPERTY
@given(part=st.integers(0, 100), changes=edits)
def test_corrupted_parts_inside_the_zip_give_a_verdict(
        part: int, changes: list[tuple[str, int, bytes]]) -> None:
    parts = dict(valid_parts())
    name = sorted(parts)[part % len(parts)]
    parts[name] = corrupt(parts[name], changes)
    with tempfile.TemporaryDirectory() as folder:
        _verdict(hostile.rezip(Path(folder) / "damaged.xlsx", parts))
