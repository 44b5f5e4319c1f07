"""Security of what csp-audit writes: HTML that cannot run anything, spreadsheets that cannot
compute anything, files only inside --out, a template with no personal data, and public
versions that never leak a restricted row (a property over random restricted flags)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support.builders import minimal_workbook_sheets, write_workbook
from support.report_fixtures import sample_records, sample_result
from typer.testing import CliRunner

from csp_audit.cli.app import app
from csp_audit.model.contract import SHEETS
from csp_audit.model.findings import Source
from csp_audit.report.context import build_context
from csp_audit.report.formats import write_reports
from csp_audit.report.templates import options_for

runner = CliRunner()
TEXT_FORMATS = ["html", "json", "junit", "md", "xlsx"]


def attack(field: str) -> str:
    """Markup, an event handler, a script URL and a formula, tagged with `field`."""
    return (f'{field} <script>alert("{field}")</script>"><img src=x onerror=alert(1)> '
            f"javascript:alert(1) {{{{7*7}}}} ]]>")


def hostile_sheets() -> dict[str, list[list[object]]]:
    """The minimal partnership with an attack in every free-text cell it has."""
    sheets = minimal_workbook_sheets()
    sheets["Partnership"][1] = ["name", attack("partnership-name")]
    sheets["Partnership"][4] = ["checklist", "national"]
    members = sheets["Members"]
    renamed = {}
    for number, row in enumerate(members[1:], start=1):
        renamed[row[0]] = f"=HYPERLINK(\"http://evil.example\",\"org{number}\") {attack('org')}"
        row[0] = renamed[row[0]]
        row[4] = attack("representative")
        row[6] = attack("deputy") if row[6] else None
    for row in sheets["Attendance"][1:]:
        row[1] = renamed[row[1]]
    meeting_ids = {}
    for number, row in enumerate(sheets["Meetings"][1:], start=1):
        meeting_ids[row[0]] = f"<b>M{number}</b>\"onmouseover=alert(1)"
        row[0] = meeting_ids[row[0]]
        row[3] = attack("meeting-title")
    for sheet in ("Attendance", "Agenda"):
        for row in sheets[sheet][1:]:
            row[0] = meeting_ids[row[0]]
    for row in sheets["Agenda"][1:]:
        row[1] = "+cmd|' /C calc'!A0 " + attack("agenda-item")
    for number, row in enumerate(sheets["Documents"][1:], start=1):
        row[0] = f"D{number}<svg onload=alert(1)>"
        row[2] = "@SUM(1+1) " + attack("document-title")
        row[8] = "; ".join(renamed.values()) if row[8] else None
        row[10] = "javascript:alert(document.cookie)"
    sheets["DHR"][1][0] = "<iframe src=javascript:alert(1)>"
    sheets["ASB case reviews"][1][0] = "-2+3 <style>*{display:none}</style>"
    sheets["Waivers"][1][1] = attack("waiver-reason")
    sheets["Waivers"][1][2] = attack("approved-by")
    return sheets


def write_typed_text(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """As `builders.write_workbook`, but text starting with `=` is text typed after Excel's
    apostrophe (a string cell), as a user would enter it, not a formula."""
    write_workbook(path, sheets)
    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    cell.quotePrefix = True
    book.save(path)
    return path


class Markup(HTMLParser):
    """Every element, attribute and text run of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.meta: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = {name: value or "" for name, value in attrs}
        self.attributes += [(tag, name, value) for name, value in values.items()]
        if tag == "meta":
            self.meta.append(values)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(path: Path) -> Markup:
    page = Markup()
    page.feed(path.read_text("utf-8"))
    page.close()
    return page


def assert_inert(page: Markup) -> None:
    """No element, handler or link a planted string could have made."""
    assert not {"script", "img", "iframe", "object", "embed", "base", "form"} & set(page.tags)
    assert not [a for a in page.attributes if a[1].startswith("on")]
    for tag, name, value in page.attributes:
        if name in ("href", "src", "action", "xlink:href", "formaction"):
            assert value.startswith(("#", "https://", "http://")) or REPORT_LINK.fullmatch(
                value), (tag, name, value)
    assert "style" not in {name for _, name, _ in page.attributes}


REPORT_LINK = re.compile(r"[A-Za-z0-9._-]+\.html(#[A-Za-z0-9_-]+)?")
"""The portfolio links to each partnership's report beside it, by file name."""


def content_security_policy(page: Markup) -> dict[str, str]:
    (policy,) = [m["content"] for m in page.meta
                 if m.get("http-equiv", "").lower() == "content-security-policy"]
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


