"""Renderers: golden files, byte-identical reruns, escaping, and public versions that leak
nothing. Set CSP_AUDIT_UPDATE_GOLDEN=1 to rewrite tests/golden/ after a deliberate change."""

from __future__ import annotations

import html
import json
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from support.report_fixtures import PLANTED, previous_run, sample_records, sample_result

from csp_audit.model.errors import UsageError
from csp_audit.model.findings import Evidence, Source
from csp_audit.report.context import AREA_TITLES, build_context
from csp_audit.report.formats import FORMATS, output_path, parse_formats, write_reports
from csp_audit.report.templates import options_for

GOLDEN = Path(__file__).parent.parent / "golden"
TEXT_FORMATS = ["html", "json", "junit", "md"]
UPDATE = os.environ.get("CSP_AUDIT_UPDATE_GOLDEN") == "1"


def render(out: Path, public: bool, name: str | None = None, formats: list[str] | None = None,
           **options: object) -> dict[str, Path]:
    result = sample_result(name) if name else sample_result()
    records = sample_records(name) if name else sample_records()
    context = build_context(result, records, previous_run(), public)
    chosen = formats or TEXT_FORMATS
    paths = write_reports(context, chosen, out, options_for(**options))  # type: ignore[arg-type]
    return dict(zip(chosen, paths, strict=True))


@pytest.mark.parametrize("public", [False, True], ids=["officers", "public"])
def test_text_formats_match_golden_files(tmp_path: Path, public: bool) -> None:
    for path in render(tmp_path, public).values():
        golden = GOLDEN / path.name
        if UPDATE:
            GOLDEN.mkdir(exist_ok=True)
            golden.write_bytes(path.read_bytes())
        assert golden.exists(), f"no golden file {golden.name}: run with CSP_AUDIT_UPDATE_GOLDEN=1"
        assert path.read_bytes() == golden.read_bytes(), golden.name


def test_rerun_is_byte_identical(tmp_path: Path) -> None:
    first = {k: p.read_bytes() for k, p in render(tmp_path / "a", False).items()}
    second = {k: p.read_bytes() for k, p in render(tmp_path / "b", False).items()}
    assert first == second


def test_public_files_hold_no_restricted_string(tmp_path: Path) -> None:
    officers = render(tmp_path, False)
    public = render(tmp_path, True)
    for fmt in TEXT_FORMATS:
        officers_text = officers[fmt].read_text("utf-8")
        public_text = public[fmt].read_text("utf-8")
        for field, planted in PLANTED.items():
            assert planted in officers_text, (fmt, field)
            assert planted not in public_text, (fmt, field)
        assert "Public version" in public_text
        assert "Officers' version" in html.unescape(officers_text)


def test_public_and_officers_json_agree_on_ratings(tmp_path: Path) -> None:
    officers = json.loads(render(tmp_path, False)["json"].read_text("utf-8"))
    public = json.loads(render(tmp_path, True)["json"].read_text("utf-8"))
    assert officers["overall"] == public["overall"] == "red"
    assert officers["summary"] == public["summary"]
    assert public["version"] == "public" and officers["version"] == "officers"


def test_json_has_the_documented_keys(tmp_path: Path) -> None:
    document = json.loads(render(tmp_path, False)["json"].read_text("utf-8"))
    assert document["schema_version"] == 1
    assert {"partnership", "year", "as_of", "overall", "summary", "findings"} <= set(document)
    for finding in document["findings"]:
        assert {"rule_id", "status", "reason", "source", "evidence", "guidance"} <= set(finding)


