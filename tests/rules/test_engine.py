"""Engine-level semantics: as-of cut-off, applies, waivers, overall rating and summary."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from support.kinds import attended, meeting, partnership, records
from support.records import sample_records

from csp_audit.model.records import Attendance, Document, Place, Waiver
from csp_audit.rules.checklists import Library
from csp_audit.rules.engine import PERIOD_FIELDS, records_as_of, run_audit

CHECKLIST = """\
id: engine-test
title: Engine test
version: "1"
area: statutory
rules:
  - id: ET-SA
    title: A strategic assessment each year
    sources: [{cite: "CDA 1998 s6", url: "https://www.legislation.gov.uk/ukpga/1998/37/section/6"}]
    kind: document_in_year
    params: {kinds: [strategic_assessment]}
    guidance: Prepare one.
  - id: ET-BOARD
    title: Four board meetings
    sources: [{cite: ToR}]
    kind: meeting_count
    params: {body: board, min: 4}
    guidance: Meet.
  - id: ET-COUNTY
    title: County only
    sources: [{cite: SI 2007/1830 reg 9}]
    kind: meeting_count
    params: {body: board, min: 1}
    applies: {tier: [county]}
    guidance: County.
  - id: ET-SV
    title: In force from 31 January 2024
    sources: [{cite: PCSC Act 2022 s8}]
    kind: meeting_count
    params: {body: board, min: 1}
    applies: {from: 2024-01-31}
    guidance: SV.
