"""The year at a glance says truly what the version shows: the public version counts only
the events it shows and says how many restricted ones it leaves out, never that its table
lists every event (a user trial read 'Case deadlines: 0. Case deadlines met: 4')."""

from __future__ import annotations

import re
from pathlib import Path

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
