"""docs/report-templates.md keeps its word: its examples render as it says, the files and
blocks it names are shipped, and its sample error is the one a user sees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.report_fixtures import sample_records, sample_result

from csp_audit.model.errors import UsageError
from csp_audit.report.context import build_context
from csp_audit.report.formats import write_reports
from csp_audit.report.templates import options_for

ROOT = Path(__file__).resolve().parent.parent.parent
DOC = (ROOT / "docs" / "report-templates.md").read_text("utf-8")
SHIPPED = ROOT / "reports" / "templates"
EXAMPLE = re.compile(r"```jinja\n\{# (\S+) #\}\n(.*?)```", re.DOTALL)


def examples(folder: Path) -> dict[str, str]:
    """Each `{# name #}` example of the doc, written into `folder` under its name."""
    found = dict(EXAMPLE.findall(DOC))
    folder.mkdir()
    for name, text in found.items():
        (folder / name).write_text(text, "utf-8")
    return found


def html(out: Path, templates: Path | None = None) -> str:
    context = build_context(sample_result(), sample_records(), None, False)
    [path] = write_reports(context, ["html"], out, options_for(templates))
    return path.read_text("utf-8")


def test_the_default_prefix_examples_render_as_the_doc_says(tmp_path: Path) -> None:
    found = examples(tmp_path / "mine")
    assert sorted(found) == ["_report.css.j2", "report.html.j2"]
    assert all("default:" in text for text in found.values())
    mine, shipped = html(tmp_path / "a", tmp_path / "mine"), html(tmp_path / "b")
    assert "Published by the Community Safety Partnership of Testshire" in mine
    assert "Made by csp-audit" in shipped and "Made by csp-audit" not in mine
    assert ".masthead { border-top: 0.5rem solid #00703c; }\n</style>" in mine
    assert mine.split("<style>")[0] == shipped.split("<style>")[0]


def test_the_files_and_blocks_the_doc_names_are_shipped() -> None:
    named = set(re.findall(r"`(_?[\w*]+\.(?:html|md|css)\.j2)`", DOC))
    for name in named:
        assert list(SHIPPED.glob(name)), name
    blocks = set(re.findall(r"\{% block (\w+) %\}", (SHIPPED / "report.html.j2").read_text()))
    assert blocks == {"style", "masthead", "footer"}
    assert all(f"`{block}`" in DOC for block in blocks)


def test_the_sample_error_is_the_one_a_user_sees(tmp_path: Path) -> None:
    [sample] = re.findall(r"^error: (template .*)$", DOC, re.MULTILINE)
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "report.html.j2").write_text("<!doctype html>\n<title>\n{{ partnersip.name }}\n",
                                           "utf-8")
    with pytest.raises(UsageError) as refused:
        html(tmp_path / "out", folder)
    said = str(refused.value).replace(str(folder.resolve()), "/home/me/mine")
    assert said == sample