"""


@pytest.fixture()
def rules(tmp_path: Path):
    (tmp_path / "engine-test.yaml").write_text(CHECKLIST)
    return Library(shipped=tmp_path).resolve(["engine-test"])


def sa(approved: date) -> Document:
    return Document("SA-1", "strategic_assessment", Place("Documents", 2), approved=approved)


def by_id(result) -> dict:
    return {f.rule_id: f for f in result.findings}


def test_records_dated_after_as_of_are_not_used(rules) -> None:
    recs = records(documents=(sa(date(2024, 11, 1)),),
                   meetings=(meeting("B1", date(2024, 11, 2)),))
    cut = records_as_of(recs, date(2024, 10, 31))
    assert cut.meetings == () and cut.documents[0].approved is None
    result = run_audit(recs, rules, "2024-25", date(2024, 10, 31), date(2026, 1, 1))
    assert by_id(result)["ET-SA"].status == "amber"
    assert by_id(run_audit(recs, rules, "2024-25", None, date(2026, 1, 1)))["ET-SA"].status \
        == "green"


def test_applies_gives_not_applicable_with_a_reason(rules) -> None:
    result = run_audit(records(), rules, "2023-24", date(2024, 1, 30), date(2026, 1, 1))
    found = by_id(result)
    assert found["ET-COUNTY"].status == "not_applicable"
    assert found["ET-COUNTY"].reason == ("This rule applies only to county areas, and this is "
                                         "a unitary partnership.")
    assert found["ET-SV"].status == "not_applicable"
    assert "31 January 2024" in found["ET-SV"].reason
    later = by_id(run_audit(records(), rules, "2023-24", date(2024, 1, 31), date(2026, 1, 1)))
    assert later["ET-SV"].status != "not_applicable"
    county = records(partnership=partnership(tier="county"))
    assert by_id(run_audit(county, rules, "2023-24", None, date(2026, 1, 1)))[
        "ET-COUNTY"].status == "amber"  # one short of one meeting


SHIPPED_IN_FORCE = {
    "NAT-STRATEGIC-ASSESSMENT": date(2007, 8, 1), "NAT-PLAN-TO-PCC": date(2012, 11, 22),
    "NAT-DHR-DECISION": date(2011, 4, 13), "NAT-ASB-REVIEW-DUTY": date(2014, 10, 20),
    "NAT-SCRUTINY": date(2009, 4, 30), "NAT-REOFFENDING-STRATEGY-IN-FORCE": date(2010, 4, 1),
    "NAT-DHR-DAC-COPY": date(2021, 11, 1), "NAT-SERIOUS-VIOLENCE-STRATEGY": date(2023, 1, 31),
    "HM-BOARD-FREQUENCY": date(2007, 8, 1)}


@pytest.mark.parametrize(("nation", "checklist"), [("England", "national"),
                                                   ("Wales", "national-wales")])
@pytest.mark.parametrize("year", ["1990-91", "2005-06"])
def test_no_shipped_national_or_hallmark_rule_applies_before_its_source_was_in_force(
        nation: str, checklist: str, year: str) -> None:
    """PCCs were first elected on 15 November 2012 and ASB case reviews began on 20 October
    2014: a partnership audited for an earlier year is not rated on them, nor on any duty
    of the 2007 regulations or later."""
    rules = Library().resolve([checklist, "hallmarks"])
    result = run_audit(records(partnership=partnership(nation=nation)), rules, year, None,
                       date(2026, 1, 1))
    rated = {f.rule_id: f.reason for f in result.findings if f.status != "not_applicable"}
    assert rated == {}
    pcc = by_id(result)["NAT-PLAN-TO-PCC"].reason
    assert pcc.startswith("This duty came into force on 22 November 2012, after the audit "
                          "date of 31 March") or pcc.startswith("England only")


def test_each_rule_applies_from_the_day_its_source_came_into_force() -> None:
    rules = Library().resolve(["national", "hallmarks"])
    for rule_id, day in SHIPPED_IN_FORCE.items():
        before = by_id(run_audit(records(), rules, None, day - timedelta(days=1),
                                 date(2026, 1, 1)))[rule_id]
        assert before.status == "not_applicable", rule_id
        on = by_id(run_audit(records(), rules, None, day, date(2026, 1, 1)))[rule_id]
        assert on.status != "not_applicable" or "No" in on.reason, (rule_id, on.reason)
    hallmark = by_id(run_audit(records(), rules, "2006-07", None, date(2026, 1, 1)))[
        "HM-BOARD-FREQUENCY"]
    assert hallmark.reason == ("What this rule rests on took effect on 1 August 2007, after "
                               "the audit date of 31 March 2007.")


def waiver(expires: date) -> Waiver:
    return Waiver("ET-BOARD", "Board restructured this year", expires, Place("Waivers", 2),
                  approved_by="Chair")


def test_waiver_applies_until_it_expires(rules) -> None:
    recs = records(waivers=(waiver(date(2025, 3, 31)),))
    live = by_id(run_audit(recs, rules, "2024-25", None, date(2026, 1, 1)))["ET-BOARD"]
    assert live.status == "waived"
    assert "Board restructured this year" in live.reason and "Chair" in live.reason
    assert live.waiver is not None and not live.waiver.expired
    expired = records(waivers=(waiver(date(2025, 3, 30)),))
    found = by_id(run_audit(expired, rules, "2024-25", None, date(2026, 1, 1)))["ET-BOARD"]
    assert found.status == "red" and "expired on 30 March 2025" in found.reason
    assert found.waiver is not None and found.waiver.expired


def test_overall_rating_and_summary(rules) -> None:
    result = run_audit(records(), rules, "2024-25", None, date(2026, 1, 1))
    assert result.overall == "red"
    assert result.summary["red"] == 2 and result.summary["amber"] == 1
    assert result.summary["not_applicable"] == 1
    assert sum(result.summary.values()) == len(result.findings) == 4
    board = tuple(meeting(f"B{i}", date(2024, 5 + i, 1)) for i in range(4))
    good = records(documents=(sa(date(2024, 6, 1)),), meetings=board)
    assert run_audit(good, rules, "2024-25", None, date(2026, 1, 1)).overall == "green"
    recs = records(documents=(sa(date(2024, 6, 1)),), meetings=board[:3])
    assert run_audit(recs, rules, "2024-25", None, date(2026, 1, 1)).overall == "amber"


def test_shipped_checklists_run_over_a_bare_partnership_without_error() -> None:
    library = Library()
    for checklist in ("sefton", "national-wales"):
        rules = library.resolve([checklist, "hallmarks"])
        bare = records(partnership=partnership(registers=frozenset()), members=())
        result = run_audit(bare, rules, "2024-25", None, date(2026, 1, 1))
        assert all(f.reason.endswith((".", ")")) for f in result.findings)
        assert {f.status for f in result.findings} <= {"red", "amber", "not_applicable"}
        dhr = next(f for f in result.findings if f.rule_id == "NAT-DHR-DECISION")
        assert dhr.basis and "not the Act itself" in dhr.basis


def test_a_reason_naming_a_restricted_meeting_gets_a_public_reason(tmp_path: Path) -> None:
    (tmp_path / "quorum-test.yaml").write_text(
        "id: quorum-test\ntitle: Q\nversion: '1'\nrules:\n  - id: QT-QUORUM\n    title: Q\n"
        "    sources: [{cite: ToR}]\n    kind: quorum\n"
        "    params: {responsible_authorities: 3}\n    guidance: Q.\n")
    rules = Library(shipped=tmp_path).resolve(["quorum-test"])
    secret = meeting("SECRET-1", date(2024, 9, 9), restricted=True)
    finding = run_audit(records(meetings=(secret,)), rules, "2024-25", None,
                        date(2026, 1, 1)).findings[0]
    assert finding.status == "amber" and "SECRET-1" in finding.reason
    assert finding.public_reason is not None and "SECRET-1" not in finding.public_reason
    assert all(e.restricted for e in finding.evidence)


def test_attendance_at_a_restricted_meeting_is_restricted_evidence(tmp_path: Path) -> None:
    """Attendance rows carry no flag of their own: they take their meeting's restriction."""
    (tmp_path / "public-test.yaml").write_text(
        "id: public-test\ntitle: P\nversion: '1'\nrules:\n  - id: PT-PUBLIC\n    title: P\n"
        "    sources: [{cite: SI 2007/1830 reg 12}]\n    kind: public_meeting_attendance\n"
        "    params: {sectors: [council, police, fire, health, probation]}\n"
        "    guidance: P.\n")
    rules = Library(shipped=tmp_path).resolve(["public-test"])
    closed = meeting("CLOSED-9", date(2024, 11, 5), body="public", restricted=True)
    open_one = meeting("OPEN-1", date(2024, 10, 5), body="public", row=3)
    rows = (attended("CLOSED-9", ["Council", "Police", "Fire", "ICB", "Probation"])
            + tuple(Attendance("OPEN-1", org, "present", Place("Attendance", 20 + i),
                               senior=True)
                    for i, org in enumerate(["Council", "Police"])))
    finding = run_audit(records(meetings=(closed, open_one), attendance=rows), rules,
                        "2024-25", None, date(2026, 1, 1)).findings[0]
    closed_rows = [e for e in finding.evidence
                   if e.sheet == "Attendance" and e.row is not None and e.row < 20]
    assert closed_rows and all(e.restricted for e in closed_rows)
    assert all(not e.restricted for e in finding.evidence
               if e.sheet == "Attendance" and e.row is not None and e.row >= 20)
    assert all(e.restricted for e in finding.evidence if "CLOSED-9" in e.description)


