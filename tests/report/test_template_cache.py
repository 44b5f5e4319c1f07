"""The compiled-template cache: kept out of the user's home during tests, and never able to
break a report (a folder that cannot be made or written, a file that is not a cache file)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from jinja2.bccache import bc_magic
from support.report_fixtures import previous_result, sample_records, sample_result

from csp_audit.report.context import build_context
from csp_audit.report.formats import write_reports
from csp_audit.report.templates import bytecode_cache, cache_folder, options_for

FORMATS = ["html", "md"]


def render(out: Path) -> dict[str, bytes]:
    context = build_context(sample_result(), sample_records(), previous_result(), False)
    paths = write_reports(context, FORMATS, out, options_for())
    return {path.suffix: path.read_bytes() for path in paths}


@pytest.fixture
def uncached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """The reports compiled without any cache: what every cached run must match."""
    monkeypatch.setenv("CSP_AUDIT_NO_CACHE", "1")
    assert bytecode_cache() is None
    reports = render(tmp_path / "uncached")
    monkeypatch.delenv("CSP_AUDIT_NO_CACHE")
    return reports


def test_the_test_session_keeps_its_cache_out_of_the_home_folder(
        template_cache_in_tmp: Path) -> None:
    folder = cache_folder()
    assert folder is not None and folder.is_relative_to(template_cache_in_tmp)
    assert not folder.is_relative_to(Path.home() / ".cache")


def test_cached_reports_are_the_uncached_bytes_and_the_cache_is_filled(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uncached: dict[str, bytes]) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert render(tmp_path / "first") == uncached
    cached = list((tmp_path / "cache" / "csp-audit" / "templates").iterdir())
    assert cached, "the templates were not cached"
    assert render(tmp_path / "second") == uncached


def test_a_cache_folder_that_cannot_be_made_means_no_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uncached: dict[str, bytes]) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert bytecode_cache() is None
    assert render(tmp_path / "out") == uncached


def test_a_cache_folder_gone_or_unwritable_mid_run_does_not_stop_the_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uncached: dict[str, bytes]) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    options = options_for()
    folder = tmp_path / "cache" / "csp-audit" / "templates"
    folder.rmdir()
    context = build_context(sample_result(), sample_records(), previous_result(), False)
    paths = write_reports(context, FORMATS, tmp_path / "out", options)
    assert {path.suffix: path.read_bytes() for path in paths} == uncached


def test_a_corrupt_or_foreign_cache_file_is_compiled_afresh(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uncached: dict[str, bytes]) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    render(tmp_path / "fill")
    folder = tmp_path / "cache" / "csp-audit" / "templates"
    files = sorted(folder.iterdir())
    for number, path in enumerate(files):
        # truncated after a good header, or not a cache file at all
        path.write_bytes(bc_magic + b"\x80" if number % 2 else b"not a cache file")
    assert render(tmp_path / "out") == uncached


def test_a_relative_xdg_cache_home_is_ignored_for_the_home_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_folder() == tmp_path / ".cache" / "csp-audit" / "templates"


def test_no_cache_without_a_home_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)
    assert cache_folder() is None