@pytest.fixture(scope="module")
def hostile_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The hostile workbook loaded and reported, officers' and public versions."""
    folder = tmp_path_factory.mktemp("hostile")
    path = write_typed_text(folder / "hostile.xlsx", hostile_sheets())
    db = folder / "audit.db"
    loaded = runner.invoke(app, ["load", str(path), "--db", str(db)])
    assert loaded.exit_code == 0, loaded.output
    reports = {}
    for public in (False, True):
        args = ["report", "--partnership", "testshire", "--year", "2024-25", "--db", str(db),
                "--out", str(folder / "out"), "--format", ",".join(TEXT_FORMATS)]
        result = runner.invoke(app, args + ["--portfolio"] + (["--public"] if public else []))
        assert result.exit_code == 0, result.output
        suffix = "-public" if public else ""
        for fmt in ("html", "xlsx"):
            name = f"portfolio-2024-25{suffix}.{fmt}"
            reports[f"portfolio-{fmt}{suffix}"] = folder / "out" / name
        for fmt in TEXT_FORMATS:
            extension = "junit.xml" if fmt == "junit" else fmt
            reports[fmt + suffix] = folder / "out" / f"testshire-2024-25{suffix}.{extension}"
    return reports


@pytest.mark.parametrize("version", ["", "-public"], ids=["officers", "public"])
def test_planted_markup_in_every_field_is_shown_as_text_never_run(
    hostile_reports: dict[str, Path], version: str
) -> None:
    page = parse_html(hostile_reports["html" + version])
    assert_inert(page)
    text = "".join(page.text)
    assert '<script>alert("partnership-name")</script>' in text
    if not version:
        assert "onmouseover=alert(1)" in text
    raw = hostile_reports["html" + version].read_text("utf-8")
    assert "<script" not in raw and "<img" not in raw
    assert "{{7*7}}" in text


def test_a_javascript_document_url_never_becomes_a_link(
    hostile_reports: dict[str, Path]
) -> None:
    for version in ("", "-public"):
        hrefs = [v for _, n, v in parse_html(hostile_reports["html" + version]).attributes
                 if n == "href"]
        assert hrefs and not [h for h in hrefs if "javascript" in h.lower()]


def test_a_checklist_source_with_a_script_url_is_cited_but_not_linked(tmp_path: Path) -> None:
    """Checklists may come from the user (--checklists): only http(s) sources are links."""
    result = sample_result()
    bad = Source("Local terms of reference", "javascript:alert(document.domain)")
    findings = (replace(result.findings[0], sources=(bad,)), *result.findings[1:])
    context = build_context(replace(result, findings=findings), sample_records(), None, False)
    (path,) = write_reports(context, ["html"], tmp_path, options_for())
    page = parse_html(path)
    assert_inert(page)
    assert "Local terms of reference" in "".join(page.text)


def test_html_carries_a_content_security_policy_that_forbids_scripts(
    hostile_reports: dict[str, Path]
) -> None:
    for version in ("", "-public"):
        policy = content_security_policy(parse_html(hostile_reports["html" + version]))
        assert policy["default-src"] == "default-src 'none'"
        assert "script-src" not in policy and "script-src-elem" not in policy
        assert not [d for d in policy.values() if "unsafe-eval" in d or "*" in d.split()]


def test_markdown_json_and_junit_keep_the_planted_text_inert(
    hostile_reports: dict[str, Path]
) -> None:
    for version in ("", "-public"):
        markdown = hostile_reports["md" + version].read_text("utf-8")
        assert "\\<script\\>" in markdown or version
        planted = r"(?<!\\)<(script|/script|img|iframe|svg|b>|style)"
        assert not re.findall(planted, markdown), "Markdown would render the planted HTML"
        assert "](javascript:" not in markdown.lower()
        document = json.loads(hostile_reports["json" + version].read_text("utf-8"))
        assert '<script>alert("partnership-name")</script>' in document["partnership"]["name"]
        junit = hostile_reports["junit" + version].read_text("utf-8")
        assert "<script>" not in junit


def formula_cells(path: Path) -> list[str]:
    """Cells that Excel would compute: formulas, or text starting with = + - @ not marked
    as text by a quote prefix."""
    found = []
    for sheet in load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    found.append(f"{sheet.title}!{cell.coordinate}: {cell.value}")
                elif (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@"))
                      and not cell.quotePrefix):
                    found.append(f"{sheet.title}!{cell.coordinate}: {cell.value} (no prefix)")
    return found


