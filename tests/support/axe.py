"""axe-core in Debian's headless Chromium, for the accessibility tests of every page we write."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from support.system_tools import missing, need_program

A11Y = Path(__file__).parent.parent / "a11y"


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

