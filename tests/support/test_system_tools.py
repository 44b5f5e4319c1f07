"""A test needing a missing system tool skips locally but fails in CI (CI=true)."""

from __future__ import annotations

import pytest
from _pytest.outcomes import Failed, Skipped
from support.system_tools import missing, need_program


def test_missing_tool_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(Skipped, match="no-such-tool is not installed; run `make system-deps`"):
        need_program("no-such-tool")


def test_missing_tool_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(Failed, match="CI needs this: pdfinfo is missing"):
        missing("pdfinfo is missing")


def test_present_program_is_found_by_path() -> None:
    assert need_program("sh").endswith("/sh")
