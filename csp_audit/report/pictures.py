"""The data behind the report's pictures: a timeline of the year and an attendance heat map.

Positions are whole numbers from 0 to 1000 across the reporting year, so templates draw SVG
with simple arithmetic and the output stays byte-stable. In the public version restricted
meetings, documents and case deadlines are left out, also from the counts, which are of the
events the version shows; `withheld` says how many were left out, naming none.

`timeline`: {`start`, `end`, `as_of_pos` (None when as-of is at or after the year end),
`months`: [{`label`, `pos`}], `lanes`: [{`id`, `label`, `events`: [{`date`, `date_label`,
`pos`, `text`, `mark`}]}], `deadlines`: {`met`, `missed`, `open`} (of the deadlines shown),
`withheld` (restricted events left out: public version only, else 0)}. `mark` is `meeting`,
`approved`, `reviewed`, `published`, `met`, `missed` or `open` (a case deadline not yet due
on as-of); a document's `text` is its title alone, as its mark says what happened to it.
Case deadlines are those the findings judged (`Finding.deadlines`), never recomputed here.

`heatmap`: {`meetings`: [{`id`, `date`, `date_label`, `short_label`, `title`}] (board
meetings in the year up to as-of), `organisations`: [{`name`, `name_lines` (the whole name
wrapped to fit beside the map), `responsible_authority`,
`represented`, `recorded`, `cells`: [{`meeting_id`, `letter`, `status`, `label`}]}],
`legend`: [{`letter`, `status`, `label`}], `withheld`}.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta

from csp_audit.model.findings import AuditResult, Deadline
from csp_audit.model.periods import long_date
from csp_audit.model.records import PartnershipRecords

BODY_LABELS: dict[str, str] = {
    "board": "Board meetings",
    "executive": "Executive meetings",
    "public": "Public meetings",
    "task_group": "Task group meetings",
    "scrutiny": "Scrutiny committee",
}
ATTENDANCE: dict[str, tuple[str, str]] = {
    "present": ("P", "Present"),
    "substitute": ("S", "Substitute"),
    "apologies": ("A", "Apologies"),
    "absent": ("X", "Absent"),
}
NOT_RECORDED = ("-", "not_recorded", "Not recorded")
NOT_MEMBER = ("", "not_member", "Not a member then")


@dataclass(frozen=True)
class Year:
    """The part of the reporting year the audit may look at: start to as-of (or year end)."""

    start: date
    end: date
    last: date

    @classmethod
    def of(cls, result: AuditResult) -> Year:
        return cls(result.period_start, result.period_end,
                   min(result.period_end, result.as_of))

    def holds(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.last

    def pos(self, day: date) -> int:
        span = max((self.end - self.start).days, 1)
        return round((day - self.start).days * 1000 / span)


def event(year: Year, day: date, text: str, mark: str) -> dict[str, Any]:
    return {"date": day.isoformat(), "date_label": long_date(day), "pos": year.pos(day),
            "text": text, "mark": mark}


def meeting_lanes(year: Year, records: PartnershipRecords, public: bool) -> tuple[list, int]:
    withheld = 0
    bodies: dict[str, list[dict[str, Any]]] = {}
    for meeting in sorted(records.meetings, key=lambda m: (m.date, m.meeting_id)):
        if not year.holds(meeting.date):
            continue
        if public and meeting.restricted:
            withheld += 1
            continue
        text = meeting.meeting_id + (f": {meeting.title}" if meeting.title else "")
        bodies.setdefault(meeting.body, []).append(event(year, meeting.date, text, "meeting"))
    order = [b for b in BODY_LABELS if b in bodies] + sorted(set(bodies) - set(BODY_LABELS))
    lanes = [
        {"id": body, "label": BODY_LABELS.get(body, body.replace("_", " ").capitalize()),
         "events": bodies[body]}
        for body in order
    ]
    return lanes, withheld


def document_lane(year: Year, records: PartnershipRecords, public: bool) -> tuple[dict, int]:
    withheld = 0
    events = []
    for document in records.documents:
        dated = [(document.approved, "approved"), (document.reviewed, "reviewed"),
                 (document.published, "published")]
        in_year = [(day, mark) for day, mark in dated if year.holds(day)]
        if public and document.restricted:
            withheld += len(in_year)
            continue
        name = document.title or document.document_id
        events.extend(event(year, day, name, mark) for day, mark in in_year)
    events.sort(key=lambda e: (e["date"], e["text"]))
    return {"id": "documents", "label": "Documents", "events": events}, withheld


def case_deadlines(year: Year, result: AuditResult) -> list[Deadline]:
    """The case deadlines the rules judged that fall due in the year, each once, by date.

    They come from the findings (the `case_deadline` kind records the very dates it rated),
    so the timeline agrees with the ratings, local timescales and `only_if` conditions; a
    deadline of a waived rule says so.
    """
    found: dict[tuple[date, str], Deadline] = {}
    for finding in result.findings:
        if finding.kind != "case_deadline":
            continue
        for deadline in finding.deadlines:
            if not year.start <= deadline.due <= year.end:
                continue
            if finding.status == "waived":
                deadline = replace(deadline, text=f"{deadline.text} (rule waived)")
            found.setdefault((deadline.due, deadline.text), deadline)
    return [found[key] for key in sorted(found)]


def month_ticks(year: Year) -> list[dict[str, Any]]:
    ticks = []
    day = year.start
    while day <= year.end:
        ticks.append({"label": f"{day:%b}", "pos": year.pos(day)})
        day = day + relativedelta(months=1)
    return ticks


def timeline_context(
    result: AuditResult, records: PartnershipRecords, public: bool
) -> dict[str, Any]:
    year = Year.of(result)
    lanes, withheld = meeting_lanes(year, records, public)
    documents, hidden_documents = document_lane(year, records, public)
    lanes.append(documents)
    deadlines = case_deadlines(year, result)
    shown = [d for d in deadlines if not (public and d.restricted)]
    lanes.append({"id": "deadlines", "label": "Case deadlines",
                  "events": [event(year, d.due, d.text, d.state) for d in shown]})
    return {
        "start": year.start.isoformat(),
        "end": year.end.isoformat(),
        "as_of_pos": year.pos(result.as_of) if result.as_of < year.end else None,
        "months": month_ticks(year),
        "lanes": lanes,
        "deadlines": {state: sum(1 for d in shown if d.state == state)
                      for state in ("met", "missed", "open")},
        "withheld": withheld + hidden_documents + len(deadlines) - len(shown),
    }


NAME_LINE = 34
"""Characters of an organisation's name per line beside the heat map (300 units at 13px)."""


