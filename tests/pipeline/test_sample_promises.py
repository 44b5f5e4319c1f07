"""Each kind issue 14 added, on the sample workbooks' 2024-25 records (build_samples.py
lists the plants): one rule of each kind gives the finding its records were built for, and
every seed's report shows new rules both green and not green."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest
import yaml

from csp_audit.model.findings import AuditResult
from csp_audit.rules.checklists import checklists_for
from csp_audit.rules.engine import run_audit
from csp_audit.workbook.validate import validate_workbook

ROOT = Path(__file__).resolve().parents[2]
NEW_KINDS = {"member_field", "membership_includes", "senior_attendance", "chair_from",
             "group_meetings", "group_reports", "group_documents", "reports_in_year",
             "document_order"}


@cache
def audit(code: str) -> AuditResult:
    records = validate_workbook(ROOT / "sample_data" / f"{code}.xlsx").records
    assert records is not None
    return run_audit(records, checklists_for(records.partnership), "2024-25",
                     date(2025, 3, 31), date(2025, 3, 31))


def status(code: str, rule_id: str) -> tuple[str, str]:
    (found,) = [f for f in audit(code).findings if f.rule_id == rule_id]
    return found.status, found.reason


CASES = [
    ("north-east-lincolnshire", "NEL-DEPUTIES", "amber", "records no deputy for Office of"),
    ("thurrock", "THU-MEMBERS", "green", "lists every partner the checklist names"),
    ("norfolk", "NFK-SENIOR-ATTENDANCE", "red", "Probation Service (East of England)"),
    ("thurrock", "THU-CHAIR", "green", "from the police sector"),
    ("norfolk", "NFK-POG-MEETINGS", "red", "Partnership Operations Group leads (0 in"),
    ("richmond", "RIC-TASK-GROUP-REPORTS", "red", "Substance misuse task group (2)"),
    ("richmond", "RIC-TASK-GROUP-WORKPLANS", "red", "for Substance misuse task group"),
    ("thurrock", "THU-REPORTS-LSP", "green", "performance report to Local Strategic"),
    ("north-east-lincolnshire", "NEL-PLAN-AFTER-JSIA", "red", "on or after 21 November 2024"),
]
NEW_RULES = {
    "north-east-lincolnshire": ["NEL-DUTIES-ASSURED", "NEL-PLAN-AFTER-JSIA", "NEL-KEY-PARTNERS",
                                "NEL-DEPUTIES", "NEL-SUBSTITUTES", "NEL-TASK-GROUP-REPORTS",
                                "NEL-TASK-GROUP-PLANS", "NEL-RESOURCES"],
    "norfolk": ["NFK-MEMBERSHIP", "NFK-SENIOR-ATTENDANCE", "NFK-DEPUTIES",
                "NFK-NON-VOTING-MEMBERS", "NFK-PLAN-AFTER-SA", "NFK-POG-MEETINGS",
                "NFK-CHAIR-FROM-RA", "NFK-VICE-CHAIR-ELECTION", "NFK-MEMBERSHIP-PUBLISHED"],
    "sefton": ["SEF-PERFORMANCE", "SEF-CO-OPTED", "SEF-AGENDAS-PUBLIC"],
    "richmond": ["RIC-SENIOR-MEMBERS", "RIC-INVITEES", "RIC-SUBSTITUTES",
                 "RIC-DECISION-CAPACITY", "RIC-MINUTES-ONWARD", "RIC-ACTIONS",
                 "RIC-TASK-GROUP-TOR", "RIC-TASK-GROUP-WORKPLANS"],
    "thurrock": ["THU-CHAIR", "THU-VICE-CHAIR", "THU-REPORTS-LSP", "THU-REPORTS-SAFEGUARDING",
                 "THU-IOM", "THU-SENIOR-MEMBERS", "THU-MEMBERS",
                 "THU-EXECUTIVE-RECOMMENDATIONS"],
}
"""The rules issue 14 added to each seed checklist."""


@pytest.mark.parametrize(("code", "rule_id", "expected", "words"), CASES,
                         ids=[rule_id for _, rule_id, _, _ in CASES])
def test_each_new_kind_on_its_sample(code: str, rule_id: str, expected: str,
                                     words: str) -> None:
    found, reason = status(code, rule_id)
    assert found == expected, reason
    assert words in reason


def test_the_sample_cases_cover_every_new_kind() -> None:
    kinds = {}
    for code in NEW_RULES:
        data = yaml.safe_load((ROOT / "checklists" / f"{code}.yaml").read_text("utf-8"))
        kinds.update({rule["id"]: rule["kind"] for rule in data["rules"]})
    assert {kinds[rule_id] for _, rule_id, _, _ in CASES} == NEW_KINDS


@pytest.mark.parametrize("code", sorted(NEW_RULES))
def test_each_seed_report_shows_new_rules_green_and_not(code: str) -> None:
    statuses = {f.status for f in audit(code).findings if f.rule_id in NEW_RULES[code]}
    assert len([f for f in audit(code).findings if f.rule_id in NEW_RULES[code]]) == len(
        NEW_RULES[code])
    assert "green" in statuses and statuses - {"green"}, statuses


def test_richmond_financial_report_to_note_needs_no_declarations() -> None:
    found, reason = status("richmond", "RIC-FINANCE-DECLARATIONS")
    assert found == "green" and "finance decision item" in reason
