"""The console script freezes the GC once after a bulk command's imports and raises its
youngest generation's threshold (issue 17); `--help` and commands run inside another program
(a test's CliRunner) change neither."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.cli.heap import YOUNGEST_THRESHOLD

ROOT = Path(__file__).resolve().parent.parent.parent
FROZEN_AT_EXIT = """
import atexit, gc, sys
atexit.register(lambda: print("frozen", gc.get_freeze_count(), file=sys.stderr))
sys.argv = ["csp-audit", *sys.argv[1:]]
from csp_audit.cli.app import main
main()
"""


THRESHOLD_AT_EXIT = FROZEN_AT_EXIT.replace('"frozen", gc.get_freeze_count()',
                                           '"threshold", gc.get_threshold()[0]')


def frozen(*args: str, script: str = FROZEN_AT_EXIT) -> int:
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    return int(done.stderr.strip().splitlines()[-1].split()[-1])


@pytest.mark.parametrize("command", [["load", "missing.xlsx", "--db", "{db}"],
                                     ["check", "--all", "--db", "{db}"],
                                     ["report", "--all", "--db", "{db}", "--out", "{out}"],
                                     ["audit", "missing.xlsx", "--out", "{out}"]],
                         ids=lambda command: command[0])
def test_a_bulk_command_freezes_its_imports(command: list[str], tmp_path: Path) -> None:
    """Each stops at its first check, after the imports: the freeze has happened."""
    args = [a.format(db=tmp_path / "none.db", out=tmp_path / "out") for a in command]
    assert frozen(*args) > 10_000


def test_a_bulk_command_raises_the_youngest_threshold(tmp_path: Path) -> None:
    assert frozen("check", "--all", "--db", str(tmp_path / "none.db"),
                  script=THRESHOLD_AT_EXIT) == YOUNGEST_THRESHOLD


def test_help_freezes_nothing() -> None:
    assert frozen("report", "--help") == 0
    assert frozen("report", "--help", script=THRESHOLD_AT_EXIT) == gc.get_threshold()[0]


def test_a_command_run_inside_another_program_freezes_nothing(tmp_path: Path) -> None:
    before, threshold = gc.get_freeze_count(), gc.get_threshold()
    CliRunner().invoke(app, ["check", "--all", "--db", str(tmp_path / "none.db")])
    assert gc.get_freeze_count() == before
    assert gc.get_threshold() == threshold
