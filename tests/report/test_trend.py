"""'Since the last audit': a change to or from a waiver or not applicable named as such
and counted, and the compared run named by its reporting year and as-of day (and in
JSON by its id), never by when it was made."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from support.report_contexts import officers_context
from support.report_fixtures import previous_result, previous_run

from csp_audit.report.context import change
from csp_audit.report.formats import write_reports
from csp_audit.report.templates import options_for


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


def test_json_names_the_compared_run_by_year_and_id(tmp_path: Path) -> None:
    [path] = write_reports(officers_context(previous_run()), ["json"], tmp_path, options_for())
    document = json.loads(path.read_text("utf-8"))
    assert document["schema_minor"] >= 3  # the minor that added previous_year and _run_id
    assert (document["previous_as_of"], document["previous_year"],
            document["previous_run_id"]) == ("2024-03-31", "2023-24", 1)
    [path] = write_reports(officers_context(), ["json"], tmp_path / "none", options_for())
    document = json.loads(path.read_text("utf-8"))
    assert document["previous_year"] is None and document["previous_run_id"] is None
