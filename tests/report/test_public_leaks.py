"""`--public` never leaks a restricted row: a property over random records with random
restricted flags. Every restricted row's distinctive word is absent from every public output
(html, json, md, junit, xlsx cell values, pdf text), while the overall rating, the counts and
every finding's status equal the officers' version."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from support.system_tools import need_program, need_weasyprint

from csp_audit.model.contract import AGENDA_TOPICS, DOCUMENT_KINDS, MEETING_BODIES
from csp_audit.model.records import (
    Action,
    AgendaItem,
    AsbReview,
    Attendance,
    DhrCase,
    DhrRecommendation,
    Document,
    Meeting,
    Member,
    Partnership,
    PartnershipRecords,
    Place,
    Recommendation,
    Waiver,
)
from csp_audit.report.context import build_context
from csp_audit.report.formats import write_reports
from csp_audit.report.templates import options_for
from csp_audit.rules.checklists import Library, checklists_for
from csp_audit.rules.engine import run_audit

ORGANISATIONS = (("Testshire Council", "council"), ("Testshire Police", "police"),
                 ("Testshire Fire and Rescue Service", "fire"),
                 ("Testshire Integrated Care Board", "health"),
                 ("Probation Service", "probation"))
YEAR_START = date(2024, 4, 1)
days = st.integers(min_value=-60, max_value=420).map(lambda n: YEAR_START + timedelta(days=n))
maybe_days = st.none() | days


@st.composite
def partnerships(draw: st.DrawFn) -> tuple[PartnershipRecords, set[str]]:
    """Random records, each restricted or not at random; returns them and the distinctive
    word of every restricted row (ids, titles, items, case references): one word each, so
    that no line break in the PDF's text can hide it."""
    secret: set[str] = set()
    meetings, attendance, agenda, documents, dhr, asb = [], [], [], [], [], []
    row = iter(range(2, 10_000))
    for number in range(draw(st.integers(1, 6))):
        restricted = draw(st.booleans())
        meeting_id, title = f"MQ{number:02d}ID", f"MQ{number:02d}TITLE"
        meetings.append(Meeting(meeting_id, draw(days), draw(st.sampled_from(MEETING_BODIES)),
                                Place("Meetings", next(row)), title=f"Meeting {title}",
                                quorate=draw(st.none() | st.booleans()),
                                papers_circulated=draw(maybe_days),
                                minutes_published=draw(maybe_days), restricted=restricted))
        if restricted:
            secret |= {meeting_id, title}
        for org, _ in ORGANISATIONS:
            status = draw(st.sampled_from(("present", "substitute", "apologies", "absent")))
            attendance.append(Attendance(meeting_id, org, status, Place("Attendance", next(row))))
        for item in range(draw(st.integers(0, 3))):
            text, hidden = f"AQ{number:02d}{item}ITEM", draw(st.booleans())
            agenda.append(AgendaItem(meeting_id, Place("Agenda", next(row)), item=f"Item {text}",
                                     topic=draw(st.none() | st.sampled_from(AGENDA_TOPICS)),
                                     restricted=hidden))
            if hidden or restricted:
                secret.add(text)
    for number in range(draw(st.integers(0, 5))):
        document_id, title = f"DQ{number:02d}ID", f"DQ{number:02d}TITLE"
        hidden = draw(st.booleans())
        documents.append(Document(document_id, draw(st.sampled_from(DOCUMENT_KINDS)),
                                  Place("Documents", next(row)), title=f"Document {title}",
                                  approved=draw(maybe_days), published=draw(maybe_days),
                                  restricted=hidden))
        if hidden:
            secret |= {document_id, title}
    for number in range(draw(st.integers(0, 3))):
        case_ref, hidden = f"HQ{number:02d}CASE", draw(st.booleans())
        dhr.append(DhrCase(case_ref, Place("DHR", next(row)), notified=draw(maybe_days),
                           decision=draw(st.sampled_from(("commission", "pending", None))),
                           decision_date=draw(maybe_days), restricted=hidden))
        if hidden:
            secret.add(case_ref)
    for number in range(draw(st.integers(0, 3))):
        case_ref, hidden = f"SQ{number:02d}CASE", draw(st.booleans())
        asb.append(AsbReview(case_ref, Place("ASB case reviews", next(row)),
                             received=draw(maybe_days), threshold_met=draw(st.booleans()),
                             review_completed=draw(maybe_days), restricted=hidden))
        if hidden:
            secret.add(case_ref)
    # A waiver naming no rule is a warning quoting its rule id, which may be any record's id.
    ids = sorted({m.meeting_id for m in meetings} | {d.document_id for d in documents}
                 | {c.case_ref for c in (*dhr, *asb)} | {"NAT-FOO"})
    waivers = tuple(Waiver(draw(st.sampled_from(ids)), "Typo", date(2025, 12, 31),
                           Place("Waivers", next(row))) for _ in range(draw(st.integers(0, 2))))
    members = tuple(Member(org, "responsible_authority", sector, Place("Members", i + 2),
                           senior=True) for i, (org, sector) in enumerate(ORGANISATIONS))
    actions, dhr_recommendations, recommendations = loop_rows(draw, dhr, row, secret)
    partnership = Partnership("Testshire CSP", "testshire", checklist="loop",
                              registers=LOOP_REGISTERS)
    records = PartnershipRecords(partnership, members, tuple(meetings), tuple(attendance),
                                 tuple(agenda), tuple(documents), tuple(dhr), tuple(asb),
                                 waivers, actions, dhr_recommendations, recommendations)
    return records, secret


