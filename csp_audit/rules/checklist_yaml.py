"""A checklist file's YAML as text and fields: read with libyaml where PyYAML has it,
a file that is not UTF-8 said in words, and the topics and document kinds a checklist (and
every checklist it extends) declares, parsed once per text. Kept apart from checklists.py,
which turns the fields into validated rules."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from csp_audit.rules.checklist_problems import DECLARES

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it: eight times faster, same result."""


def not_utf8(raw: bytes, offset: int) -> str:
    """Where a checklist stops being UTF-8, in words: the byte, its line and column, and
    what it would be in Windows-1252 (Notepad's old default, the usual cause)."""
    byte = raw[offset]
    line = raw.count(b"\n", 0, offset) + 1
    column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    try:
        guess = f" ({bytes([byte]).decode('cp1252')!r} in Windows-1252)"
    except UnicodeDecodeError:
        guess = ""
    return (f"is not UTF-8: byte 0x{byte:02X}{guess} at line {line}, column {column}; save "
            "it as UTF-8 (in Notepad: File > Save as, Encoding: UTF-8)")


def declared_by(top: Mapping[str, object], folders: Sequence[Path],
                seen: frozenset[str] = frozenset()) -> dict[str, frozenset[str]]:
    """The topics and kinds a checklist's top-level fields declare, with those of every
    checklist it extends found in `folders` (a later folder wins, as in `Library`)."""
    found: dict[str, frozenset[str]] = {}
    for column, key in DECLARES.items():
        value = top.get(key)
        found[column] = frozenset(k for k in value if isinstance(k, str)) \
            if isinstance(value, dict) else frozenset()
    extends = top.get("extends")
    for parent in extends if isinstance(extends, list) else []:
        if not isinstance(parent, str) or parent in seen:
            continue
        files = [f / f"{parent}{ext}" for f in folders for ext in (".yaml", ".yml")]
        existing = [f for f in files if f.is_file()]
        if not existing:
            continue
        parents = declared_by(_top_of(existing[-1]), folders, seen | {parent})
        found = {column: found[column] | parents.get(column, frozenset()) for column in found}
    return found


def _top_of(path: Path) -> dict[str, object]:
    """A checklist file's top-level fields, or none when it cannot be read (its own load
    says why)."""
    try:
        return _top_of_text(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}


@functools.lru_cache(maxsize=64)
def _top_of_text(text: str) -> dict[str, object]:
    """A checklist's fields, parsed once per text: every checklist extending `national`
    read it again, eleven parses of twenty for the shipped folder. Only read, never changed."""
    data = yaml.load(text, Loader=SAFE_LOADER)
    return data if isinstance(data, dict) else {}
