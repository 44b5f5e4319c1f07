"""What the sample workbooks' planted records lead to when audited for 2024-25: each plant
(sample_data/build_samples.py lists them) gives the finding it was planted for, and the
rules it was not planted against stay as they are."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from csp_audit.model.findings import AuditResult
from csp_audit.rules.checklists import checklists_for
from csp_audit.rules.engine import run_audit
from csp_audit.workbook.validate import validate_workbook

SAMPLE_DATA = Path(__file__).resolve().parent.parent.parent / "sample_data"


def audit(code: str) -> AuditResult:
    records = validate_workbook(SAMPLE_DATA / f"{code}.xlsx").records
    assert records is not None
    checklists = checklists_for(records.partnership)
    return run_audit(records, checklists, "2024-25", date(2025, 3, 31), date(2025, 3, 31))


@pytest.fixture(scope="module")
def thurrock() -> AuditResult:
    return audit("thurrock")


def finding(result: AuditResult, rule_id: str):
    (found,) = [f for f in result.findings if f.rule_id == rule_id]
    return found


def test_thurrock_abolished_police_authority_does_not_count_against_attendance(
        thurrock: AuditResult) -> None:
    attendance = finding(thurrock, "HM-RA-ATTENDANCE")
    assert attendance.status == "green", attendance.reason
    assert "Police Authority not counted" in attendance.reason


def test_thurrock_planted_inquorate_meeting_is_red_counting_the_members_not_the_staff(
        thurrock: AuditResult) -> None:
    """The ToR's quorum is of the statutory and officio members, for decisions: the two
    ex-officio staff are not members (issue 14), so 15 members and 9 needed, not 17 and 10."""
    quorum = finding(thurrock, "THU-QUORUM")
    assert quorum.status == "red"
    assert "TCSP-2024-09" in quorum.reason
    assert "5 members (of 15) represented, 9 needed" in quorum.reason