LOOP_REGISTERS = frozenset({"dhr", "asb", "actions", "dhrrecommendations", "recommendations"})


def loop_rows(draw: st.DrawFn, dhr: list[DhrCase], row: Any, secret: set[str]
              ) -> tuple[tuple[Action, ...], tuple[DhrRecommendation, ...],
                         tuple[Recommendation, ...]]:
    """Actions, DHR recommendations and recommendations (issue 15), each restricted or not
    at random, their ids and texts secret when restricted (a DHR recommendation also when
    its case is)."""
    actions, dhr_recommendations, recommendations = [], [], []
    for number in range(draw(st.integers(0, 3))):
        action_id, text, hidden = f"XQ{number:02d}ID", f"XQ{number:02d}TEXT", draw(st.booleans())
        actions.append(Action(action_id, f"Action {text}", Place("Actions", next(row)),
                              rule_id=draw(st.sampled_from(("NAT-ISP", None))),
                              owner=draw(st.none() | st.just("Chair")), due=draw(maybe_days),
                              status=draw(st.sampled_from(("open", "in_progress", "done"))),
                              rating=draw(st.sampled_from(("red", "amber", None))),
                              restricted=hidden))
        if hidden:
            secret |= {action_id, text}
    for number, case in enumerate(dhr[:2]):
        text, hidden = f"RQ{number:02d}TEXT", draw(st.booleans()) or case.restricted
        dhr_recommendations.append(DhrRecommendation(
            case.case_ref, f"Recommend {text}", Place("DHR recommendations", next(row)),
            number=f"RQ{number:02d}NUM", due=draw(maybe_days),
            status=draw(st.sampled_from(("open", "done"))), restricted=hidden))
        if hidden:
            secret |= {text, f"RQ{number:02d}NUM"}
    for number in range(draw(st.integers(0, 2))):
        made_id, text, hidden = f"CQ{number:02d}ID", f"CQ{number:02d}TEXT", draw(st.booleans())
        recommendations.append(Recommendation(
            made_id, f"Recommend {text}", Place("Recommendations", next(row)), made_by="pcc",
            made_on=date(2024, 5, 1), response_due=draw(maybe_days),
            responded=draw(maybe_days), restricted=hidden))
        if hidden:
            secret |= {made_id, text}
    return tuple(actions), tuple(dhr_recommendations), tuple(recommendations)


