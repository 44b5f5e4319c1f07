"""`csp-audit due` (issue 15): what falls due after as-of, soonest first, with the rule,
the date and why; dates checked by hand; the .ics read back by icalendar and by a plain
RFC 5545 reader; nothing restricted in --public."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from support.builders import minimal_workbook_sheets, write_workbook
from support.commands import run

SAMPLES = Path(__file__).resolve().parent.parent.parent / "sample_data"


def loaded(tmp_path: Path) -> str:
    """Testshire with a DHR notified on 3 February 2025, terms of reference reviewed on
    12 February 2024 and an open action due 20 March 2025; its database."""
    sheets = minimal_workbook_sheets()
    sheets["Partnership"][4][1] = None
    sheets["DHR"].append(["DHR-2025-01", date(2025, 2, 3), "pending", None, None, None, None,
                          None, None, None, None])
    sheets["Documents"].append(["TOR-2024", "terms_of_reference", "Terms of reference", None,
                                date(2024, 2, 12), None, None, None, None, None, None, None])
    sheets["Actions"] = [
        ["action_id", "rule_id", "action", "owner", "due", "status"],
        ["ACT-1", "NAT-PUBLIC-MEETING", "Hold a public meeting", "CSP Manager",
         date(2025, 3, 20), "in progress"]]
    db = str(tmp_path / "audit.db")
    assert run("load", write_workbook(tmp_path / "testshire.xlsx", sheets), "--db",
               db).exit_code == 0
    return db


def due(db: str, *extra: object) -> object:
    return run("due", "--partnership", "testshire", "--db", db, "--as-of", "05/02/2025",
               *extra)


def test_due_lists_the_hand_checked_dates_soonest_first(tmp_path: Path) -> None:
    result = due(loaded(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    found = [(o["due"], o["rule_id"], o["what"]) for o in document["obligations"]]
    assert found[:3] == [
        ("2025-02-12", "HM-TOR-REVIEW",
         'terms of reference TOR-2024 ("Terms of reference"): next review'),
        ("2025-03-03", "NAT-DHR-DECISION",
         "DHR-2025-01: the decision within 1 month of notification"),
        ("2025-03-20", "HM-ACTIONS-FOLLOWED", "ACT-1: Hold a public meeting"),
    ]
    assert [o["due"] for o in document["obligations"]] == sorted(
        o["due"] for o in document["obligations"])
    assert all(o["why"] for o in document["obligations"])


def test_within_cuts_the_list_and_the_table_says_the_dates(tmp_path: Path) -> None:
    result = due(loaded(tmp_path), "--within", "2w")
    assert result.exit_code == 0, result.output
    assert "14 days after 5 February 2025" in result.output
    assert "12 February 2025" in result.output and "3 March 2025" not in result.output


def unfold(text: str) -> list[str]:
    """RFC 5545 section 3.1: a line starting with a space or tab continues the last."""
    lines: list[str] = []
    for line in text.split("\r\n"):
        if line[:1] in (" ", "\t") and lines:
            lines[-1] += line[1:]
        elif line:
            lines.append(line)
    return lines


def plain_events(text: str) -> list[dict[str, str]]:
    """A second reader, by the RFC alone: each VEVENT's properties, parameters dropped."""
    events, current = [], None
    for line in unfold(text):
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            current[name.split(";")[0]] = value
    return events


def test_the_ics_reads_back_with_the_same_events_and_stable_uids(tmp_path: Path) -> None:
    db = loaded(tmp_path)
    first = due(db, "--format", "ics", "--out", tmp_path / "first.ics")
    assert first.exit_code == 0, first.output
    listed = json.loads(due(db, "--format", "json").output)["obligations"]
    raw = (tmp_path / "first.ics").read_bytes()
    calendar = Calendar.from_ical(raw)
    events = [(e.decoded("dtstart"), str(e["summary"]))
              for e in calendar.walk("VEVENT")]
    assert events == [(date.fromisoformat(o["due"]), o["what"]) for o in listed]
    plain = plain_events(raw.decode("utf-8"))
    assert [(e["DTSTART"], e["SUMMARY"].replace("\\,", ",")) for e in plain] == [
        (o["due"].replace("-", ""), o["what"]) for o in listed]
    assert len({e["UID"] for e in plain}) == len(plain)
    assert due(db, "--format", "ics", "--out", tmp_path / "again.ics").exit_code == 0
    assert (tmp_path / "again.ics").read_bytes() == raw


def test_public_leaves_out_restricted_cases(tmp_path: Path) -> None:
    db = loaded(tmp_path)
    result = due(db, "--format", "ics", "--public")
    assert result.exit_code == 0
    assert "DHR-2025-01" not in result.output and "ACT-1" in result.output
    table = due(db, "--public")
    assert "1 obligation naming restricted records left out" in table.output


def test_a_bad_within_and_an_unknown_partnership_exit_2(tmp_path: Path) -> None:
    db = loaded(tmp_path)
    bad = due(db, "--within", "soon")
    assert bad.exit_code == 2 and "--within 'soon' is not a number of days" in bad.output
    unknown = run("due", "--partnership", "nowhere", "--db", db)
    assert unknown.exit_code == 2 and "no partnership 'nowhere'" in unknown.output


@pytest.mark.parametrize("code", sorted(p.stem for p in SAMPLES.glob("*.xlsx")))
def test_due_runs_on_each_sample_partnership(tmp_path: Path, code: str) -> None:
    db = str(tmp_path / "audit.db")
    assert run("load", SAMPLES / f"{code}.xlsx", "--db", db).exit_code == 0
    result = run("due", "--partnership", code, "--db", db, "--as-of", "01/01/2025",
                 "--within", "365d", "--format", "json")
    assert result.exit_code == 0, result.output
    obligations = json.loads(result.output)["obligations"]
    assert obligations, f"{code}: nothing falls due in a year"
    assert all("2025-01-01" < o["due"] <= "2026-01-01" for o in obligations)


def test_due_lists_the_next_meeting_the_terms_of_reference_require(tmp_path: Path) -> None:
    """Thurrock's terms of reference name June, September, December and March; the sample
    records no board meeting in June 2025, so on 1 July 2025 the next one required is in
    September 2025 (due by its last day, 30 September). Its scrutiny committee last met on
    23 January 2024 before 1 January 2025: the next is due within 12 months, by 23 January
    2025."""
    db = str(tmp_path / "audit.db")
    assert run("load", SAMPLES / "thurrock.xlsx", "--db", db).exit_code == 0

    def listed(as_of: str, within: str) -> list[tuple[str, str, str]]:
        result = run("due", "--partnership", "thurrock", "--db", db, "--as-of", as_of,
                     "--within", within, "--format", "json")
        assert result.exit_code == 0, result.output
        return [(o["due"], o["rule_id"], o["what"])
                for o in json.loads(result.output)["obligations"]]

    assert listed("01/07/2025", "120d") == [
        ("2025-09-30", "THU-MEETING-MONTHS", "board meeting in September 2025")]
    assert listed("01/01/2025", "30d") == [
        ("2025-01-23", "NAT-SCRUTINY",
         "the next scrutiny meeting (within 12 months of the last)")]
