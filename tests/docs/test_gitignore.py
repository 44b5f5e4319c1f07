"""What the tools generate (demo output, bench data, reports) is ignored by git, and the
sources beside it are not."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize(("path", "ignored"), [
    ("demo/sefton-2024-25.html", True), ("demo/csp-audit.db", True),
    ("bench/data/p001-2024-25.xlsx", True), ("reports/sefton-2024-25.html", True),
    ("public/sefton-2024-25-public.html", True),
    ("reports/templates/report.html.j2", False), ("bench/results.json", False),
])
def test_generated_output_is_ignored_and_sources_are_not(path: str, ignored: bool) -> None:
    import shutil
    import subprocess

    root = Path(__file__).resolve().parent.parent.parent
    if shutil.which("git") is None or not (root / ".git").exists():
        pytest.skip("not a git checkout")
    done = subprocess.run(["git", "check-ignore", "-q", "--no-index", path], cwd=root,
                          timeout=30)
    assert done.returncode == (0 if ignored else 1), path
