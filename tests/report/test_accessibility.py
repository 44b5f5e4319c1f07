"""WCAG 2.2 AA: axe-core in Debian's headless Chromium finds no violation in the HTML report.

Runs tests/a11y/axe.mjs (playwright-core driving /usr/bin/chromium, never a downloaded
browser). Locally a missing tool skips with the reason; in CI it fails (system_tools.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.axe import axe, describe
from support.report_fixtures import previous_result, sample_records, sample_result

from csp_audit.report.context import build_context
from csp_audit.report.formats import write_reports
from csp_audit.report.templates import options_for


@pytest.mark.parametrize("public", [False, True], ids=["officers", "public"])
def test_html_report_has_no_wcag_a_or_aa_violation(tmp_path: Path, public: bool) -> None:
    context = build_context(sample_result(), sample_records(), previous_result(), public=public)
    [page] = write_reports(context, ["html"], tmp_path, options_for())
    violations = axe(page)
    assert not violations, "axe-core found:\n" + describe(violations)


def test_axe_reports_a_page_that_breaks_the_rules(tmp_path: Path) -> None:
    """The check can fail: a page without lang, with low contrast and an unlabelled image."""
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html><head><title>Bad</title></head><body><main>'
                    '<p style="color:#aaa;background:#fff">faint</p><img src="data:,">'
                    "</main></body></html>", encoding="utf-8")
    found = {violation["id"] for violation in axe(page)}
    assert {"html-has-lang", "color-contrast", "image-alt"} <= found
