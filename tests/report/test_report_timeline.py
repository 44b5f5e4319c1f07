"""The year at a glance says truly what the version shows: the public version counts only
the events it shows and says how many restricted ones it leaves out, never that its table
lists every event (never 'Case deadlines: 0. Case deadlines met: 4')."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from support.report_contexts import officers_context
from support.report_fixtures import PLANTED, sample_records, sample_result

from csp_audit.report.context import build_context
from csp_audit.report.formats import write_reports
from csp_audit.report.templates import options_for


def page(tmp_path: Path, public: bool) -> str:
    context = build_context(sample_result(), sample_records(), None, public)
    [path] = write_reports(context, ["html"], tmp_path, options_for())
    return path.read_text("utf-8")


def timeline_text(html: str) -> tuple[str, str, int]:
    """The timeline's description, the sentence under its table, and its table's rows."""
    desc = re.search(r'<desc id="timeline-desc">(.*?)</desc>', html, re.S).group(1)
    table = html[html.index("<caption>Events of the year</caption>"):]
    rows = table[:table.index("</table>")].count("<tr><td>")
    note = re.search(r"<p>(Case deadlines the rules judged.*?)</p>", table, re.S).group(1)
    return desc, note, rows


def test_the_public_timeline_counts_what_it_shows_and_says_what_it_leaves_out(
        tmp_path: Path) -> None:
    desc, note, rows = timeline_text(page(tmp_path, public=True))
    lanes = dict(re.findall(r"(?:^|; )([A-Z][a-z ]+): (\d+)", desc.split(".")[0]))
    assert lanes["Case deadlines"] == "0"
    assert "Case deadlines met: 0, missed: 0, not yet due: 0." in desc
    assert rows == sum(map(int, lanes.values()))
    left_out = ("4 restricted events are left out of the public version and not counted "
                "here.")
    assert left_out in desc and "The table below lists every other event." in desc
    assert "lists every event." not in desc
    assert note == f"Case deadlines the rules judged in the year: 0 met, 0 missed. {left_out}"
    assert not [v for v in PLANTED.values() if v in desc + note]


def test_the_officers_timeline_lists_every_event(tmp_path: Path) -> None:
    desc, note, _ = timeline_text(page(tmp_path, public=False))
    assert "Case deadlines met: 1, missed: 1, not yet due: 0." in desc
    assert desc.endswith("The table below lists every event.")
    assert "restricted" not in desc + note


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
