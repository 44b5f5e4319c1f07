"""The files of one command, written together or not at all.

Why staging: a command writes several files (each format of each partnership, and the
portfolio), and a reader or a CI job must never see half a report, nor this run's HTML
beside last run's JSON. Each file is rendered straight into a hidden staged file beside its
target (`.<name>.<batch>.part`), and only when every file of the command is staged are they
moved into place, one `os.replace` each: a file is written once, then renamed once. When
anything fails, every staged file of the batch is removed and the folder keeps what it had.
A command killed before it could do so (SIGKILL, a power cut) leaves its staged files; a
batch's name starts with the process id that made it, so the next command writing to the
folder removes the staged files of processes that no longer run (`remove_stale`).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from csp_audit.model.errors import UsageError

Staged = tuple[Path, Path]
"""(hidden staged file, the file it becomes): what `commit` moves into place."""


def new_batch() -> str:
    """A name for the files one command stages, unique to it: `<pid>-<random>`."""
    return f"{os.getpid()}-{secrets.token_hex(6)}"


_STAGED = re.compile(r"^\..+\.(?:(\d+)-)?[0-9a-f]{12}\.part$")
UNOWNED_STALE_S = 24 * 3600
"""A staged file whose name carries no process id (from before ids were written) is stale
once this old."""


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, owned by someone else
        return True
    return True


def remove_stale(out: Path) -> list[Path]:
    """Remove the staged files a killed command left in `out`: those of a process that no
    longer runs (never another running command's). Returns the files removed."""
    removed = []
    with contextlib.suppress(OSError):
        for hidden in out.resolve().glob(".*.part"):
            match = _STAGED.match(hidden.name)
            if match is None:
                continue
            pid = match.group(1)
            stale = (not _running(int(pid)) if pid
                     else time.time() - hidden.lstat().st_mtime > UNOWNED_STALE_S)
            if stale and hidden.is_file():
                hidden.unlink(missing_ok=True)
                removed.append(hidden)
    return removed


def staged_name(path: Path, batch: str) -> Path:
    return path.with_name(f".{path.name}.{batch}.part")


def out_folder(out: Path) -> Path:
    """`out`, made when missing; a folder that cannot be made is said in one line."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot create --out {out}: {error.strerror or error}") from None
    return out


def stage(path: Path, batch: str, write: Callable[[Path], None]) -> Staged:
    """Let `write` fill the hidden staged file of `path` in `batch`. The file is made first,
    new (never an existing file or a link planted at that name) and as readable as any file
    the user makes; when `write` fails it is removed and the error goes on."""
    hidden = staged_name(path, batch)
    with open(hidden, "xb"):
        pass
    try:
        write(hidden)
    except BaseException:
        hidden.unlink(missing_ok=True)
        raise
    return hidden, path


def commit(staged: list[Staged]) -> list[Path]:
    """Move every staged file into place, in order; returns the files' paths."""
    for hidden, path in staged:
        try:
            os.replace(hidden, path)
        except OSError as error:
            raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    return [path for _, path in staged]


def discard_batch(out: Path, batch: str) -> None:
    """Remove every file staged under `batch` in `out`, also those a worker process staged
    whose results never came back."""
    with contextlib.suppress(OSError):
        for hidden in out.resolve().glob(f".*.{batch}.part"):
            hidden.unlink(missing_ok=True)


def write_staged(out: Path, stage_all: Callable[[str], list[Staged]]) -> list[Path]:
    """Stage files under a new batch with `stage_all`, then move them all into place; when
    staging (or a move) fails, whatever is still staged is removed."""
    batch = new_batch()
    remove_stale(out)
    try:
        return commit(stage_all(batch))
    except BaseException:
        discard_batch(out, batch)
        raise
