"""Where the shipped checklists and report templates live, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def _find(installed: str, checkout: str) -> Path:
    packaged = _PACKAGE / "_data" / installed
    return packaged if packaged.is_dir() else _CHECKOUT / checkout


def checklists_dir() -> Path:
    return _find("checklists", "checklists")


def templates_dir() -> Path:
    return _find("templates", "reports/templates")
