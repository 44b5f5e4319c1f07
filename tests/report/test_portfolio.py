"""The portfolio report: partnerships x rules, counts per rule, HTML and XLSX, and the
`report --portfolio` command on a real SQLite file."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support.axe import axe, describe
from support.report_contexts import portfolio_context
from support.report_fixtures import PLANTED, previous_result, sample_records, sample_result
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.model.findings import count_statuses, overall_status
from csp_audit.report.context import build_context
from csp_audit.report.formats import write_portfolio
from csp_audit.report.portfolio import build_portfolio_context, portfolio_entry
from csp_audit.report.templates import options_for
from csp_audit.report.xlsx import TAG_STYLES
from csp_audit.store.connect import open_database
from csp_audit.store.records import ImportInfo, save_records
from csp_audit.store.runs import save_audit

runner = CliRunner()


def otherton():
    """A second partnership: no local rule TST-PAPERS, and NAT-DHR-DECISION green."""
    findings = tuple(replace(f, status="green") if f.rule_id == "NAT-DHR-DECISION" else f
                     for f in sample_result().findings if f.rule_id != "TST-PAPERS")
    return replace(sample_result(), partnership_code="otherton",
                   partnership_name="Otherton Community Safety Partnership",
                   findings=findings, overall=overall_status(findings),
                   summary=count_statuses(findings))


def portfolio(public: bool = False, reports: bool = True) -> dict:
    entries = []
    for result in (sample_result(), otherton()):
        context = build_context(result, sample_records(), None, public)
        report = f"{result.partnership_code}-2024-25.html" if reports else None
        entries.append(portfolio_entry(context, report))
    return build_portfolio_context(entries, public)


def counts(context: dict, rule_id: str) -> dict[str, int]:
    rule = next(r for r in context["rules"] if r["rule_id"] == rule_id)
    return {c["status"]: c["count"] for c in rule["counts"]} | {"none": rule["not_checked"]}


def test_counts_partnerships_per_rule_and_status() -> None:
    context = portfolio()
    assert counts(context, "NAT-DHR-DECISION") == {
        "red": 1, "amber": 0, "green": 1, "waived": 0, "not_applicable": 0, "none": 0}
    assert counts(context, "NAT-PUBLIC-MEETING")["waived"] == 2
    assert counts(context, "TST-PAPERS") == {
        "red": 0, "amber": 0, "green": 1, "waived": 0, "not_applicable": 0, "none": 1}
    assert {c["status"]: c["count"] for c in context["overall_counts"]} == {
        "red": 1, "amber": 1, "green": 0}


def test_matrix_rows_by_name_cells_in_rule_order_with_links() -> None:
    context = portfolio()
    rule_ids = [r["rule_id"] for r in context["rules"]]
    assert rule_ids[-2:] == ["HM-RA-ATTENDANCE", "TST-PAPERS"]  # statutory, hallmarks, local
    first, second = context["partnerships"]
    assert first["code"] == "otherton" and second["code"] == "testshire"
    assert first["cells"][rule_ids.index("TST-PAPERS")] is None
    cell = second["cells"][rule_ids.index("NAT-DHR-DECISION")]
    assert cell == {"status": "red", "label": "Red",
                    "href": "testshire-2024-25.html#rule-NAT-DHR-DECISION"}
    assert context["years"] == ["2024-25"] and context["as_of"] == "2025-03-31"


def test_html_is_accessible_in_structure_and_names_every_status(tmp_path: Path) -> None:
    [page] = write_portfolio(portfolio(), ["html", "json"], tmp_path, options_for())
    assert page.name == "portfolio-2024-25.html"
    html = page.read_text("utf-8")
    assert '<html lang="en-GB">' in html
    assert not re.search(r"<th[ >](?![^>]*scope=)", html), "a header cell without scope"
    tags = re.findall(r'<strong class="tag tag--(\w+)">([^<]+)</strong>', html)
    assert {status for status, _ in tags} == {"red", "amber", "green", "waived",
                                              "not_applicable"}
    labels = {"red": "Red", "amber": "Amber", "green": "Green", "waived": "Waived",
              "not_applicable": "Not applicable"}
    assert all(labels[status] == word for status, word in tags)
    assert 'href="testshire-2024-25.html#rule-NAT-DHR-DECISION"' in html
    assert "not checked" in html


@pytest.mark.parametrize("public", [False, True], ids=["officers", "public"])
def test_portfolio_html_has_no_wcag_a_or_aa_violation(tmp_path: Path, public: bool) -> None:
    [page] = write_portfolio(portfolio(public), ["html"], tmp_path, options_for())
    violations = axe(page)
    assert not violations, "axe-core found:\n" + describe(violations)


def test_public_portfolio_is_labelled_and_names_no_restricted_record(tmp_path: Path) -> None:
    [page] = write_portfolio(portfolio(public=True), ["html"], tmp_path, options_for())
    html = page.read_text("utf-8")
    assert page.name == "portfolio-2024-25-public.html"
    assert "Public version" in html
    for secret in PLANTED.values():
        assert secret not in html


def test_xlsx_has_counts_and_tags_in_words_and_colours(tmp_path: Path) -> None:
    [path] = write_portfolio(portfolio(), ["xlsx"], tmp_path, options_for())
    again = tmp_path / "again"
    [repeat] = write_portfolio(portfolio(), ["xlsx"], again, options_for())
    assert path.read_bytes() == repeat.read_bytes()
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["By rule", "Matrix"]
    by_rule = {row[0]: row for row in workbook["By rule"].iter_rows(values_only=True)}
    assert by_rule["NAT-DHR-DECISION"][3:9] == (1, 0, 1, 0, 0, 0)
    matrix = workbook["Matrix"]
    header = [cell.value for cell in matrix[1]]
    row = next(r for r in matrix.iter_rows(min_row=2) if r[1].value == "testshire")
    cell = row[header.index("NAT-DHR-DECISION")]
    assert cell.value == "Red"
    assert cell.fill.fgColor.rgb.endswith(TAG_STYLES["red"][1])
    other = next(r for r in matrix.iter_rows(min_row=2) if r[1].value == "otherton")
    assert other[header.index("TST-PAPERS")].value == "–"


def test_report_all_with_portfolio_writes_it_beside_the_reports(tmp_path: Path) -> None:
    db = str(tmp_path / "audit.db")
    engine = open_database(db)
    save_records(engine, sample_records(), ImportInfo("testshire.xlsx", "0" * 64))
    other = replace(sample_records(), partnership=replace(
        sample_records().partnership, code="otherton", name="Otherton CSP"))
    save_records(engine, other, ImportInfo("otherton.xlsx", "1" * 64))
    save_audit(engine, sample_result())
    save_audit(engine, replace(otherton(), partnership_name="Otherton CSP"))
    engine.dispose()
    out = tmp_path / "out"
    result = runner.invoke(app, [
        "report", "--db", db, "--all", "--year", "2024-25", "--as-of", "2025-03-31",
        "--format", "html,json,xlsx", "--portfolio", "--out", str(out)],
        catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "portfolio of 2 partnerships" in result.output
    names = {p.name for p in out.iterdir()}
    assert {"portfolio-2024-25.html", "portfolio-2024-25.xlsx",
            "testshire-2024-25.html", "otherton-2024-25.json"} <= names
    assert "portfolio-2024-25.json" not in names
    html = (out / "portfolio-2024-25.html").read_text("utf-8")
    assert 'href="otherton-2024-25.html"' in html


def test_portfolio_needs_html_or_xlsx(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "--db", str(tmp_path / "a.db"), "--all",
                                 "--format", "json", "--portfolio", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "--portfolio is written as html or xlsx" in result.output


def test_previous_result_fixture_year_is_not_mixed_in() -> None:
    """Entries of different years are listed with their own year, both named in the title."""
    entries = [portfolio_entry(build_context(r, sample_records(), None, False), None)
               for r in (sample_result(), previous_result())]
    context = build_portfolio_context(entries, False)
    assert context["years"] == ["2023-24", "2024-25"]
    assert {p["year"] for p in context["partnerships"]} == {"2023-24", "2024-25"}
    assert all(c is None or c["href"] is None for p in context["partnerships"]
               for c in p["cells"])
    assert date.fromisoformat(context["as_of"]) == date(2025, 3, 31)


@pytest.mark.parametrize("public", [False, True], ids=["officers", "public"])
def test_portfolio_says_truly_what_it_holds(tmp_path: Path, public: bool) -> None:
    [page] = write_portfolio(portfolio_context(public), ["html"], tmp_path, options_for())
    html = unescape(page.read_text("utf-8"))
    assert not [secret for secret in PLANTED.values() if secret in html]
    assert "Do not publish it" not in html
    assert "names no restricted record" in html
    if public:
        assert "links open the public reports" in html
    else:
        assert "links open the officers' reports, which do name restricted records" in html
    unlinked = portfolio_context(public, reports=False)
    assert "links" not in unlinked["version_note"]


def test_portfolio_overall_table_lists_only_ratings_an_overall_can_be(tmp_path: Path) -> None:
    context = portfolio_context(False)
    assert [c["status"] for c in context["overall_counts"]] == ["red", "amber", "green"]
    [page] = write_portfolio(context, ["html"], tmp_path, options_for())
    overall = page.read_text("utf-8").split('<h2 id="overall">', 1)[1].split("</section>")[0]
    assert "Waived" not in overall and "Not applicable" not in overall
    assert "by-rule" not in overall  # the by-rule table still lists every status
    assert [s["status"] for s in context["statuses"]][-2:] == ["waived", "not_applicable"]
