"""Tests that need a system tool (pdfinfo, chromium, node): skip locally, fail in CI.

`make system-deps` installs them where it can; CI (env CI=true) must run every test, so
there a missing tool is a failure with the same message, never a silent skip.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

INSTALL_HINT = "run `make system-deps` (as root) or install it with apt-get"


def missing(reason: str) -> None:
    """Skip with `reason`, or fail when running in CI."""
    message = f"{reason}; {INSTALL_HINT}"
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail(f"CI needs this: {message}")
    pytest.skip(message)


def need_program(name: str, path: str | None = None) -> str:
    """The full path of program `name` (or the fixed `path`), else skip or fail."""
    found = path if path and Path(path).exists() else shutil.which(name)
    if not found:
        missing(f"{path or name} is not installed")
    return str(found)


def need_weasyprint() -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        missing(f"WeasyPrint cannot load ({error})")
