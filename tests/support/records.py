"""Partnership records built in Python, every optional field filled, for store tests."""

from __future__ import annotations

from datetime import date

from csp_audit.model.findings import (
    AuditResult,
    ChecklistRef,
    Evidence,
    Finding,
    Source,
    WaiverNote,
    count_statuses,
    overall_status,
)
from csp_audit.model.records import (
    AgendaItem,
    AsbReview,
    Attendance,
    DhrCase,
    Document,
    Meeting,
    Member,
    Partnership,
    PartnershipRecords,
    Place,
    Waiver,
)


def sample_records(code: str = "sefton", name: str = "Sefton Safer Communities Partnership",
                   meetings: int = 3) -> PartnershipRecords:
    """A small but complete partnership: each kind of record, blanks and values mixed."""
    members = (
        Member("Merseyside Police", "responsible_authority", "police", Place("Members", 3),
               voting=True, representative="Chief Superintendent", senior=True,
               deputy="Superintendent", joined=date(2020, 4, 1)),
        Member("Sefton Council", "responsible_authority", "council", Place("Members", 4),
               voting=True, representative="Executive Director", senior=None,
               left=date(2025, 3, 31)),
        Member("Local Housing Trust", "co_opted", "housing", Place("Members", 6)),
    )
    meeting_rows = tuple(
        Meeting(f"B-2024-{n:02d}", date(2024, n, 10), "board", Place("Meetings", 2 + n),
                title=f"Board {n}", quorate=bool(n % 2), papers_circulated=date(2024, n, 3),
                minutes_circulated=date(2024, n, 20) if n > 1 else None,
                open_to_public=False, chair_elected=n == 1, restricted=n == 2)
        for n in range(1, meetings + 1)
    )
    attendance = tuple(
        Attendance(m.meeting_id, member.organisation, status, Place("Attendance", 2 + i),
                   senior=senior)
        for i, (m, member, status, senior) in enumerate(
            (m, member, status, senior)
            for m in meeting_rows
            for member, status, senior in zip(
                members, ("present", "substitute", "apologies"), (True, False, None),
                strict=True)
        )
    )
    agenda = (
        AgendaItem("B-2024-01", Place("Agenda", 2), item="Declarations",
                   topic="declarations_of_interest"),
        AgendaItem("B-2024-01", Place("Agenda", 3), item="Case update", restricted=True),
    )
    documents = (
        Document("ISP-1", "information_sharing_protocol", Place("Documents", 2),
                 title="Information sharing protocol", approved=date(2023, 5, 1),
                 reviewed=date(2024, 5, 1), published=date(2024, 5, 9),
                 covers_from=date(2023, 4, 1), covers_to=date(2026, 3, 31),
                 signatories=("Merseyside Police", "Sefton Council"),
                 url="https://example.org/isp"),
        Document("PLAN-1", "partnership_plan", Place("Documents", 3),
                 sent_to_pcc=date(2024, 6, 1), restricted=True),
    )
    dhr = (
        DhrCase("DHR-2024-01", Place("DHR", 2), notified=date(2024, 2, 1),
                decision="commission", decision_date=date(2024, 2, 20),
                home_office_informed=date(2024, 2, 22), chair_appointed=date(2024, 3, 1),
                first_panel=date(2024, 4, 1), submitted=date(2025, 1, 1),
                qa_outcome="pending"),
        DhrCase("DHR-2024-02", Place("DHR", 3), restricted=False),
    )
    asb = (
        AsbReview("ASB-1", Place("ASB case reviews", 2), received=date(2024, 7, 1),
                  threshold_met=True, threshold_decided=date(2024, 7, 5),
                  review_completed=date(2024, 8, 1), outcome_notified=date(2024, 8, 3)),
    )
    waivers = (
        Waiver("NAT-PLAN", "Plan delayed by merger", date(2025, 9, 30), Place("Waivers", 2),
               approved_by="Chair", approved_on=date(2024, 9, 1)),
    )
    return PartnershipRecords(
        partnership=Partnership(name, code, nation="England", checklist="sefton",
                                year_start_month=4, year_start_day=1, tier="unitary",
                                registers=frozenset({"dhr", "asbcasereviews", "waivers"})),
        members=members, meetings=meeting_rows, attendance=attendance, agenda=agenda,
        documents=documents, dhr_cases=dhr, asb_reviews=asb, waivers=waivers,
        row_counts={"Members": len(members), "Meetings": len(meeting_rows),
                    "Attendance": len(attendance), "Agenda": len(agenda),
                    "Documents": len(documents), "DHR": len(dhr), "ASB case reviews": len(asb),
                    "Waivers": len(waivers)},
    )


def sample_audit(code: str = "sefton", year: str = "2024-25",
                 as_of: date = date(2025, 5, 1)) -> AuditResult:
    findings = (
        Finding("NAT-PLAN", "A partnership plan is in force", "red",
                "No partnership plan covers 2024-25.",
                sources=(Source("Crime and Disorder Regulations 2007, reg 10",
                                "https://www.legislation.gov.uk/uksi/2007/1830/regulation/10"),),
                evidence=(Evidence("No partnership plan recorded", "Documents"),),
                guidance="Agree a plan.", checklist="national", kind="document_current"),
        Finding("NAT-DHR", "DHR decisions in time", "amber", "DHR-2024-01 decided late.",
                evidence=(Evidence("DHR-2024-01", "DHR", 2, restricted=True),),
                public_reason="One DHR decision was late.", area="statutory",
                statutory=False, basis="statutory guidance, not the Act itself",
                checklist="national", kind="dhr_timeliness"),
        Finding("SEF-QUORUM", "Board quorate", "waived", "Waived.", statutory=False,
                area="local", checklist="sefton", kind="quorum",
                waiver=WaiverNote("Merger", date(2025, 9, 30), "Chair", "Waivers", 2)),
        Finding("HM-X", "Not relevant", "not_applicable", "Does not apply.", area="hallmarks"),
    )
    return AuditResult(
        partnership_code=code, partnership_name="Sefton Safer Communities Partnership",
        year=year, period_start=date(2024, 4, 1), period_end=date(2025, 3, 31), as_of=as_of,
        checklists=(ChecklistRef("national", "1.0", "National duties"),
                    ChecklistRef("sefton", "1.2")),
        findings=findings, tool_version="0.1.0", overall=overall_status(findings),
        summary=count_statuses(findings),
    )
