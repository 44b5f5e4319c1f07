"""Report defects a new user's trial found: each test failed before its fix."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html import unescape
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support.report_fixtures import (
    PLANTED,
    previous_result,
    previous_run,
    sample_records,
    sample_result,
)

from csp_audit.report.context import AREA_TITLES, build_context, change
from csp_audit.report.formats import write_portfolio, write_reports
from csp_audit.report.pictures import BAR_WIDTH, label_width, status_bar_context
from csp_audit.report.portfolio import build_portfolio_context, portfolio_entry
from csp_audit.report.templates import options_for

NATIONAL = AREA_TITLES["statutory"]


def officers_context(previous: object = None) -> dict:
    return build_context(sample_result(), sample_records(), previous, public=False)


# 1. The area of national rules holds rules resting on guidance and good practice too.

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


# 2. A change to or from a waiver, or not applicable, is its own change.

@pytest.mark.parametrize(("before", "now", "expected"), [
    ("green", "waived", "now_waived"),
    ("red", "waived", "now_waived"),
    ("waived", "green", "no_longer_waived"),
    ("waived", "red", "no_longer_waived"),
    ("waived", "waived", "same"),
    ("not_applicable", "waived", "now_applies"),
    ("waived", "not_applicable", "no_longer_applies"),
    ("green", "amber", "worse"),
    ("amber", "green", "better"),
])
def test_changes_to_or_from_a_waiver_are_named_as_such(before: str, now: str,
                                                       expected: str) -> None:
    assert change(before, now) == expected


def test_trend_says_now_waived_and_counts_it(tmp_path: Path) -> None:
    previous = replace(previous_result(), findings=tuple(
        replace(f, status="green") if f.rule_id == "NAT-PUBLIC-MEETING" else f
        for f in previous_result().findings))
    context = officers_context(previous)
    row = next(c for c in context["trend"]["changes"] if c["rule_id"] == "NAT-PUBLIC-MEETING")
    assert (row["previous"], row["status"], row["change_label"]) == (
        "green", "waived", "now waived")
    assert context["trend"]["counts"]["now_waived"] == 1
    assert "1 now waived" in context["trend"]["line"]
    html, md = write_reports(context, ["html", "md"], tmp_path, options_for())
    assert "- NAT-PUBLIC-MEETING: Green → Waived (now waived)" in md.read_text("utf-8")
    page = html.read_text("utf-8")
    assert "<td>now waived</td>" in page
    assert "Last audit: Green; now Waived.</p>" in page  # said once, not "now ... (now ...)"


# 3. The compared run is named so a reader can find it.

def test_trend_names_the_compared_run_by_year_and_as_of_day(tmp_path: Path) -> None:
    """Not by run id nor when it was made: those depend on the database's history."""
    trend = officers_context(previous_run())["trend"]
    assert trend["run_id"] == 1 and "ran_at" not in trend
    assert trend["compared_with"] == (
        "last year's audit (reporting year 2023-24, as of 31 March 2024)")
    assert trend["line"].startswith(f"Compared with {trend['compared_with']}: ")
    same_year = replace(previous_run(), result=replace(previous_result(), year="2024-25"))
    assert officers_context(same_year)["trend"]["compared_with"] == (
        "an earlier audit of this year (reporting year 2024-25, as of 31 March 2024)")
    [md] = write_reports(officers_context(previous_run()), ["md"], tmp_path, options_for())
    assert "as of 31 March 2024\\): 1 better" in md.read_text("utf-8")
    assert "UTC" not in md.read_text("utf-8")


# 4. The officers' portfolio holds no restricted record; overall is red, amber or green.

def portfolio_context(public: bool, reports: bool = True) -> dict:
    entries = []
    for result in (sample_result(), replace(sample_result(), partnership_code="other",
                                            partnership_name="Other CSP")):
        context = build_context(result, sample_records(), None, public)
        report = f"{result.partnership_code}-2024-25.html" if reports else None
        entries.append(portfolio_entry(context, report))
    return build_portfolio_context(entries, public)


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


# 5. Every segment of the status bar gives its count and status in words.

def segment_texts(svg: str) -> list[str]:
    return re.findall(r'<g role="img" aria-label="([^"]+)">', svg)


def status_bar_svg(html: str) -> str:
    return html.split("<figcaption>Status summary bar</figcaption>", 1)[1].split(
        "</svg>", 1)[0]


