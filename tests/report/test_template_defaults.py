"""The shipped templates stay reachable as `default:<name>` beside the user's (--templates),
so an override can extend or include the file it replaces (docs/report-templates.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.report_fixtures import previous_result, sample_records, sample_result

from csp_audit.report.context import build_context
from csp_audit.report.formats import write_portfolio, write_reports
from csp_audit.report.portfolio import build_portfolio_context, portfolio_entry
from csp_audit.report.templates import options_for


def context() -> dict[str, Any]:
    return build_context(sample_result(), sample_records(), previous_result(), False)


def rendered(out: Path, formats: list[str], templates: Path | None = None) -> list[bytes]:
    return [path.read_bytes()
            for path in write_reports(context(), formats, out, options_for(templates))]


@pytest.mark.parametrize("name", ["report.html.j2", "report.md.j2"])
def test_an_override_that_only_extends_its_default_renders_the_same_bytes(
        tmp_path: Path, name: str) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / name).write_text(f'{{% extends "default:{name}" %}}\n', "utf-8")
    fmt = "html" if name.endswith(".html.j2") else "md"
    assert rendered(tmp_path / "a", [fmt], folder) == rendered(tmp_path / "b", [fmt])


def test_an_override_replaces_one_block_and_keeps_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "report.html.j2").write_text(
        '{% extends "default:report.html.j2" %}\n'
        "{% block footer %}<footer>Ours: {{ partnership.code }}</footer>\n{% endblock %}\n",
        "utf-8")
    [mine] = rendered(tmp_path / "a", ["html"], folder)
    [shipped] = rendered(tmp_path / "b", ["html"])
    assert b"<footer>Ours: testshire</footer>" in mine
    assert b"Made by csp-audit" in shipped and b"Made by csp-audit" not in mine
    head = shipped.split(b"<footer>")[0]
    assert mine.startswith(head)


def test_a_partial_override_includes_its_default_in_every_page_that_uses_it(
        tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "_report.css.j2").write_text(
        '{% include "default:_report.css.j2" %}\n.ours { color: #00703c; }\n', "utf-8")
    [mine] = rendered(tmp_path / "a", ["html"], folder)
    [shipped] = rendered(tmp_path / "b", ["html"])
    assert mine == shipped.replace(b"</style>", b".ours { color: #00703c; }\n</style>", 1)
    portfolio = build_portfolio_context([portfolio_entry(context(), None)], False)
    [page] = write_portfolio(portfolio, ["html"], tmp_path / "c", options_for(folder))
    assert ".ours { color: #00703c; }" in page.read_text("utf-8")
