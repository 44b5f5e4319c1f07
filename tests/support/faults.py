"""Workbooks and broken machines for the fault tests: read-only files, full disks."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from support.builders import minimal_workbook_sheets, write_workbook
from typer.testing import CliRunner

runner = CliRunner()


def sheets_for(code: str, meetings: int, edition: str) -> dict[str, list[list[object]]]:
    """A valid partnership `code` with `meetings` extra board meetings (each with full
    attendance and agenda), every title marked with `edition` so two loads differ."""
    sheets = minimal_workbook_sheets()
    sheets["Partnership"][1:3] = [["name", f"{code.title()} CSP {edition}"], ["code", code]]
    sheets["Partnership"][4] = ["checklist", "national"]
    organisations = [row[0] for row in sheets["Members"][1:]]
    first = date(2024, 4, 2)
    for number in range(meetings):
        meeting_id = f"X-{number:04d}"
        day = first + timedelta(days=number % 300)
        sheets["Meetings"].append([meeting_id, day, "board", f"Board {edition} {number}", "yes",
                                   None, None, None, "no", None, "no"])
        sheets["Attendance"] += [[meeting_id, org, "present", None] for org in organisations]
        sheets["Agenda"] += [[meeting_id, f"Item {edition} {number}.{i}", None, "no"]
                             for i in range(3)]
    return sheets


def workbook(folder: Path, code: str, meetings: int, edition: str) -> Path:
    return write_workbook(folder / f"{code}-{edition}.xlsx", sheets_for(code, meetings, edition))


def one_line_error(result: Any, *words: str) -> str:
    """The CLI refused with exit 2 and said why, with no traceback."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors, result.stderr
    for word in words:
        assert word in errors[0], errors[0]
    return errors[0]


@contextmanager
def immutable(path: Path) -> Iterator[None]:
    """`chattr +i`: refused even to root, who ignores file permissions."""
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not possible here (not root, or no ext2/3/4 file system)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@contextmanager
def tiny_disk(folder: Path, size: str = "400k") -> Iterator[Path]:
    """A tmpfs of `size` at `folder`: a real full disk (needs root and mount)."""
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                              str(folder)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs to fill ({mounted.stderr.strip()}); "
                    "test_a_database_at_its_page_limit_* covers the same path everywhere")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)