def name_lines(name: str) -> list[str]:
    """The whole name in lines that fit beside the heat map: wrapped at spaces, and a word
    longer than a line split, so no name is cut short."""
    return textwrap.wrap(name, NAME_LINE, break_on_hyphens=False) or [name]


def heatmap_context(
    result: AuditResult, records: PartnershipRecords, public: bool
) -> dict[str, Any]:
    year = Year.of(result)
    boards = sorted(
        (m for m in records.meetings if m.body == "board" and year.holds(m.date)),
        key=lambda m: (m.date, m.meeting_id),
    )
    withheld = sum(1 for m in boards if public and m.restricted)
    boards = [m for m in boards if not (public and m.restricted)]
    marks = {(a.organisation, a.meeting_id): a.status for a in records.attendance}
    members = [m for m in sorted(records.members, key=lambda m: m.place)
               if any(m.member_on(b.date) for b in boards)
               or (m.member_on(year.start) or m.member_on(year.last))]
    organisations = []
    for member in members:
        cells = []
        for board in boards:
            status = marks.get((member.organisation, board.meeting_id))
            if status in ATTENDANCE:
                letter, text = ATTENDANCE[status]
            elif not member.member_on(board.date):
                letter, status, text = NOT_MEMBER
            else:
                letter, status, text = NOT_RECORDED
            cells.append({"meeting_id": board.meeting_id, "letter": letter,
                          "status": status, "label": text})
        organisations.append({
            "name": member.organisation,
            "name_lines": name_lines(member.organisation),
            "responsible_authority": member.is_responsible_authority,
            "represented": sum(1 for c in cells if c["status"] in ("present", "substitute")),
            "recorded": sum(1 for c in cells if c["status"] in ATTENDANCE),
            "cells": cells,
        })
    legend = [{"letter": letter, "status": status, "label": text}
              for status, (letter, text) in ATTENDANCE.items()]
    legend.append({"letter": NOT_RECORDED[0], "status": NOT_RECORDED[1],
                   "label": NOT_RECORDED[2]})
    legend.append({"letter": NOT_MEMBER[0], "status": NOT_MEMBER[1], "label": NOT_MEMBER[2]})
    return {
        "meetings": [{"id": b.meeting_id, "date": b.date.isoformat(), "date_label":
                      long_date(b.date), "short_label": f"{b.date.day} {b.date:%b}",
                      "title": b.title} for b in boards],
        "organisations": organisations,
        "legend": legend,
        "withheld": withheld,
    }


