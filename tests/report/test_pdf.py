"""The PDF for committee papers: tagged, A4, numbered pages, bookmarks, embedded fonts, and
no restricted string in the public version (text, bookmarks and metadata)."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from support.report_fixtures import PLANTED, previous_result, sample_records, sample_result
from support.system_tools import need_program, need_weasyprint

from csp_audit.model.findings import Evidence
from csp_audit.report.context import AREA_TITLES, build_context
from csp_audit.report.formats import write_reports
from csp_audit.report.pdf import css_string, print_css
from csp_audit.report.templates import html_environment, options_for


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True,
                          timeout=60).stdout


def pdf_info(path: Path) -> dict[str, str]:
    lines = run(need_program("pdfinfo"), str(path)).splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def pdf_text(path: Path, first: int | None = None) -> str:
    pages = ["-f", str(first), "-l", str(first)] if first else []
    return run(need_program("pdftotext"), "-layout", *pages, str(path), "-")


def outline(path: Path) -> list[str]:
    xml = run(need_program("pdftohtml"), "-xml", "-stdout", "-i", "-q", str(path))
    return re.findall(r'<item page="\d+">(.*?)</item>', xml)


def squeeze(text: str) -> str:
    """Text without any whitespace: a string the layout wrapped over two lines still counts."""
    return re.sub(r"\s+", "", text)


def render(tmp_path: Path, public: bool, result=None) -> Path:
    need_weasyprint()
    context = build_context(result or sample_result(), sample_records(), previous_result(),
                            public=public)
    [path] = write_reports(context, ["pdf"], tmp_path, options_for())
    return path


@pytest.fixture(scope="module")
def officers_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(tmp_path_factory.mktemp("officers"), public=False)


@pytest.fixture(scope="module")
def public_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(tmp_path_factory.mktemp("public"), public=True)


def test_pdf_is_tagged_a4_with_embedded_fonts(officers_pdf: Path) -> None:
    info = pdf_info(officers_pdf)
    assert info["Tagged"] == "yes"
    assert info["Page size"].endswith("(A4)")
    assert info["Title"].startswith("Testshire Community Safety Partnership: audit 2024-25")
    fonts = run(need_program("pdffonts"), str(officers_pdf)).splitlines()[2:]
    assert fonts, "no fonts in the PDF"
    assert all(line.split()[-5] == "yes" for line in fonts), fonts


def test_every_page_is_numbered_and_names_the_version(officers_pdf: Path) -> None:
    pages = int(pdf_info(officers_pdf)["Pages"])
    assert pages >= 2
    for page in range(1, pages + 1):
        text = pdf_text(officers_pdf, page)
        assert f"Page {page} of {pages}" in text
        assert "Officers' version" in text
    assert "Testshire Community Safety Partnership, 2024-25: Officers' version" in pdf_text(
        officers_pdf, 2)


def test_bookmarks_follow_the_headings(officers_pdf: Path) -> None:
    marks = outline(officers_pdf)
    assert marks[0] == "Testshire Community Safety Partnership: audit of 2024-25"
    for heading in ("Executive summary", AREA_TITLES["statutory"], "Local terms of reference",
                    "NAT-DHR-DECISION DHR decisions made within one month"):
        assert heading in marks


def test_officers_pdf_shows_restricted_records(officers_pdf: Path) -> None:
    text = squeeze(pdf_text(officers_pdf))
    for field, planted in PLANTED.items():
        assert squeeze(planted) in text, field


def test_public_pdf_has_no_restricted_string(public_pdf: Path) -> None:
    everything = squeeze(pdf_text(public_pdf) + "".join(outline(public_pdf))
                         + "".join(pdf_info(public_pdf).values()))
    for field, planted in PLANTED.items():
        assert squeeze(planted) not in everything, field
    assert "Public version" in pdf_text(public_pdf, 1)
    assert "Overall rating: Red" in pdf_text(public_pdf, 1)


def test_long_evidence_table_repeats_its_header_on_each_page(tmp_path: Path) -> None:
    result = sample_result()
    long = replace(result.findings[0], evidence=tuple(
        Evidence(f"Long evidence row {n}", "Attendance", n + 1) for n in range(1, 121)))
    path = render(tmp_path, public=False,
                  result=replace(result, findings=(long, *result.findings[1:])))
    pages = [pdf_text(path, page) for page in range(1, int(pdf_info(path)["Pages"]) + 1)]
    spanned = [text for text in pages if "Long evidence row" in text]
    assert len(spanned) >= 3
    for text in spanned:
        assert re.search(r"Sheet\s+Row\s+Record", text), text[:400]


def test_same_run_gives_the_same_pdf(officers_pdf: Path, tmp_path: Path) -> None:
    assert render(tmp_path, public=False).read_bytes() == officers_pdf.read_bytes()


def test_pdf_is_the_same_when_fonttools_subsets_the_fonts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Debian's libharfbuzz-subset0 WeasyPrint subsets fonts with fontTools, which
    stamps each font's `head.modified` with the time of the render: the PDF must not."""
    need_weasyprint()
    from fontTools.misc import timeTools
    from weasyprint.pdf import fonts

    monkeypatch.setattr(fonts, "harfbuzz_subset", None)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    renders = []
    for now in (1_750_000_000.0, 1_760_000_000.0):
        monkeypatch.setattr(timeTools, "time", SimpleNamespace(time=lambda now=now: now))
        renders.append(render(tmp_path / str(int(now)), public=False).read_bytes())
    assert renders[0] == renders[1]
    assert "SOURCE_DATE_EPOCH" not in os.environ  # set only while the PDF is written


def test_data_cannot_break_out_of_the_page_stylesheet() -> None:
    context = build_context(sample_result(name='Evil"; } body { visibility: hidden } x{"'),
                            sample_records(), None, public=False)
    css = print_css(context, html_environment())
    assert "Evil" in css
    assert "visibility:" not in css and '"; }' not in css and "&#34;" not in css
    assert css_string('a "b"') == '"a\\000020\\000022b\\000022"'