def test_the_action_plan_computes_nothing_from_planted_formulas(
    hostile_reports: dict[str, Path]
) -> None:
    for version in ("", "-public"):
        path = hostile_reports["xlsx" + version]
        assert formula_cells(path) == []
        values = [str(c.value) for s in load_workbook(path).worksheets
                  for row in s.iter_rows() for c in row if c.value is not None]
        assert any(v.startswith("=HYPERLINK") for v in values) or version
        assert any(attack("partnership-name") in v for v in values)


@pytest.mark.parametrize("example", [False, True], ids=["blank", "example"])
def test_the_template_holds_no_formula_cells(tmp_path: Path, example: bool) -> None:
    path = tmp_path / "template.xlsx"
    result = runner.invoke(app, ["template", str(path)] + (["--example"] if example else []))
    assert result.exit_code == 0, result.output
    assert formula_cells(path) == []


PERSONAL_DATA = re.compile(
    r"name|e-?mail|phone|mobile|address|post ?code|birth|\bdob\b|\bage\b|gender|ethnic|"
    r"religio|nhs|national insurance|\bni\b|victim|perpetrator|suspect|offender|person",
    re.IGNORECASE)


def test_the_template_asks_for_no_personal_data(tmp_path: Path) -> None:
    """No column asks about a person; the only name is the partnership's own."""
    path = tmp_path / "template.xlsx"
    assert runner.invoke(app, ["template", str(path), "--example"]).exit_code == 0
    book = load_workbook(path)
    contract_sheets = {sheet.name for sheet in SHEETS}
    checked = 0
    for sheet in book.worksheets:
        if sheet.title not in contract_sheets:
            continue
        headers = [str(c.value) for c in sheet[1] if c.value is not None]
        if sheet.title == "Partnership":
            headers = [str(row[0].value) for row in sheet.iter_rows(min_row=2) if row[0].value]
            assert "name" in headers
            headers.remove("name")
        checked += len(headers)
        assert not [h for h in headers if PERSONAL_DATA.search(h)], sheet.title
    assert checked > 40


# -- --out confinement ------------------------------------------------------------------------


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    sheets = minimal_workbook_sheets()
    sheets["Partnership"][4] = ["checklist", "national"]
    workbook = write_workbook(tmp_path / "testshire.xlsx", sheets)
    db = tmp_path / "audit.db"
    assert runner.invoke(app, ["load", str(workbook), "--db", str(db)]).exit_code == 0
    return db


def files_under(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file() or path.is_symlink()}


@pytest.mark.parametrize("code", ["../../escaped", "/tmp/csp-audit-escaped/x", "..", "a/../../b"])
def test_a_hostile_code_in_the_database_cannot_write_outside_out(
    tmp_path: Path, stored: Path, code: str
) -> None:
    """Codes come from workbooks as slugs, but a database may be written by other tools."""
    import sqlite3

    with sqlite3.connect(stored) as conn:
        conn.execute("UPDATE partnership SET code = ?", (code,))
    before = files_under(tmp_path)
    out = tmp_path / "deep" / "out"
    result = runner.invoke(app, ["report", "--partnership", code, "--year", "2024-25", "--db",
                                 str(stored), "--out", str(out), "--format", "html,json,md"])
    assert result.exit_code == 0, result.output
    new = files_under(tmp_path) - before
    assert len(new) == 3 and all(path.parent == out for path in new), new
    assert not Path("/tmp/csp-audit-escaped").exists()


def test_a_symlink_inside_out_is_replaced_not_followed(tmp_path: Path, stored: Path) -> None:
    outside = tmp_path / "outside.html"
    outside.write_text("not yours to overwrite")
    out = tmp_path / "out"
    out.mkdir()
    (out / "testshire-2024-25.html").symlink_to(outside)
    result = runner.invoke(app, ["report", "--partnership", "testshire", "--year", "2024-25",
                                 "--db", str(stored), "--out", str(out), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert outside.read_text() == "not yours to overwrite"
    written = out / "testshire-2024-25.html"
    assert not written.is_symlink() and "<!DOCTYPE html>" in written.read_text("utf-8")


@pytest.mark.parametrize("version", ["", "-public"], ids=["officers", "public"])
def test_the_portfolio_is_inert_too(hostile_reports: dict[str, Path], version: str) -> None:
    page = parse_html(hostile_reports["portfolio-html" + version])
    assert_inert(page)
    assert content_security_policy(page)["default-src"] == "default-src 'none'"
    assert '<script>alert("partnership-name")</script>' in "".join(page.text)
    assert formula_cells(hostile_reports["portfolio-xlsx" + version]) == []