BAR_WIDTH = 640
"""The status bar's width in SVG units; segments share it by count."""
LABEL_SIZE = 15
"""The bar's labels are 15px bold Arial (Liberation Sans Bold where Arial is missing: the
same widths)."""
BOLD_WIDTHS = dict.fromkeys("0123456789", 556) | {
    " ": 278, "A": 722, "G": 778, "N": 722, "R": 722, "W": 944, "a": 556, "b": 611,
    "c": 556, "d": 611, "e": 556, "i": 278, "l": 278, "m": 889, "n": 611, "o": 611,
    "p": 611, "r": 389, "t": 333, "v": 556}
"""Advance widths in thousandths of an em of Arial Bold (Helvetica-Bold metrics) for the
characters of counts and status labels; any other character counts as the widest, W."""
LABEL_PAD = 6


def label_width(text: str) -> int:
    """The width of `text` in the bar's label font, rounded up: never less than it draws."""
    return -(-sum(BOLD_WIDTHS.get(ch, 944) for ch in text) * LABEL_SIZE // 1000)


def status_bar_context(counts: list[dict[str, Any]], total: int) -> dict[str, Any]:
    """Where each segment of the status bar and its label go: every segment is labelled with
    its count and status in words, inside it when the words fit, else in a row of callouts
    under the bar joined to it by a line (colour is never the only carrier).

    `segments`: [{`status`, `label`, `count`, `text`, `x`, `width`, `inside`, `label_x`,
    `centre`, `label_centre`}]; `callouts` (bool): whether any label sits under the bar."""
    segments = []
    done = 0
    for count in counts:
        if not count["count"]:
            continue
        x = done * BAR_WIDTH // total
        done += count["count"]
        width = done * BAR_WIDTH // total - x
        text = f"{count['count']} {count['label']}"
        segments.append({"status": count["status"], "label": count["label"],
                         "count": count["count"], "text": text, "x": x, "width": width,
                         "centre": x + width // 2,
                         "inside": width >= label_width(text) + 2 * LABEL_PAD,
                         "label_x": x + LABEL_PAD})
    place_callouts([s for s in segments if not s["inside"]])
    for segment in segments:
        segment["label_centre"] = segment["label_x"] + label_width(segment["text"]) // 2
    return {"segments": segments, "callouts": any(not s["inside"] for s in segments)}


def place_callouts(outside: list[dict[str, Any]]) -> None:
    """Lay the labels that do not fit their segment along one row, each as near its
    segment's centre as the others allow, none overlapping and none past either end."""
    end = 0
    for segment in outside:
        wanted = segment["centre"] - label_width(segment["text"]) // 2
        segment["label_x"] = max(wanted, end, 0)
        end = segment["label_x"] + label_width(segment["text"]) + 2 * LABEL_PAD
    limit = BAR_WIDTH
    for segment in reversed(outside):
        segment["label_x"] = min(segment["label_x"], limit - label_width(segment["text"]))
        limit = segment["label_x"] - 2 * LABEL_PAD