def mixed_records() -> PartnershipRecords:
    """A restricted and an open row of every kind, named as `partnerships` names them."""
    orgs = [org for org, _ in ORGANISATIONS]
    meetings = tuple(Meeting(f"MQ{n:02d}ID", date(2024, 6 + n, 13), "board",
                             Place("Meetings", 2 + n), title=f"Meeting MQ{n:02d}TITLE",
                             restricted=n == 0) for n in range(2))
    attendance = tuple(Attendance(m.meeting_id, org, "absent" if i == 4 else "present",
                                  Place("Attendance", 2 + 5 * n + i))
                       for n, m in enumerate(meetings) for i, org in enumerate(orgs))
    agenda = (AgendaItem("MQ00ID", Place("Agenda", 2), item="Item AQ000ITEM"),
              AgendaItem("MQ01ID", Place("Agenda", 3), item="Item AQ010ITEM",
                         topic="domestic_abuse", restricted=True),
              AgendaItem("MQ01ID", Place("Agenda", 4), item="Item AQ011ITEM"))
    documents = tuple(Document(f"DQ{n:02d}ID", "strategic_assessment", Place("Documents", 2 + n),
                               title=f"Document DQ{n:02d}TITLE", approved=date(2024, 5, 1),
                               restricted=n == 0) for n in range(2))
    dhr = tuple(DhrCase(f"HQ{n:02d}CASE", Place("DHR", 2 + n), notified=date(2024, 5, 2),
                        decision="commission", decision_date=date(2024, 8, 1),
                        restricted=n == 0) for n in range(2))
    asb = tuple(AsbReview(f"SQ{n:02d}CASE", Place("ASB case reviews", 2 + n),
                          received=date(2024, 7, 1), threshold_met=True, restricted=n == 0)
                for n in range(2))
    members = tuple(Member(org, "responsible_authority", sector, Place("Members", i + 2))
                    for i, (org, sector) in enumerate(ORGANISATIONS))
    waivers = tuple(Waiver(rule_id, "Typo", date(2025, 12, 31), Place("Waivers", 2 + n))
                    for n, rule_id in enumerate(("HQ00CASE", "NAT-FOO")))
    actions = tuple(Action(f"XQ{n:02d}ID", f"Action XQ{n:02d}TEXT", Place("Actions", 2 + n),
                           rule_id="NAT-ISP", owner="Chair", due=date(2025, 7, 1 + n),
                           rating="red", restricted=n == 0) for n in range(2))
    dhr_recommendations = tuple(DhrRecommendation(
        "HQ00CASE", f"Recommend RQ{n:02d}TEXT", Place("DHR recommendations", 2 + n),
        number=f"RQ{n:02d}NUM", due=date(2025, 1, 1)) for n in range(2))
    recommendations = tuple(Recommendation(
        f"CQ{n:02d}ID", f"Recommend CQ{n:02d}TEXT", Place("Recommendations", 2 + n),
        made_by="pcc", made_on=date(2024, 5, 1), response_due=date(2025, 1, 1),
        restricted=n == 0) for n in range(2))
    return PartnershipRecords(Partnership("Testshire CSP", "testshire", checklist="loop",
                                          registers=LOOP_REGISTERS),
                              members, meetings, attendance, agenda, documents, dhr, asb,
                              waivers, actions, dhr_recommendations, recommendations)


def rendered_text(path: Path) -> str:
    """What a reader of the file sees: text of every cell for xlsx, of every page for pdf."""
    if path.suffix == ".xlsx":
        return "\n".join(str(c.value) for s in load_workbook(path).worksheets
                         for row in s.iter_rows() for c in row if c.value is not None)
    if path.suffix == ".pdf":
        pdftotext = need_program("pdftotext")
        return subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    return path.read_text("utf-8")


def audit_both(records: PartnershipRecords, out: Path, formats: list[str]
               ) -> tuple[dict[str, Any], dict[str, Any], list[Path]]:
    checklists = checklists_for(records.partnership, library=LIBRARY)
    result = run_audit(records, checklists, "2024-25", None, date(2025, 6, 1))
    officers = build_context(result, records, None, False)
    public = build_context(result, records, None, True)
    shutil.rmtree(out, ignore_errors=True)
    paths = write_reports(public, formats, out, options_for())
    return officers, public, paths


LIBRARY = Library([Path(__file__).parent.parent / "fixtures" / "loop-checklists"])
"""The shipped checklists and `loop`: national with the recommendations rules."""


