"""Clean exits: only regular files are read (a device, a FIFO or a pipe is one error
naming it, exit 2, at once), a checklist that is not UTF-8 is one error naming the file and
the byte in every command that reads checklists, and nothing prints a traceback after its
error (a template onto a full disk)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.commands import run, workbook
from support.faults import tiny_disk

COMMAND = [sys.executable, "-m", "csp_audit.cli"]


def cli(*args: object, stdin: object = None, timeout: float = 20
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COMMAND, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, stdin=stdin)


def assert_one_refusal(done: subprocess.CompletedProcess[str], *words: str) -> None:
    output = done.stdout + done.stderr
    assert done.returncode == 2, output
    assert "Traceback" not in output
    errors = [line for line in output.splitlines() if line.lstrip().startswith("error:")]
    assert len(errors) == 1, output
    assert all(word in errors[0] for word in words), errors[0]


def test_validate_refuses_a_device_at_once() -> None:
    assert_one_refusal(cli("validate", "/dev/zero"), "/dev/zero", "is a device")


def test_load_refuses_a_device_at_once(tmp_path: Path) -> None:
    done = cli("load", "/dev/zero", "--db", tmp_path / "audit.db")
    assert_one_refusal(done, "/dev/zero", "is a device")
    assert not (tmp_path / "audit.db").exists()


def test_validate_refuses_a_fifo_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "waiting.xlsx"
    os.mkfifo(fifo)
    assert_one_refusal(cli("validate", fifo), str(fifo), "a pipe or FIFO")


def test_validate_refuses_a_pipe_rather_than_calling_it_empty(tmp_path: Path) -> None:
    source = workbook(tmp_path)
    with source.open("rb") as stream:
        piped = subprocess.Popen(["cat"], stdin=stream, stdout=subprocess.PIPE)
        done = cli("validate", "/dev/stdin", stdin=piped.stdout)
        piped.stdout.close()
        piped.wait()
    assert_one_refusal(done, "/dev/stdin", "a pipe or FIFO")
    assert "empty" not in done.stdout


def windows_checklist(folder: Path) -> Path:
    """A local checklist saved by Notepad as Windows-1252: curly quotes and an é."""
    folder.mkdir(exist_ok=True)
    path = folder / "mine.yaml"
    path.write_bytes("id: mine\ntitle: Our \u2018caf\u00e9\u2019 rules\nversion: '1'\n"
                     "extends: [national]\nrules: []\n".encode("cp1252"))
    return path


@pytest.mark.parametrize("command", ["lint", "list", "check", "report"])
def test_a_checklist_not_in_utf8_is_one_line_naming_the_file_and_byte(
        tmp_path: Path, command: str) -> None:
    path = windows_checklist(tmp_path / "checklists")
    db = tmp_path / "audit.db"
    if command in ("check", "report"):
        assert run("load", workbook(tmp_path), "--db", db).exit_code == 0
    args = {
        "lint": ["checklists", "lint", path],
        "list": ["checklists", "list", "--checklists", path.parent],
        "check": ["check", "--partnership", "testshire", "--year", "2024-25", "--db", db,
                  "--checklists", path.parent],
        "report": ["report", "--partnership", "testshire", "--year", "2024-25", "--db", db,
                   "--checklists", path.parent, "--out", tmp_path / "out"],
    }[command]
    assert_one_refusal(cli(*args), str(path), "not UTF-8", "0x91", "line 2")


def test_a_template_onto_a_full_disk_is_one_error_and_no_traceback(tmp_path: Path) -> None:
    with tiny_disk(tmp_path / "disk", "20k") as disk:
        done = cli("template", disk / "mine.xlsx")
        assert_one_refusal(done, "cannot write", "No space left on device")
        assert list(disk.iterdir()) == []
