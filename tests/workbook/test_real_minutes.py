"""Tried as a new user would: a workbook typed from a real partnership's published minutes
(tests/fixtures/real-minutes: Haringey CSP, 2012 to 2014) loads after two alias entries, and
its ratings are ones a reader of the minutes would agree with."""

from __future__ import annotations

import importlib.util
import json
from copy import deepcopy
from pathlib import Path

from support.builders import write_workbook
from support.commands import run as cli
from support.libreoffice import convert
from support.validation import texts

from csp_audit.workbook.validate import validate_workbook

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "real-minutes" / "haringey.py"


def _sheets() -> dict[str, list[list[object]]]:
    spec = importlib.util.spec_from_file_location("haringey_minutes", FIXTURE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return deepcopy(module.SHEETS)


def test_without_its_aliases_the_abbreviation_is_one_error_with_a_guess(
        tmp_path: Path) -> None:
    sheets = _sheets()
    for row in sheets["Members"]:
        row.pop()
    errors = texts(validate_workbook(write_workbook(tmp_path / "h.xlsx", sheets)), "error")
    assert len(errors) == 2, errors
    assert ("Attendance!B2: organisation is not in the Members sheet: 2 rows, B2 to B4; did "
            "you mean 'London Borough of Haringey'? (if so, add 'LBH' to its aliases in "
            "Members)") in errors[0]
    assert "'Haringey Council'" in errors[1]


def test_it_loads_with_its_aliases_and_the_council_sent_apologies_once(tmp_path: Path) -> None:
    result = validate_workbook(write_workbook(tmp_path / "h.xlsx", _sheets()))
    assert result.ok, texts(result, "error")
    july = [a for a in result.records.attendance if a.meeting_id == "CSP 29.07.14"]
    assert [(a.organisation, a.status) for a in july] == [
        ("London Borough of Haringey", "apologies")]
    assert {m.sector for m in result.records.members} >= {
        "council", "police", "fire", "probation", "health", "youth_justice", "pcc"}


def _findings(tmp_path: Path, year: str) -> dict[str, dict]:
    book = write_workbook(tmp_path / "haringey.xlsx", _sheets())
    out = tmp_path / year
    result = cli("audit", book, "--year", year, "--out", out, "--format", "json",
                 "--fail-on", "never")
    assert result.exit_code == 0, result.output
    document = json.loads((out / f"haringey-{year}.json").read_text())
    return {f["rule_id"]: f for f in document["findings"]}


def test_2013_14_says_what_the_minutes_record(tmp_path: Path) -> None:
    findings = _findings(tmp_path, "2013-14")
    public = findings["NAT-PUBLIC-MEETING"]
    assert public["status"] == "red"
    assert public["reason"] == ("No public meeting is recorded in the Meetings sheet for "
                                "2013-14.")
    reasons = " ".join(f["reason"] for f in findings.values())
    assert "was held" not in reasons and "were held" not in reasons


def test_2014_15_records_the_chairs_election_and_the_terms_of_reference(
        tmp_path: Path) -> None:
    findings = _findings(tmp_path, "2014-15")
    by_kind = [f for f in findings.values() if "29 July 2014" in f["reason"]]
    assert by_kind, "no finding cites the 29 July 2014 meeting"
    assert all(f["status"] in ("green", "amber") for f in by_kind), [
        (f["rule_id"], f["status"], f["reason"]) for f in by_kind]


def test_the_same_workbook_saved_as_ods_by_libreoffice_loads(tmp_path: Path) -> None:
    ods = convert(write_workbook(tmp_path / "haringey.xlsx", _sheets()), "ods",
                  tmp_path / "calc")
    result = validate_workbook(ods)
    assert result.ok, texts(result, "error")
    assert len(result.records.meetings) == 6


NOTE = ("The workbook records apologies only (the Partnership sheet's attendance_recorded), "
        "so a member with no Attendance row at a meeting that has rows is counted as present.")


def test_its_attendance_is_read_as_the_minutes_record_it_apologies_only(
        tmp_path: Path) -> None:
    """The minutes name apologies, never who was present: with attendance_recorded
    apologies_only, 2013-14 (13 June 2013 minutes read, no apologies; 27 March 2014 not
    read) is green, where it was amber with every authority 'may have been' absent; the
    council, whose only rows at 29 July 2014 are apologies, stays red in 2014-15 and is
    the only one named; each reason says the workbook records apologies only."""
    result = validate_workbook(write_workbook(tmp_path / "h.xlsx", _sheets()))
    assert result.records.partnership.attendance_recorded == "apologies_only"
    rating = _findings(tmp_path, "2013-14")["HM-RA-ATTENDANCE"]
    assert rating["status"] == "green", rating
    assert rating["reason"].endswith(NOTE)
    assert "CSP 27.03.14 (no attendance recorded) as missed" in rating["reason"]
    later = _findings(tmp_path, "2014-15")["HM-RA-ATTENDANCE"]
    assert later["status"] == "red"
    assert later["reason"] == ("London Borough of Haringey (0 of 1) is recorded as represented "
                               "at fewer than 50% of board meetings in 2014-15. " + NOTE)