def assert_public_is_safe(records: PartnershipRecords, secret: set[str], out: Path,
                          formats: list[str]) -> None:
    officers, public, paths = audit_both(records, out, formats)
    assert public["overall"] == officers["overall"]
    assert public["summary"] == officers["summary"] and public["total"] == officers["total"]
    assert ([(f["rule_id"], f["status"]) for f in public["findings"]]
            == [(f["rule_id"], f["status"]) for f in officers["findings"]])
    for path in paths:
        text = rendered_text(path)
        leaked = sorted(s for s in secret if s in text)
        assert not leaked, f"{path.name} shows restricted {leaked}"


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(partnerships())
def test_public_versions_never_show_a_restricted_row(
    tmp_path: Path, drawn: tuple[PartnershipRecords, set[str]]
) -> None:
    records, secret = drawn
    assert_public_is_safe(records, secret, tmp_path / "out", ["html", "json", "md", "junit",
                                                             "xlsx"])


def test_public_pdf_never_shows_a_restricted_row(tmp_path: Path) -> None:
    """The PDF is the HTML laid out by WeasyPrint: one fixed draw (PDFs are slow), with
    restricted and open rows of every kind."""
    need_weasyprint()
    records = mixed_records()
    secret = {"MQ00ID", "MQ00TITLE", "AQ000ITEM", "AQ010ITEM", "DQ00ID", "DQ00TITLE",
              "HQ00CASE", "SQ00CASE", "XQ00ID", "XQ00TEXT", "RQ00TEXT", "RQ01TEXT",
              "RQ00NUM", "RQ01NUM", "CQ00ID", "CQ00TEXT"}
    assert_public_is_safe(records, secret, tmp_path / "out", ["pdf"])
    text = rendered_text(tmp_path / "out" / "testshire-2024-25-public.pdf")
    assert "Testshire CSP" in text and "MQ01ID" in text, "pdftotext should read the report"
    assert "rule NAT-FOO" in text, "a warning naming no restricted record is shown"
    assert "XQ01ID" in text, "an open action is shown"


def test_the_leak_check_finds_a_restricted_row_in_the_officers_version(tmp_path: Path) -> None:
    """The property above could pass by never citing anything: show the officers' version
    of a fixed case does name a restricted row the public version leaves out."""
    dhr = DhrCase("HQ99CASE", Place("DHR", 2), notified=date(2024, 5, 2),
                  decision="commission", decision_date=date(2024, 8, 20), restricted=True)
    members = tuple(Member(org, "responsible_authority", sector, Place("Members", i + 2))
                    for i, (org, sector) in enumerate(ORGANISATIONS))
    records = PartnershipRecords(
        Partnership("Testshire CSP", "testshire", checklist="national",
                    registers=frozenset({"dhr"})), members, dhr_cases=(dhr,))
    checklists = checklists_for(records.partnership, library=LIBRARY)
    result = run_audit(records, checklists, "2024-25", None, date(2025, 6, 1))
    officers = write_reports(build_context(result, records, None, False), ["json"],
                             tmp_path, options_for())
    assert "HQ99CASE" in officers[0].read_text("utf-8")
    assert_public_is_safe(records, {"HQ99CASE"}, tmp_path / "public", ["json", "html"])


def test_the_officers_version_names_the_new_registers_the_public_one_leaves_out(
        tmp_path: Path) -> None:
    """The sentinels of the loop registers (issue 15) are really shown to officers, so the
    public checks above are not passing by never showing them."""
    officers, public, paths = audit_both(mixed_records(), tmp_path / "out", ["md"])
    officers_md = write_reports(officers, ["md"], tmp_path / "officers", options_for())[0]
    text = officers_md.read_text("utf-8")
    for shown in ("XQ00ID", "XQ00TEXT", "RQ00NUM", "CQ00ID"):
        assert shown in text, shown
    assert public["actions"]["withheld"] == 1
    assert public["actions"]["dhr_recommendations"] == {"total": 2, "open": 2, "overdue": 2,
                                                        "done": 0}
    public_md = paths[0].read_text("utf-8")
    assert "XQ01ID" in public_md
    for hidden in ("XQ00ID", "XQ00TEXT", "RQ00NUM", "RQ01NUM", "CQ00ID", "CQ00TEXT"):
        assert hidden not in public_md, hidden
