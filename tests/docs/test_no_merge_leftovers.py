"""No file the project tracks holds a merge's conflict markers: a marker left in the
CHANGELOG or a module reads as nonsense to a user, or breaks the import."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKERS = ("<<<<<<< ", ">>>>>>> ")


def tracked_text_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                            check=True).stdout.split(b"\0")
    return [ROOT / name.decode() for name in listed
            if name and name.decode().endswith((".py", ".md", ".yaml", ".toml", ".html",
                                                ".j2", ".txt", ".cfg", ".css"))]


def test_no_tracked_file_holds_a_conflict_marker() -> None:
    leftovers = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in tracked_text_files() if path.is_file()
        for number, line in enumerate(path.read_text(encoding="utf-8",
                                                     errors="replace").splitlines(), 1)
        if line.startswith(MARKERS) or line == "======="
    ]
    assert not leftovers, leftovers
