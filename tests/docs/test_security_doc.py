"""SECURITY.md keeps its word: every test it cites exists, and every promise cites one."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SECURITY = ROOT / "SECURITY.md"
CITATION = re.compile(r"`(tests/[\w/]+\.py)::(\w+)(?:\[([^\]]+)\])?`")


def _tests_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return {node.name for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def test_every_cited_test_exists() -> None:
    citations = CITATION.findall(SECURITY.read_text("utf-8"))
    assert len(citations) > 40
    missing = []
    for file, name, case in citations:
        path = ROOT / file
        if not path.is_file() or name not in _tests_in(path):
            missing.append(f"{file}::{name}")
        elif case and f'"{case}"' not in path.read_text("utf-8"):
            missing.append(f"{file}::{name}[{case}]")
    assert missing == []


def test_every_promise_names_its_test() -> None:
    text = SECURITY.read_text("utf-8").split("## Not promised")[0]
    promises = re.split(r"\n(?=- \*\*)", text)[1:]
    assert len(promises) > 20
    unproven = [promise.splitlines()[0] for promise in promises
                if not CITATION.search(promise.split("\n## ")[0])]
    assert unproven == []


def test_the_limits_table_matches_limits_py() -> None:
    from csp_audit.workbook import limits

    text = SECURITY.read_text("utf-8")
    for number in (limits.MAX_FILE_BYTES // limits.MB, limits.MAX_MEMBER_BYTES // limits.MB,
                   limits.MAX_TOTAL_BYTES // limits.MB):
        assert f"| {number} MB |" in text
    for number in (limits.MAX_ZIP_MEMBERS, limits.MAX_ROWS_PER_SHEET,
                   limits.MAX_CELLS_PER_SHEET, limits.MAX_CELL_CHARS):
        assert f"{number:,}" in text
    assert f"| {limits.MAX_COMPRESSION_RATIO} times |" in text
    assert f"| {limits.MAX_COLUMNS_PER_SHEET} (A to ZZ) |" in text
