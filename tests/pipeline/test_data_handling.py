"""How case data is handled: DHR and ASB case rows are restricted unless the workbook says
otherwise, and a whole load-check-report run opens no network connection."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from support.builders import minimal_workbook_sheets, write_workbook
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.workbook.validate import validate_workbook


def test_dhr_and_asb_case_rows_are_restricted_unless_marked_otherwise(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    assert sheets["DHR"][1][-1] is None and sheets["ASB case reviews"][1][-1] is None
    sheets["ASB case reviews"].append(["ASB-2024-02", None, None, None, None, None, "no"])
    records = validate_workbook(write_workbook(tmp_path / "w.xlsx", sheets)).records
    assert records is not None
    assert [case.restricted for case in records.dhr_cases] == [True]
    assert [case.restricted for case in records.asb_reviews] == [True, False]
    assert not any(meeting.restricted for meeting in records.meetings[:1])


def test_a_whole_run_opens_no_network_connection(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network use during a csp-audit run")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    sheets = minimal_workbook_sheets()
    sheets["Partnership"] = [row for row in sheets["Partnership"] if row[0] != "checklist"]
    workbook = write_workbook(tmp_path / "testshire.xlsx", sheets)
    result = CliRunner().invoke(app, [
        "audit", str(workbook), "--db", str(tmp_path / "audit.db"), "--out",
        str(tmp_path / "out"), "--year", "2024-25", "--format", "html,xlsx,json,junit,md",
        "--fail-on", "never"], catch_exceptions=False)
    public = CliRunner().invoke(app, [
        "report", "--db", str(tmp_path / "audit.db"), "--all", "--year", "2024-25",
        "--public", "--format", "html,json", "--out", str(tmp_path / "out")],
        catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert public.exit_code == 0, public.output
    assert attempts == []
    assert len(list((tmp_path / "out").iterdir())) >= 7
