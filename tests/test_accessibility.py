"""WCAG 2.2 AA: axe-core in Debian's headless Chromium finds no violation in the HTML report.

Runs tests/a11y/axe.mjs (playwright-core driving /usr/bin/chromium, never a downloaded
browser). Locally a missing tool skips with the reason; in CI it fails (system_tools.py).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from report_fixtures import previous_result, sample_records, sample_result
from system_tools import missing, need_program

from csp_audit.report import build_context
from csp_audit.report.render import options_for, write_reports

A11Y = Path(__file__).parent / "a11y"
CHROMIUM = "/usr/bin/chromium"


def axe(page: Path) -> list[dict]:
    """The violations axe-core finds on `page` (tags wcag2a/aa, wcag21a/aa, wcag22aa)."""
    node = need_program("node")
    need_program("chromium", CHROMIUM)
    for package in ("playwright-core", "axe-core"):
        if not (A11Y / "node_modules" / package).is_dir():
            missing(f"npm package {package} is not installed in {A11Y}")
    done = subprocess.run([node, str(A11Y / "axe.mjs"), str(page)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, f"axe.mjs failed: {done.stderr}"
    result = json.loads(done.stdout)
    assert result["passes"] > 0, "axe checked nothing"
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node['target']}: {node['summary']}" for node in violation["nodes"])
    return "\n".join(lines)


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
