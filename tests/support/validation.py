"""Validate a workbook written from sheets, and read its problems as text, for the tests of
what validation says."""

from __future__ import annotations

from pathlib import Path

from support.builders import write_workbook

from csp_audit.workbook.validate import Validation, validate_workbook

Sheets = dict[str, list[list[object]]]


def run(tmp_path: Path, sheets: Sheets, name: str = "book.xlsx") -> Validation:
    return validate_workbook(write_workbook(tmp_path / name, sheets))


def texts(result: Validation, severity: str) -> list[str]:
    """Each problem of one severity, as the user reads it."""
    return [str(p) for p in result.problems if p.severity == severity]
