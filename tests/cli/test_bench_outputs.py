"""The guard for speed work (issue 17): the bench's 2 partnerships x 1 year, loaded, checked
and reported through the real command line, give the same bytes as the goldens recorded
before any speed change. Set CSP_AUDIT_UPDATE_GOLDEN=1 to rewrite tests/golden/bench-2x1/
only after a deliberate change of output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
GOLDEN = ROOT / "tests" / "golden" / "bench-2x1"
UPDATE = os.environ.get("CSP_AUDIT_UPDATE_GOLDEN") == "1"
YEAR = ["--year", "2025-26", "--as-of", "2026-03-31"]
"""The generator's one year is 2025-26; a fixed day keeps every deadline's status fixed."""


def csp_audit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from csp_audit.cli.app import main; main()",
                           *args], capture_output=True, text=True, timeout=300, cwd=ROOT)


def bench_outputs(tmp_path: Path) -> dict[str, bytes]:
    """Every file the pipeline writes, and check's JSON, by name."""
    data, db, out = tmp_path / "data", str(tmp_path / "bench.db"), tmp_path / "out"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--partnerships", "2",
                    "--years", "1", "--out", str(data)], check=True, capture_output=True,
                   timeout=120, cwd=ROOT)
    loaded = csp_audit("load", *map(str, sorted(data.glob("*.xlsx"))), "--db", db)
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    checked = csp_audit("check", "--all", "--db", db, *YEAR, "--format", "json")
    assert checked.returncode in (0, 1), checked.stderr
    for public in ([], ["--public"]):
        reported = csp_audit("report", "--all", "--db", db, *YEAR, "--format",
                             "html,json,md,junit", "--portfolio", "--out", str(out), *public)
        assert reported.returncode == 0, reported.stdout + reported.stderr
    files = {path.name: path.read_bytes() for path in sorted(out.iterdir())}
    return {"check-all.json": checked.stdout.encode(), **files}


def test_bench_outputs_match_the_goldens_made_before_the_speed_work(tmp_path: Path) -> None:
    outputs = bench_outputs(tmp_path)
    assert len(outputs) == 19  # check, 2 x 2 x 4 reports, 2 portfolios
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for name, data in outputs.items():
            (GOLDEN / name).write_bytes(data)
    assert sorted(outputs) == sorted(path.name for path in GOLDEN.iterdir())
    for name, data in outputs.items():
        assert data == (GOLDEN / name).read_bytes(), name
