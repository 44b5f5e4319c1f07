"""The area of national rules is named for what it holds (law, statutory guidance and good
practice), never 'Statutory duties', in every format and in the portfolio; machines
still read its id `statutory`."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from support.report_contexts import officers_context, portfolio_context
from support.report_fixtures import previous_run, sample_result

from csp_audit.report.context import AREA_TITLES
from csp_audit.report.formats import write_reports
from csp_audit.report.templates import options_for

NATIONAL = AREA_TITLES["statutory"]


def test_national_area_is_not_called_statutory_duties_in_any_format(tmp_path: Path) -> None:
    rules = sample_result().findings
    assert any(f.area == "statutory" and not f.statutory for f in rules)
    assert "statutory duties" not in NATIONAL.lower()
    assert "statutory guidance" in NATIONAL and "law" in NATIONAL
    paths = write_reports(officers_context(previous_run()),
                          ["html", "md", "json", "junit", "xlsx"], tmp_path, options_for())
    texts = {p.suffix: p.read_text("utf-8") for p in paths if p.suffix != ".xlsx"}
    for suffix, text in texts.items():
        assert "Statutory duties" not in text, suffix
    assert f'<h2 id="area-statutory">{NATIONAL}</h2>' in texts[".html"]
    assert f"## {NATIONAL}\n" in texts[".md"]
    assert f"2024-25: {NATIONAL}" in texts[".xml"]
    assert '"area": "statutory"' in texts[".json"]  # the id machines read is unchanged
    [xlsx] = [p for p in paths if p.suffix == ".xlsx"]
    areas = {row[2] for row in load_workbook(xlsx)["Action plan"].iter_rows(
        min_row=2, values_only=True) if row[0]}
    assert NATIONAL in areas and "Statutory duties" not in areas


def test_portfolio_names_the_national_area_truly() -> None:
    context = portfolio_context(False)
    titles = {r["area_title"] for r in context["rules"] if r["area"] == "statutory"}
    assert titles == {"National rules: law, statutory guidance and good practice"}
