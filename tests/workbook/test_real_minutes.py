"""Tried as a new user would: a workbook typed from a real partnership's published minutes
(tests/fixtures/real-minutes: Haringey CSP, 2012 to 2014) loads after three alias entries,
and every rating of every year it covers is one a reader of the minutes would agree with
(SOURCES.md gives each rating with the minutes' evidence)."""

from __future__ import annotations

import importlib.util
import json
from copy import deepcopy
from pathlib import Path

import pytest
from support.builders import write_workbook
from support.commands import run as cli
from support.libreoffice import convert
from support.validation import texts

from csp_audit.rules.kinds.base import APOLOGIES_ONLY_NOTE
from csp_audit.workbook.validate import validate_workbook

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "real-minutes" / "haringey.py"


def _sheets() -> dict[str, list[list[object]]]:
    spec = importlib.util.spec_from_file_location("haringey_minutes", FIXTURE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return deepcopy(module.SHEETS)


def test_without_its_aliases_each_abbreviation_is_one_error_with_a_guess(
        tmp_path: Path) -> None:
    sheets = _sheets()
    for row in sheets["Members"]:
        row.pop()
    errors = texts(validate_workbook(write_workbook(tmp_path / "h.xlsx", sheets)), "error")
    assert len(errors) == 3, errors
    assert ("organisation is not in the Members sheet: 2 rows, B2 to B5; did you mean "
            "'Metropolitan Police Service'? (if so, add 'MPS' to its aliases in Members)"
            ) in errors[0]
    assert ("Attendance!B3: organisation is not in the Members sheet: 2 rows, B3 to B7; did "
            "you mean 'London Borough of Haringey'? (if so, add 'LBH' to its aliases in "
            "Members)") in errors[1]
    assert "'Haringey Council'" in errors[2]


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
    assert len(result.records.meetings) == 7


def test_its_attendance_is_read_as_the_minutes_record_it_apologies_only(
        tmp_path: Path) -> None:
    """The minutes name apologies, never who was present. A body some of whose people sent
    apologies is not known, not absent: another of its people may have come (on 29 July
    2014 three council officers and councillors sent apologies, and a councillor was elected
    co-chair). So each year's responsible-authority attendance is amber, "may have been",
    naming the body whose only rows are apologies, and never red."""
    result = validate_workbook(write_workbook(tmp_path / "h.xlsx", _sheets()))
    assert result.records.partnership.attendance_recorded == "apologies_only"
    ratings = {year: _findings(tmp_path, year)["HM-RA-ATTENDANCE"]
               for year in ("2012-13", "2013-14", "2014-15")}
    assert {year: r["status"] for year, r in ratings.items()} == {
        "2012-13": "amber", "2013-14": "amber", "2014-15": "amber"}
    assert all(r["reason"].endswith(APOLOGIES_ONLY_NOTE) for r in ratings.values())
    assert ratings["2014-15"]["reason"] == (
        "London Borough of Haringey (0 of 1; at 1 meeting only apologies are recorded for "
        "it) may have been represented at fewer than 50% of board meetings in 2014-15. "
        + APOLOGIES_ONLY_NOTE)
    assert ratings["2013-14"]["reason"].startswith(
        "Metropolitan Police Service (0 of 2, 1 unrecorded; at 1 meeting only apologies are "
        "recorded for it) may have been represented")
    assert ratings["2012-13"]["reason"].startswith(
        "London Borough of Haringey (1 of 4, 1 unrecorded; at 2 meetings only apologies are "
        "recorded for it) may have been represented")


RATINGS = {
    "2012-13": {
        "green": "HM-BOARD-FREQUENCY HM-TOR-REVIEW NAT-RA-MEMBERSHIP",
        "amber": "HM-ACTIONS-FOLLOWED HM-RA-ATTENDANCE NAT-DHR-COMPLETION NAT-DHR-DECISION "
                 "NAT-DHR-HOME-OFFICE NAT-DHR-PUBLICATION NAT-ISP-NOMINEE NAT-PARTNERSHIP-PLAN "
                 "NAT-PLAN-TO-PCC NAT-REOFFENDING-STRATEGY-IN-FORCE "
                 "NAT-SUBSTANCE-STRATEGY-IN-FORCE",
        "red": "HM-COMMUNITY-FEEDBACK HM-ISP-REVIEW HM-PLAN-PUBLISHED HM-SKILLS-REVIEW "
               "NAT-CONSULTATION NAT-ISP NAT-PLAN-SUMMARY-PUBLISHED NAT-PUBLIC-MEETING "
               "NAT-REOFFENDING-STRATEGY-REVIEW NAT-SCRUTINY NAT-STRATEGIC-ASSESSMENT "
               "NAT-SUBSTANCE-STRATEGY-REVIEW",
    },
    "2013-14": {
        "green": "NAT-RA-MEMBERSHIP",
        "amber": "HM-ACTIONS-FOLLOWED HM-RA-ATTENDANCE NAT-DHR-COMPLETION NAT-DHR-DECISION "
                 "NAT-DHR-HOME-OFFICE NAT-DHR-PUBLICATION NAT-ISP-NOMINEE NAT-PARTNERSHIP-PLAN "
                 "NAT-PLAN-TO-PCC NAT-REOFFENDING-STRATEGY-IN-FORCE "
                 "NAT-SUBSTANCE-STRATEGY-IN-FORCE",
        "red": "HM-BOARD-FREQUENCY HM-COMMUNITY-FEEDBACK HM-ISP-REVIEW HM-PLAN-PUBLISHED "
               "HM-SKILLS-REVIEW HM-TOR-REVIEW NAT-CONSULTATION NAT-ISP "
               "NAT-PLAN-SUMMARY-PUBLISHED NAT-PUBLIC-MEETING NAT-REOFFENDING-STRATEGY-REVIEW "
               "NAT-SCRUTINY NAT-STRATEGIC-ASSESSMENT NAT-SUBSTANCE-STRATEGY-REVIEW",
    },
    "2014-15": {
        "green": "HM-TOR-REVIEW NAT-RA-MEMBERSHIP",
        "amber": "HM-ACTIONS-FOLLOWED HM-RA-ATTENDANCE NAT-ASB-REVIEW-DUTY "
                 "NAT-ASB-REVIEW-TIMESCALES NAT-DHR-COMPLETION NAT-DHR-DECISION "
                 "NAT-DHR-HOME-OFFICE NAT-DHR-PUBLICATION NAT-ISP-NOMINEE NAT-PLAN-TO-PCC",
        "red": "HM-BOARD-FREQUENCY HM-COMMUNITY-FEEDBACK HM-ISP-REVIEW HM-PLAN-PUBLISHED "
               "HM-SKILLS-REVIEW NAT-ASB-DATA NAT-ASB-PROCEDURE NAT-CONSULTATION NAT-ISP "
               "NAT-PARTNERSHIP-PLAN NAT-PLAN-SUMMARY-PUBLISHED NAT-PUBLIC-MEETING "
               "NAT-REOFFENDING-STRATEGY-IN-FORCE NAT-REOFFENDING-STRATEGY-REVIEW NAT-SCRUTINY "
               "NAT-STRATEGIC-ASSESSMENT NAT-SUBSTANCE-STRATEGY-IN-FORCE "
               "NAT-SUBSTANCE-STRATEGY-REVIEW",
    },
}
"""Every rating but not_applicable, year by year, as SOURCES.md states it with the minutes'
evidence: a change here is a change a reader of the minutes must agree with."""


@pytest.mark.parametrize("year", sorted(RATINGS))
def test_every_rating_of_every_year_is_the_one_sources_md_gives(tmp_path: Path,
                                                                year: str) -> None:
    findings = _findings(tmp_path, year)
    rated = {status: " ".join(sorted(rule for rule, f in findings.items()
                                     if f["status"] == status))
             for status in ("green", "amber", "red")}
    assert rated == RATINGS[year]
    reasons = " ".join(f["reason"] for f in findings.values())
    assert "was held" not in reasons and "can have been" not in reasons


def test_the_plan_of_2011_14_covers_2012_13_and_2013_14_but_not_2014_15(
        tmp_path: Path) -> None:
    """The 6 October 2011 minutes record the Community Safety Plan 2011-14 formally agreed:
    amber (not revised in the year) while it covers the year, red once it has run out."""
    assert _findings(tmp_path, "2013-14")["NAT-PARTNERSHIP-PLAN"]["reason"] == (
        'Partnership plan CSP 2011-14 ("Haringey Community Safety Plan 2011-14") covers 31 '
        "March 2014 but was not revised in 2013-14 (last agreed on 6 October 2011).")
    assert _findings(tmp_path, "2014-15")["NAT-PLAN-SUMMARY-PUBLISHED"]["reason"] == (
        "No partnership plan in the Documents sheet covers 31 March 2015, so none can be "
        "shown as published.")
