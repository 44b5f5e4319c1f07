"""An audit result and its records, built as values, for report tests.

Shared by the report tests (context, html, json, junit, markdown, pdf, xlsx) so they render
the same run. Every restricted field holds one of `PLANTED`, a unique string that must never
reach a public report while the officers' version shows each of them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from csp_audit.model.findings import (
    AuditResult,
    ChecklistRef,
    Deadline,
    Evidence,
    Finding,
    Source,
    StoredAudit,
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
)

PLANTED = {
    "dhr_case": "DHR-PLANT-QX1",
    "asb_case": "ASB-PLANT-QX2",
    "meeting_id": "RM-PLANT-QX3",
    "meeting_title": "Closed session PLANT-QX4",
    "agenda_item": "Agenda PLANT-QX5",
    "document_id": "DOC-PLANT-QX6",
    "document_title": "Restricted plan PLANT-QX7",
}


def sample_records(name: str = "Testshire Community Safety Partnership") -> PartnershipRecords:
    orgs = [("Testshire Council", "council"), ("Testshire Police", "police"),
            ("Testshire Fire and Rescue Service", "fire"),
            ("Testshire Integrated Care Board", "health"), ("Probation Service", "probation")]
    members = tuple(
        Member(org, "responsible_authority", sector, Place("Members", i + 2), senior=True)
        for i, (org, sector) in enumerate(orgs)
    ) + (Member("Youth Offending Team", "co_opted", "youth_justice", Place("Members", 7),
                joined=date(2024, 10, 1)),)
    meetings = (
        Meeting("B-2024-06", date(2024, 6, 13), "board", Place("Meetings", 2),
                title="Strategic board"),
        Meeting("B-2024-09", date(2024, 9, 12), "board", Place("Meetings", 3),
                title="Strategic board"),
        Meeting(PLANTED["meeting_id"], date(2024, 11, 7), "board", Place("Meetings", 4),
                title=PLANTED["meeting_title"], restricted=True),
        Meeting("P-2024-10", date(2024, 10, 3), "public", Place("Meetings", 5),
                title="Community safety public meeting"),
        Meeting("S-2025-01", date(2025, 1, 20), "scrutiny", Place("Meetings", 6),
                title="Crime and disorder committee"),
    )
    statuses = {
        "B-2024-06": ["present", "substitute", "present", "apologies", "absent"],
        "B-2024-09": ["present", "present", "absent", "present", "present"],
        PLANTED["meeting_id"]: ["present", "present", "present", "present", "apologies"],
    }
    attendance = tuple(
        Attendance(meeting_id, org, status, Place("Attendance", 2 + 5 * m + i))
        for m, (meeting_id, row) in enumerate(statuses.items())
        for i, ((org, _), status) in enumerate(zip(orgs, row, strict=True))
    )
    agenda = (
        AgendaItem("B-2024-06", Place("Agenda", 2), item="Declarations of interest",
                   topic="declarations_of_interest"),
        AgendaItem(PLANTED["meeting_id"], Place("Agenda", 3), item=PLANTED["agenda_item"],
                   topic="domestic_abuse", restricted=True),
    )
    documents = (
        Document("SA-2024", "strategic_assessment", Place("Documents", 2),
                 title="Strategic assessment 2024", approved=date(2024, 7, 11)),
        Document("PLAN-2024", "partnership_plan", Place("Documents", 3),
                 title="Partnership plan 2024-27", approved=date(2024, 5, 9),
                 published=date(2024, 6, 1), url="https://example.org/plan"),
        Document(PLANTED["document_id"], "information_sharing_protocol",
                 Place("Documents", 4), title=PLANTED["document_title"],
                 approved=date(2024, 8, 15), restricted=True),
    )
    dhr = (DhrCase(PLANTED["dhr_case"], Place("DHR", 2), notified=date(2024, 5, 2),
                   decision="commission", decision_date=date(2024, 6, 20),
                   home_office_informed=date(2024, 5, 30)),)
    asb = (AsbReview(PLANTED["asb_case"], Place("ASB case reviews", 2),
                     received=date(2024, 7, 1), threshold_met=True,
                     review_completed=date(2024, 8, 30)),)
    partnership = Partnership(name, "testshire", checklist="testshire",
                              registers=frozenset({"dhr", "asb"}))
    return PartnershipRecords(partnership, members, meetings, attendance, agenda, documents,
                              dhr, asb)


def _findings() -> tuple[Finding, ...]:
    law = Source("Crime and Disorder Act 1998 s5(1)",
                 "https://www.legislation.gov.uk/ukpga/1998/37/section/5")
    dhr_guidance = Source("Multi-agency Statutory Guidance for the Conduct of DHRs (2016)")
    return (
        Finding("NAT-RA-MEMBERSHIP", "The strategy group has every responsible authority",
                "green", "All five responsible authority sectors are members.", (law,),
                (Evidence("Testshire Council (council)", "Members", 2),
                 Evidence("Testshire Police (police)", "Members", 3)),
                "Invite the missing responsible authority.", checklist="national",
                kind="membership"),
        Finding("NAT-DHR-DECISION", "DHR decisions made within one month", "red",
                f"{PLANTED['dhr_case']}: decision made 49 days after notification.",
                (dhr_guidance,),
                (Evidence(f"{PLANTED['dhr_case']} notified 2 May 2024", "DHR", 2,
                          restricted=True),),
                "Make the decision within one month of notification.",
                statutory=False, basis="statutory guidance (DVCVA 2004 s9(3): must have "
                "regard to it), not the Act itself", checklist="national", kind="case_deadline",
                public_reason="One DHR decision was made later than one month.",
                deadlines=(Deadline(date(2024, 6, 2), "missed", f"{PLANTED['dhr_case']}: the "
                                    "decision within 1 month of notification", True),)),
        Finding("NAT-ASB-REVIEWS", "ASB case reviews completed", "amber",
                f"{PLANTED['asb_case']}: review completed late.", (Source("ASBCPA 2014 s104"),),
                (Evidence(f"{PLANTED['asb_case']} received 1 July 2024", "ASB case reviews", 2,
                          restricted=True),),
                "Complete reviews within 25 working days.", checklist="national",
                kind="case_deadline",
                deadlines=(Deadline(date(2024, 10, 1), "met", f"{PLANTED['asb_case']}: "
                                    "completion of the review within 3 months of receipt",
                                    True),
                           Deadline(date(2025, 4, 7), "open", f"{PLANTED['asb_case']}: "
                                    "outside the year", True))),
        Finding("NAT-ISP", "An information sharing protocol signed by every RA", "amber",
                f"{PLANTED['document_id']} ({PLANTED['document_title']}) lacks fire's "
                "signature.", (Source("CDA 1998 s115"),),
                (Evidence(f"{PLANTED['document_id']}: {PLANTED['document_title']}",
                          "Documents", 4, restricted=True),),
                "Ask every responsible authority to sign.", checklist="national",
                kind="document_signatories"),
        Finding("NAT-PUBLIC-MEETING", "A public meeting each year", "waived",
                "Waived: replaced by ward surgeries this year.",
                (Source("SI 2007/1830 reg 12(4)"),), (), "Hold a public meeting.",
                checklist="national", kind="public_meeting",
                waiver=WaiverNote("Replaced by ward surgeries this year", date(2025, 3, 31),
                                  "Chair", "Waivers", 2)),
        Finding("NAT-COUNTY-AGREEMENT", "A community safety agreement (county areas)",
                "not_applicable", "Testshire is a unitary area.",
                (Source("SI 2007/1830 regs 9 and 9A"),), (), "", checklist="national",
                kind="document_in_year"),
        Finding("HM-RA-ATTENDANCE", "Every RA represented at board meetings", "amber",
                f"Probation Service missed {PLANTED['meeting_id']} and B-2024-06.",
                (Source("Delivering Safer Communities (2007), hallmark 1"),),
                (Evidence("B-2024-06: Probation Service absent", "Attendance", 6),
                 Evidence(f"{PLANTED['meeting_id']} {PLANTED['meeting_title']}: "
                          f"{PLANTED['agenda_item']}", "Agenda", 3, restricted=True)),
                "Ask the authority to send a deputy.", statutory=False, area="hallmarks",
                checklist="hallmarks", kind="attendance"),
        Finding("TST-PAPERS", "Papers sent 5 working days before", "green",
                "Papers for both board meetings went out in time.",
                (Source("Testshire ToR (2020) para 4"),),
                (Evidence("B-2024-06 papers 6 June 2024", "Meetings", 2),),
                "Send papers earlier.", statutory=False, area="local", checklist="testshire",
                kind="papers_notice"),
    )


def sample_result(
    name: str = "Testshire Community Safety Partnership", as_of: date = date(2025, 3, 31)
) -> AuditResult:
    findings = _findings()
    return AuditResult(
        "testshire", name, "2024-25", date(2024, 4, 1), date(2025, 3, 31), as_of,
        (ChecklistRef("national", "1.0", "National statutory duties (England)"),
         ChecklistRef("hallmarks", "1.0", "Hallmarks of effective partnerships"),
         ChecklistRef("testshire", "0.3", "Testshire terms of reference")),
        findings, "0.1.0", overall_status(findings), count_statuses(findings),
        warnings=tuple(f"Waivers row {row}: the waiver names rule {rule}, which none of "
                       "the applied checklists (national, hallmarks, testshire) has, so it "
                       "waives nothing"
                       for row, rule in ((3, "NAT-FOO"), (4, PLANTED["dhr_case"]))),
    )


def previous_result() -> AuditResult:
    """An earlier run: one rule was amber (now better), one green (now worse), one absent."""
    current = sample_result(as_of=date(2024, 3, 31))
    changed = {"NAT-RA-MEMBERSHIP": "amber", "NAT-DHR-DECISION": "green"}
    findings = tuple(replace(f, status=changed.get(f.rule_id, f.status))
                     for f in current.findings if f.rule_id != "TST-PAPERS")
    return replace(current, year="2023-24", period_start=date(2023, 4, 1),
                   period_end=date(2024, 3, 31), findings=findings,
                   overall=overall_status(findings), summary=count_statuses(findings))


PREVIOUS_RUN_AT = datetime(2024, 4, 2, 9, 30, tzinfo=UTC)
"""When `previous_run` was made: the CLI tests set the stored run's time to it, so a report
from the database and one from these values name the run the same way."""


def previous_run() -> StoredAudit:
    """`previous_result` as the database gives it back: run 1, made on `PREVIOUS_RUN_AT`."""
    return StoredAudit(1, PREVIOUS_RUN_AT, previous_result())