def test_an_id_inside_a_longer_id_is_not_taken_for_it(tmp_path: Path) -> None:
    (tmp_path / "sa-test.yaml").write_text(
        "id: sa-test\ntitle: S\nversion: '1'\nrules:\n  - id: ST-SA\n    title: S\n"
        "    sources: [{cite: CDA 1998 s6}]\n    kind: document_in_year\n"
        "    params: {kinds: [strategic_assessment]}\n    guidance: S.\n")
    rules = Library(shipped=tmp_path).resolve(["sa-test"])
    public = Document("SA-2024-25", "strategic_assessment", Place("Documents", 2),
                      approved=date(2024, 6, 1))
    hidden = Document("SA-2024", "other", Place("Documents", 3), restricted=True)
    finding = run_audit(records(documents=(public, hidden)), rules, "2024-25", None,
                        date(2026, 1, 1)).findings[0]
    assert "SA-2024-25" in finding.reason and finding.public_reason is None


def test_the_builders_workbook_audits_without_input_warnings(tmp_path: Path) -> None:
    """Every audit test built from tests/support/builders.py inherits its waiver: it must name a
    real rule, or each of those audits carries an "unknown waiver rule id" warning."""
    from support.builders import minimal_workbook_sheets, write_workbook
    from typer.testing import CliRunner

    from csp_audit.cli.app import app

    workbook = write_workbook(tmp_path / "testshire.xlsx", minimal_workbook_sheets())
    result = CliRunner().invoke(app, ["audit", str(workbook), "--db", str(tmp_path / "a.db"),
                                      "--out", str(tmp_path / "out"), "--year", "2024-25",
                                      "--as-of", "2025-03-31", "--format", "json",
                                      "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert "waives nothing" not in result.stderr
    document = json.loads((tmp_path / "out" / "testshire-2024-25.json").read_text("utf-8"))
    assert document["warnings"] == []
    waived = {f["rule_id"] for f in document["findings"] if f["status"] == "waived"}
    assert waived == {"NAT-PUBLIC-MEETING"}


@pytest.mark.parametrize("as_of", [date(2023, 1, 1), date(2024, 6, 30), date(2024, 10, 31),
                                   date(2030, 1, 1)])
def test_as_of_blanks_every_date_after_it_whatever_field_holds_it(as_of: date) -> None:
    """The engine looks for event dates only in fields annotated `date`: every date after
    as-of, in any field but a period's, is blanked all the same."""
    cut = records_as_of(sample_records(), as_of)
    for kind in ("members", "meetings", "documents", "dhr_cases", "asb_reviews"):
        for record in getattr(cut, kind):
            for field in dataclasses.fields(record):
                value = getattr(record, field.name)
                if field.name not in PERIOD_FIELDS and isinstance(value, date):
                    assert value <= as_of, (kind, field.name)
