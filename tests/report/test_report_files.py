"""The files of a command are rendered straight into hidden staged files and each moved into
place once (csp_audit/report/files.py): no file is written twice, none half."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from support.report_fixtures import previous_result, sample_records, sample_result

from csp_audit.report import files
from csp_audit.report.context import build_context
from csp_audit.report.formats import FORMATS, write_portfolio, write_reports
from csp_audit.report.portfolio import build_portfolio_context, portfolio_entry
from csp_audit.report.templates import options_for


def context() -> dict[str, Any]:
    return build_context(sample_result(), sample_records(), previous_result(), False)


@pytest.fixture
def moves(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every rename the files module makes, as (from, to) names (no template cache, whose
    files are renamed into place too)."""
    monkeypatch.setenv("CSP_AUDIT_NO_CACHE", "1")
    made: list[tuple[str, str]] = []
    replace = os.replace

    def recording(source: Any, target: Any) -> None:
        made.append((Path(source).name, Path(target).name))
        replace(source, target)

    monkeypatch.setattr(files.os, "replace", recording)
    return made


def test_each_report_is_staged_once_and_moved_into_place_once(
        tmp_path: Path, moves: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[str] = []
    write_bytes = Path.write_bytes

    def recording(path: Path, data: bytes) -> int:
        written.append(path.name)
        return write_bytes(path, data)

    monkeypatch.setattr(Path, "write_bytes", recording)
    paths = write_reports(context(), ["html", "json", "md", "junit", "xlsx"], tmp_path,
                          options_for())
    assert [target for _, target in moves] == [path.name for path in paths]
    assert all(source.startswith(f".{target}.") and source.endswith(".part")
               for source, target in moves)
    assert written == [source for source, _ in moves]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)


def test_the_portfolio_is_written_in_the_formats_that_have_a_portfolio_form(
        tmp_path: Path, moves: list[tuple[str, str]]) -> None:
    assert [name for name, fmt in FORMATS.items() if fmt.portfolio] == ["html", "xlsx"]
    portfolio = build_portfolio_context([portfolio_entry(context(), None)], False)
    paths = write_portfolio(portfolio, list(FORMATS), tmp_path, options_for())
    assert [path.name for path in paths] == ["portfolio-2024-25.html", "portfolio-2024-25.xlsx"]
    assert [target for _, target in moves] == [path.name for path in paths]


def test_a_staged_name_already_taken_is_never_written_through(tmp_path: Path) -> None:
    """A file (or a link planted by someone else) at the staged name is refused, not
    followed or overwritten."""
    outside = tmp_path / "outside"
    outside.write_text("theirs", "utf-8")
    target = tmp_path / "out" / "report.html"
    target.parent.mkdir()
    files.staged_name(target, "batch").symlink_to(outside)
    with pytest.raises(FileExistsError):
        files.stage(target, "batch", lambda path: path.write_bytes(b"ours"))
    assert outside.read_text("utf-8") == "theirs"


def test_a_staged_file_is_as_readable_as_any_file_the_user_makes(tmp_path: Path) -> None:
    mask = os.umask(0o027)
    try:
        hidden, _ = files.stage(tmp_path / "report.md", "b", lambda path: path.write_bytes(b"x"))
    finally:
        os.umask(mask)
    assert hidden.stat().st_mode & 0o777 == 0o640
