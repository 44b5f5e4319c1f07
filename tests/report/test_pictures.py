"""The report's pictures (report/pictures.py): each status bar segment named with its count
and status, labels of narrow segments under the bar without overlapping, and whole
organisation names in the attendance heat map."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from support.report_contexts import officers_context
from support.report_fixtures import sample_records, sample_result

from csp_audit.report.context import build_context
from csp_audit.report.formats import write_reports
from csp_audit.report.pictures import BAR_WIDTH, label_width, status_bar_context
from csp_audit.report.templates import options_for


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