def test_data_is_escaped_everywhere(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> & [x](javascript:y)"
    paths = render(tmp_path, False, name=hostile)
    page = paths["html"].read_text("utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; [x](javascript:y)" in page
    md = paths["md"].read_text("utf-8")
    assert "<script>" not in md and "](javascript" not in md
    assert r"\<script\>alert\(1\)\</script\>" in md
    ET.parse(paths["junit"])
    assert json.loads(paths["json"].read_text("utf-8"))["partnership"]["name"] == hostile


def test_html_is_self_contained_and_accessible_in_shape(tmp_path: Path) -> None:
    page = render(tmp_path, False)["html"].read_text("utf-8")
    assert '<html lang="en-GB">' in page
    assert "default-src 'none'; style-src 'unsafe-inline'; img-src data:" in page
    assert "<script" not in page and "src=" not in page.replace("default-src", "")
    for landmark in ("<header", "<nav", "<main id=\"main\"", "<footer"):
        assert landmark in page
    assert 'href="#main">Skip to main content' in page
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == 2
    assert 'role="group" aria-labelledby="status-bar-title"' in page  # its 5 segments named:
    assert page.count('<g role="img" aria-label="') == 5
    assert "<th>" not in page  # every header cell has a scope
    levels = [int(level) for level in re.findall(r"<h([1-6])", page)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_junit_red_fails_amber_only_when_asked(tmp_path: Path) -> None:
    def totals(amber_fails: bool) -> dict[str, str]:
        path = render(tmp_path / str(amber_fails), False, formats=["junit"],
                      junit_amber_fails=amber_fails)["junit"]
        return ET.parse(path).getroot().attrib

    assert totals(False)["failures"] == "1" and totals(False)["skipped"] == "2"
    assert totals(True)["failures"] == "4"
    assert totals(False)["tests"] == "8"


def test_user_templates_override_the_shipped_ones(tmp_path: Path) -> None:
    templates = tmp_path / "mine"
    templates.mkdir()
    (templates / "report.md.j2").write_text("Custom {{ partnership.code }}\n", "utf-8")
    path = render(tmp_path / "out", False, formats=["md"], user_templates=templates)["md"]
    assert path.read_text("utf-8") == "Custom testshire\n"


def test_every_format_choice_maps_to_a_writer() -> None:
    from csp_audit.cli.app import ALL_FORMATS

    assert sorted(parse_formats(ALL_FORMATS)) == sorted(FORMATS)
    assert all(callable(fmt.write) for fmt in FORMATS.values())
    assert parse_formats("md, HTML,md") == ["md", "html"]
    with pytest.raises(UsageError, match="unknown format docx"):
        parse_formats("html,docx")


def test_file_names_never_leave_the_out_folder(tmp_path: Path) -> None:
    context = build_context(sample_result(), sample_records(), None, True)
    context["partnership"]["code"] = "../../etc/passwd"
    path = output_path(tmp_path, context, "html")
    assert path.parent == tmp_path.resolve()
    assert path.name == "etc-passwd-2024-25-public.html"


def test_no_temporary_files_left_behind(tmp_path: Path) -> None:
    render(tmp_path, False)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "testshire-2024-25.html", "testshire-2024-25.json", "testshire-2024-25.junit.xml",
        "testshire-2024-25.md"]


def test_json_schema_document_names_every_key(tmp_path: Path) -> None:
    document = json.loads(render(tmp_path, False)["json"].read_text("utf-8"))
    schema = (Path(__file__).parent.parent.parent / "docs" / "report-json.md").read_text("utf-8")
    keys = set(document) | {key for f in document["findings"] for key in f}
    assert not [key for key in sorted(keys) if f"`{key}`" not in schema]


def test_markdown_gives_sources_with_web_addresses_and_evidence_of_non_green_findings(
        tmp_path: Path) -> None:
    law = Source("Crime and Disorder Act 1998 s5(1)",
                 "https://www.legislation.gov.uk/ukpga/1998/37/section/5")
    result = sample_result()
    rows = tuple(Evidence(f"Meeting {i}", "Meetings", i) for i in range(2, 14))
    amber = replace(result.findings[6], sources=(law, Source("Local [ToR](javascript:x)",
                                                             "javascript:alert(1)")),
                    evidence=rows)
    context = build_context(replace(result, findings=(amber, result.findings[0])),
                            sample_records(), None, False)
    md = write_reports(context, ["md"], tmp_path, options_for())[0].read_text("utf-8")
    assert ("- Sources: Crime and Disorder Act 1998 s5\\(1\\) (https://www.legislation.gov.uk"
            "/ukpga/1998/37/section/5); Local \\[ToR\\]\\(javascript:x\\)\n") in md
    assert "javascript:alert" not in md
    assert "  - Meetings row 2: Meeting 2\n" in md and "  - Meetings row 11: Meeting 11\n" in md
    assert "Meeting 12" not in md and "  - and 2 more (the HTML report lists them all)\n" in md
    assert "### NAT-RA-MEMBERSHIP" not in md  # green: the table row says enough


def test_only_non_statutory_rules_among_the_statutory_duties_say_what_they_rest_on(
        tmp_path: Path) -> None:
    page = html.unescape(render(tmp_path, False, formats=["html"])["html"].read_text("utf-8"))
    assert page.count("Not a statutory duty") == 1  # not on hallmark or local rules
    dhr = page.split('id="rule-NAT-DHR-DECISION"', 1)[1].split("</article>", 1)[0]
    assert ("Not a statutory duty: it rests on statutory guidance (DVCVA 2004 s9(3): must "
            "have regard to it), not the Act itself.") in dhr
    assert "guidance or the terms of reference" not in page


def test_json_and_markdown_say_what_a_non_statutory_rule_rests_on(tmp_path: Path) -> None:
    basis = "statutory guidance (DVCVA 2004 s9(3): must have regard to it), not the Act itself"
    paths = render(tmp_path, False, formats=["json", "md"])
    document = json.loads(paths["json"].read_text("utf-8"))
    assert document["schema_version"] == 1 and document["schema_minor"] >= 1
    by_id = {f["rule_id"]: f for f in document["findings"]}
    assert by_id["NAT-DHR-DECISION"]["basis"] == basis
    assert by_id["NAT-RA-MEMBERSHIP"]["basis"] is None
    md = paths["md"].read_text("utf-8")
    escaped = basis.replace("(", "\\(").replace(")", "\\)")
    statutory = md.split(f"## {AREA_TITLES['statutory']}", 1)[1].split("\n## ", 1)[0]
    assert (f"NAT-DHR-DECISION is not a statutory duty: it rests on {escaped}.\n"
            in statutory)
    detail = statutory.split("### NAT-DHR-DECISION", 1)[1]
    assert f"- Not a statutory duty: it rests on {escaped}.\n" in detail
    assert md.count("not a statutory duty") == 1  # not on hallmark or local rules


def test_warnings_about_the_input_show_near_the_summary_and_public_ones_only_if_safe(
        tmp_path: Path) -> None:
    officers = render(tmp_path / "o", False, formats=["html", "md"])
    public = render(tmp_path / "p", True, formats=["html", "md"])
    page = officers["html"].read_text("utf-8")
    section = page.split('<h2 id="input-warnings">Warnings about the input</h2>', 1)[1]
    assert page.index('id="summary"') < page.index('id="input-warnings"') < page.index(
        'id="trend"')
    assert '<a href="#input-warnings">Warnings about the input</a>' in page
    section = section.split("</section>", 1)[0]
    assert section.count("<li>") == 2 and "left out" not in section
    public_page = public["html"].read_text("utf-8")
    section = public_page.split('id="input-warnings"', 1)[1].split("</section>", 1)[0]
    assert section.count("<li>") == 1 and "rule NAT-FOO, which none" in section
    assert ("1 warning names a restricted record and is left out of this version."
            in section)
    md = public["md"].read_text("utf-8")
    warnings = md.split("## Warnings about the input\n", 1)[1].split("\n## ", 1)[0]
    assert "- Waivers row 3: the waiver names rule NAT-FOO" in warnings
    assert ("- 1 warning names a restricted record and is left out of this version.\n"
            in warnings)
    quiet = build_context(replace(sample_result(), warnings=()), sample_records(), None,
                          False)
    html_path, md_path = write_reports(quiet, ["html", "md"], tmp_path / "q", options_for())
    assert "input-warnings" not in html_path.read_text("utf-8")
    assert "Warnings about the input" not in md_path.read_text("utf-8")


def test_markdown_headings_escape_the_data(tmp_path: Path) -> None:
    result = sample_result(name="# Evil *CSP* | x")
    amber = replace(result.findings[6], title="Title ## with [link](http://x) | pipe")
    context = build_context(replace(result, findings=(amber,)), sample_records(), None, True)
    md = write_reports(context, ["md"], tmp_path, options_for())[0].read_text("utf-8")
    assert md.startswith(r"# \# Evil \*CSP\* \| x: audit of 2024-25")
    assert r"### HM-RA-ATTENDANCE Title \#\# with \[link\]\(http://x\) \| pipe" in md
    assert "1 restricted record is left out of this version." in md
