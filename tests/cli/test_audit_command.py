"""`csp-audit audit`: load, check and report in one step, from a real .xlsx file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from support.builders import minimal_workbook_sheets, write_workbook
from typer.testing import CliRunner

from csp_audit.cli.app import app

runner = CliRunner()
FORMATS = "html,json,junit,md"


def test_audit_loads_checks_and_reports_in_one_step(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Partnership"] = [row for row in sheets["Partnership"] if row[0] != "checklist"]
    workbook = write_workbook(tmp_path / "testshire.xlsx", sheets)
    out = tmp_path / "out"
    result = runner.invoke(app, ["audit", str(workbook), "--out", str(out), "--year",
                                 "2024-25", "--as-of", "2025-03-31", "--format", FORMATS,
                                 "--fail-on", "never"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "(audit run now)" in result.output
    document = json.loads((out / "testshire-2024-25.json").read_text("utf-8"))
    assert document["as_of"] == str(date(2025, 3, 31))
    assert {f["rule_id"] for f in document["findings"]} >= {"NAT-RA-MEMBERSHIP", "HM-TOR-REVIEW"}
    red = runner.invoke(app, ["audit", str(workbook), "--out", str(out), "--year", "2024-25",
                              "--format", "json", "--fail-on", "amber"])
    assert red.exit_code == (1 if document["overall"] in ("red", "amber") else 0)
