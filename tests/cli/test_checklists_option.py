"""--checklists DIR: the partnership's own checklists, read by audit and report as by
check, a missing folder refused before loading, and one meaning in every command's help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.commands import run, workbook

LOCAL_CHECKLIST = """\
id: mytown
title: "Mytown CSP terms of reference"
version: "1"
extends: [national, hallmarks]
rules:
  - id: MYT-BOARD-AGENDA
    title: Domestic abuse on every board agenda
    statutory: false
    sources:
      - cite: "Mytown ToR (2024), para 3"
    kind: agenda_topic_each_meeting
    params: {body: board, topic: domestic_abuse}
    guidance: Put domestic abuse on every board agenda.
"""


def local_folder(tmp_path: Path) -> Path:
    """A folder holding the partnership's own checklist, as a partnership keeps it."""
    folder = tmp_path / "our-checklists"
    folder.mkdir()
    (folder / "mytown.yaml").write_text(LOCAL_CHECKLIST, encoding="utf-8")
    return folder


def test_audit_reads_the_partnerships_own_checklist_from_checklists(tmp_path: Path) -> None:
    book = workbook(tmp_path, checklist="mytown")
    out = tmp_path / "out"
    refused = run("audit", book, "--out", out, "--format", "json", "--year", "2024-25",
                  "--fail-on", "never")
    assert refused.exit_code == 2
    assert "pass --checklists DIR holding mytown.yaml" in refused.stderr
    result = run("audit", book, "--out", out, "--format", "json", "--year", "2024-25",
                 "--fail-on", "never", "--checklists", local_folder(tmp_path))
    assert result.exit_code == 0, result.output
    findings = json.loads((out / "testshire-2024-25.json").read_text("utf-8"))["findings"]
    assert "MYT-BOARD-AGENDA" in {finding["rule_id"] for finding in findings}


def test_audit_refuses_a_missing_checklists_folder_before_loading(tmp_path: Path) -> None:
    db = tmp_path / "kept.db"
    result = run("audit", workbook(tmp_path), "--out", tmp_path / "out", "--db", db,
                 "--checklists", tmp_path / "nosuch")
    assert result.exit_code == 2
    assert "checklists folder not found" in result.stderr
    assert "Traceback" not in result.output
    assert not db.exists()


def test_report_runs_the_audit_with_the_partnerships_own_checklist(tmp_path: Path) -> None:
    db = tmp_path / "audit.db"
    assert run("load", workbook(tmp_path, checklist="mytown"), "--db", db).exit_code == 0
    out = tmp_path / "out"
    args = ("report", "--db", db, "--partnership", "testshire", "--year", "2024-25",
            "--format", "json", "--out", out)
    refused = run(*args)
    assert refused.exit_code == 2
    assert "pass --checklists DIR holding mytown.yaml" in refused.stderr
    result = run(*args, "--checklists", local_folder(tmp_path))
    assert result.exit_code == 0, result.output
    assert "(audit run now)" in result.stdout
    findings = json.loads((out / "testshire-2024-25.json").read_text("utf-8"))["findings"]
    assert "MYT-BOARD-AGENDA" in {finding["rule_id"] for finding in findings}


@pytest.mark.parametrize("command", ["audit", "report", "check"])
def test_checklists_has_one_meaning_in_every_command_that_audits(command: str) -> None:
    text = " ".join(run(command, "--help").stdout.split())
    assert "--checklists DIR A folder of your own checklists (repeatable); they may extend " \
           "or replace the shipped ones." in text
