"""Workers end when their command ends, however it ends: SIGKILL of the command (the
kernel kills each worker, prctl PR_SET_PDEATHSIG), SIGTERM (a handler stops the pool and
the command's clean-up runs, exit 143); staged report files a killed command left behind
are removed by the next command writing to the folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from support.commands import run, workbook

from csp_audit.report.files import remove_stale, staged_name

SLOW = """
import time
from csp_audit.pipeline.parallel import in_order
try:
    for _ in in_order(time.sleep, [60] * 4):
        pass
finally:
    print("clean-up ran", flush=True)
"""


def workers_of(parent: int) -> list[int]:
    """The processes whose parent is `parent` (from /proc)."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                children.append(int(entry.name))
    return children


def ended(pid: int) -> bool:
    """Gone, or a zombie waiting to be reaped: it runs no more."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")


def start_pool() -> tuple[subprocess.Popen[str], list[int]]:
    command = subprocess.Popen([sys.executable, "-c", SLOW], stdout=subprocess.PIPE,
                               text=True, env=os.environ | {"CSP_AUDIT_WORKERS": "2"})
    deadline = time.monotonic() + 20
    while len(workers := workers_of(command.pid)) < 2:
        assert time.monotonic() < deadline, "the pool never started"
        time.sleep(0.05)
    return command, workers


def wait_until_ended(pids: list[int], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not all(ended(pid) for pid in pids):
        assert time.monotonic() < deadline, f"workers still running: {pids}"
        time.sleep(0.05)


def test_workers_end_when_the_command_is_killed() -> None:
    command, workers = start_pool()
    command.kill()
    command.wait(10)
    wait_until_ended(workers)


def test_sigterm_stops_the_pool_after_the_clean_up() -> None:
    command, workers = start_pool()
    command.send_signal(signal.SIGTERM)
    assert command.wait(10) == 143
    assert "clean-up ran" in command.stdout.read()
    wait_until_ended(workers)


def test_staged_files_of_a_killed_command_are_removed_by_the_next(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    gone = subprocess.Popen(["true"])
    gone.wait()
    stale = staged_name(out / "testshire-2024-25.html", f"{gone.pid}-{'a' * 12}")
    stale.write_text("half a report")
    running = staged_name(out / "other-2024-25.html", f"{os.getpid()}-{'b' * 12}")
    running.write_text("another command's report, being written now")
    db = tmp_path / "audit.db"
    assert run("load", workbook(tmp_path), "--db", db).exit_code == 0
    result = run("report", "--partnership", "testshire", "--year", "2024-25", "--db", db,
                 "--out", out, "--format", "json")
    assert result.exit_code == 0, result.output
    assert not stale.exists(), "the killed command's staged file is removed"
    assert running.exists(), "a running command's staged file is never touched"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [running.name, "testshire-2024-25.json"])
    assert remove_stale(out) == []