def test_every_status_bar_segment_is_named_with_count_and_status(tmp_path: Path) -> None:
    context = officers_context()
    [page] = write_reports(context, ["html"], tmp_path, options_for())
    svg = status_bar_svg(page.read_text("utf-8"))
    shown = [c for c in context["counts"] if c["count"]]
    assert segment_texts(svg) == [f"{c['count']} {c['label']}" for c in shown]
    for segment in context["status_bar"]["segments"]:
        text = f"{segment['count']} {segment['label']}"
        assert f">{text}</text>" in svg.split("</desc>", 1)[1], text
    key = svg.split('<g aria-hidden="true">', 1)[1]
    for c in context["counts"]:
        assert f">{c['count']} {c['label']}</text>" in key  # zero counts too


def test_narrow_segments_get_labels_under_the_bar_that_do_not_overlap() -> None:
    counts = [{"status": s, "label": label, "count": n} for s, label, n in (
        ("red", "Red", 1), ("amber", "Amber", 1), ("green", "Green", 40),
        ("waived", "Waived", 1), ("not_applicable", "Not applicable", 1))]
    bar = status_bar_context(counts, 44)
    segments = bar["segments"]
    assert bar["callouts"]
    assert [s["inside"] for s in segments] == [False, False, True, False, False]
    outside = [s for s in segments if not s["inside"]]
    for left, right in zip(outside, outside[1:], strict=False):
        assert left["label_x"] + label_width(left["text"]) < right["label_x"]
    assert outside[0]["label_x"] >= 0
    assert outside[-1]["label_x"] + label_width(outside[-1]["text"]) <= BAR_WIDTH
    assert segments[-1]["x"] + segments[-1]["width"] == BAR_WIDTH


# 6. The heat map shows whole organisation names.

def test_heatmap_shows_long_organisation_names_whole(tmp_path: Path) -> None:
    long_name = ("Testshire and Wessex Integrated Care Board (Community Safety, Mental "
                 "Health and Substance Misuse Commissioning)")
    records = sample_records()
    members = tuple(replace(m, organisation=long_name) if m.sector == "health" else m
                    for m in records.members)
    attendance = tuple(replace(a, organisation=long_name)
                       if a.organisation == "Testshire Integrated Care Board" else a
                       for a in records.attendance)
    records = replace(records, members=members, attendance=attendance)
    context = build_context(sample_result(), records, None, public=False)
    [page] = write_reports(context, ["html"], tmp_path, options_for())
    svg = page.read_text("utf-8").split('id="heatmap-title"', 1)[1].split("</svg>", 1)[0]
    body = svg.split("</desc>", 1)[1]
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", body)
    assert " ".join(lines).count(long_name) == 1
    assert "…" not in body
    assert all(len(line) <= 34 for line in lines)


# 7. Timeline events say what happened to a document once, and which it was.

def test_timeline_names_approved_and_reviewed_documents_once(tmp_path: Path) -> None:
    context = officers_context()
    documents = next(lane for lane in context["timeline"]["lanes"] if lane["id"] == "documents")
    assert {e["mark"] for e in documents["events"]} <= {"approved", "reviewed", "published"}
    [page] = write_reports(context, ["html"], tmp_path, options_for())
    html = page.read_text("utf-8")
    rows = re.findall(r"<tr><td>[^<]*</td><td>Documents: [^<]*</td><td>[^<]*</td></tr>", html)
    assert rows
    for row in rows:
        assert "approved or reviewed" not in row
        assert max(row.count("approved"), row.count("reviewed"), row.count("published")) == 1
    assert ("<td>Documents: approved</td><td>Partnership plan 2024-27</td>" in html)


def test_a_reviewed_document_is_called_reviewed(tmp_path: Path) -> None:
    records = sample_records()
    reviewed = tuple(replace(d, reviewed=d.approved, approved=None) if d.title ==
                     "Partnership plan 2024-27" else d for d in records.documents)
    context = build_context(sample_result(), replace(records, documents=reviewed), None,
                            public=False)
    [page] = write_reports(context, ["html"], tmp_path, options_for())
    assert ("<td>Documents: reviewed</td><td>Partnership plan 2024-27</td>"
            in page.read_text("utf-8"))


def test_json_names_the_compared_run_by_year_and_id(tmp_path: Path) -> None:
    [path] = write_reports(officers_context(previous_run()), ["json"], tmp_path, options_for())
    document = json.loads(path.read_text("utf-8"))
    assert document["schema_minor"] == 3
    assert (document["previous_as_of"], document["previous_year"],
            document["previous_run_id"]) == ("2024-03-31", "2023-24", 1)
    [path] = write_reports(officers_context(), ["json"], tmp_path / "none", options_for())
    document = json.loads(path.read_text("utf-8"))
    assert document["previous_year"] is None and document["previous_run_id"] is None
