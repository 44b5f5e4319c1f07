"""Sefton, Richmond upon Thames and Thurrock as sample records (seeds 002, 003, 004):
each ToR's membership and meeting pattern, with the poor practice listed at the top of
build_samples.py planted deliberately (marked PLANTED).
"""

from __future__ import annotations

from datetime import date, timedelta

from sample_book import (
    REPORTING_YEARS,
    Book,
    annual,
    nth_weekday,
    working_days_after,
    year_of,
)
from sample_yearly import (
    DECLARATIONS,
    RA,
    THEME_ITEMS,
    asb_case,
    board,
    dhr,
    label,
    public_meeting,
    scrutiny,
    serious_violence,
    settings,
    standing_documents,
    task_group,
    themed_agenda,
    yearly_documents,
    yes,
)

SEFTON_STANDING = ("prevent", "domestic_abuse", "asb", "iom", "youth_justice", "hate_crime")


def sefton() -> Book:
    book = Book(settings("Sefton Safer Communities Partnership", "sefton"), seed=3)
    book.member("Sefton Council", RA, "council", "Chief Executive",
                deputy="Assistant Director, Communities")
    book.member("Merseyside Police", RA, "police", "Chief Superintendent, Local Policing",
                deputy="Superintendent, Neighbourhoods")
    book.member("Merseyside Police Authority", RA, "police_authority", "Chief Executive",
                left=date(2012, 11, 21))
    book.member("NHS Cheshire and Merseyside Integrated Care Board", RA, "health",
                "Place Director (Sefton)", deputy="Associate Director of Quality")
    book.member("Merseyside Fire and Rescue Service", RA, "fire", "Area Manager",
                deputy="Station Manager, Community Safety")
    book.member("Probation Service (Sefton)", RA, "probation",
                "Head of Probation Delivery Unit", deputy="Senior Probation Officer")
    for organisation, sector, title in (
        ("Sefton Council for Voluntary Service", "voluntary", "Chief Executive"),
        ("Sefton Registered Housing Providers Forum", "housing", "Chair of the Forum"),
        ("HM Courts and Tribunals Service", "other", "Delivery Manager"),
        ("HM Prison Service (Merseyside)", "other", "Head of Reducing Reoffending"),
        ("Sefton Safeguarding Children Partnership", "other", "Business Manager"),
        ("Sefton Safeguarding Adults Board", "other", "Business Manager"),
        ("Sefton Domestic Abuse Partnership", "other", "Strategic Lead for Domestic Abuse"),
        ("Sefton Hate Crime Partnership", "other", "Strategic Lead for Hate Crime"),
        ("Sefton Youth Justice Service", "youth_justice", "Head of Youth Justice"),
    ):
        book.member(organisation, "co_opted", sector, title)
    book.member("Merseyside Police and Crime Commissioner", "invitee", "pcc",
                "Head of Partnerships", voting=False)
    book.member("Sefton Council Community Safety Team", "officer", "council",
                "Community Safety Manager", voting=False, senior=False)
    ras = book.organisations(RA, date(2022, 4, 1))
    boards_by_year: dict[int, list[date]] = {}
    for start in REPORTING_YEARS:
        boards = boards_by_year.setdefault(start, [])
        standing = [t for t in SEFTON_STANDING if (start, t) != (2024, "hate_crime")]  # PLANTED
        for index, month in enumerate((5, 9, 11, 2)):
            day = nth_weekday(year_of(month, start), month, 0, 2)
            meeting_id = f"SSCP-{day:%Y-%m}"
            # 13 May 2024: papers on 2 May, exactly 5 working days over the bank holiday.
            papers = {(2024, 5): 5, (2024, 11): 3}.get((start, month), 6)  # PLANTED: Nov 24
            inquorate = (start, month) == (2024, 9)  # PLANTED: 2 of the RAs, recorded "no"
            board(book, meeting_id, day, "Sefton Safer Communities Partnership",
                  papers_before=papers, minutes_after=8, open_to_public="no",
                  chair_elected=yes(month == 5), quorate="no" if inquorate else "yes")
            book.attend(meeting_id, day, statuses={
                "NHS Cheshire and Merseyside Integrated Care Board": "apologies",
                "Merseyside Fire and Rescue Service": "apologies",
                "Probation Service (Sefton)": "absent"} if inquorate else {})
            topics = [standing[(2 * index + k) % len(standing)] for k in (0, 1)]
            items = [DECLARATIONS, ("Minutes and action log", None),
                     (THEME_ITEMS["resource_scanning"], "resource_scanning"),
                     *((THEME_ITEMS[t], t) for t in topics),
                     ("Domestic homicide reviews: progress (restricted)", "domestic_abuse"),
                     ("Performance report", "performance")]
            book.agenda(meeting_id, items,
                        restricted=["Domestic homicide reviews: progress (restricted)"])
            boards.append(day)
        skip = {"terms_of_reference"} if start >= 2023 else set()  # PLANTED: see below
        yearly_documents(book, start, boards, ras=ras, skip=skip)
        book.document(f"YJP-{label(start)}", "youth_justice_plan",
                      f"Sefton youth justice plan {label(start)}", approved=boards[0],
                      published=working_days_after(boards[0], 20), restricted="no")
        if start < 2024:  # PLANTED: no public meeting in 2024-25
            public_meeting(book, f"PUB-{start}-10", nth_weekday(start, 10, 3, 3),
                           "Sefton community safety public meeting")
        scrutiny(book, annual(date(2023, 1, 17), start),
                 "Overview and Scrutiny Committee (Regulatory, Compliance and Corporate)")
        task_group(book, nth_weekday(start, 7, 2, 2), "Hate crime task and finish group")
    book.document("TOR-2023-24", "terms_of_reference", "Terms of reference (review 2024)",
                  approved=date(2012, 9, 10), reviewed=boards_by_year[2023][-1],
                  restricted="no")  # PLANTED: last review Feb 2024, 13 months by March 2025
    standing_documents(book, boards_by_year[2023])
    serious_violence(book, published=False)  # PLANTED: strategy approved, not published
    dhr(book, "DHR-SEF-2023-01", notified=date(2023, 5, 2), decision="commission",
        decision_date=date(2023, 5, 25), home_office_informed=date(2023, 5, 26),
        chair_appointed=date(2023, 7, 3), first_panel=date(2023, 8, 14),
        submitted=date(2024, 3, 28), qa_outcome="accepted", published=date(2024, 10, 15))
    # PLANTED: no copy of DHR-SEF-2023-01's report to the Domestic Abuse Commissioner
    dhr(book, "DHR-SEF-2025-01", notified=date(2025, 2, 3), decision="pending")  # PLANTED
    asb_case(book, "ASB-SEF-2022-01", date(2022, 9, 5), met=True)
    asb_case(book, "ASB-SEF-2023-01", date(2023, 4, 17), met=False)
    asb_case(book, "ASB-SEF-2024-01", date(2024, 7, 8), met=True)
    loop_registers(book)
    return book


def loop_registers(book: Book) -> None:
    """Sefton's actions from its 2023-24 audit and the recommendations made to it."""
    book.add("Actions", action_id="ACT-2024-01", rule_id="NAT-PUBLIC-MEETING",
             action="Hold the annual public meeting", owner="Community Safety Manager",
             due=date(2024, 10, 31), status="dropped", done=date(2024, 9, 12),
             notes="The board chose ward surgeries instead", rating="amber")
    book.add("Actions", action_id="ACT-2024-02", rule_id="HM-TOR-REVIEW",
             action="Review the terms of reference at the February board",
             owner="Partnership Chair", due=date(2025, 2, 28), status="in_progress",
             rating="amber")  # PLANTED: overdue on 31 March 2025, within 90 days
    book.add("Actions", action_id="ACT-2024-03", subject="Website",
             action="Publish board minutes within a month", owner="Democratic Services",
             due=date(2024, 7, 31), status="done", done=date(2024, 7, 19))
    book.add("Recommendations", recommendation_id="PCC-2024-01", made_by="pcc",
             made_on=date(2024, 6, 3), recommendation="Report serious violence duty "
             "progress to the PCC twice a year", response_due=date(2024, 9, 3),
             responded=date(2024, 8, 28), accepted="yes", status="in_progress")
    book.add("DHR recommendations", case_ref="DHR-SEF-2023-01", number="1",
             recommendation="Multi-agency training on coercive control", sector="health",
             due=date(2025, 6, 30), status="in_progress")


def richmond() -> Book:
    book = Book(settings("Richmond upon Thames Community Safety Partnership Strategy Group",
                         "richmond"), seed=4, matrix_attendance=True)
    book.member("Community Police Partnership", "invitee", "other", "Chair", voting=False)
    book.member("London Borough of Richmond upon Thames", RA, "council", "Chief Executive",
                deputy="Director of Environment and Community Services")
    book.member("Richmond Council Cabinet", "ex_officio", "council",
                "Cabinet Member for Communities", voting=False)
    book.member("Metropolitan Police Service", RA, "police", "BCU Commander (South West)",
                deputy="Superintendent, Neighbourhoods")
    book.member("Metropolitan Police Authority", RA, "police_authority", "Link member",
                left=date(2012, 1, 15))
    book.member("Mayor's Office for Policing and Crime", "invitee", "pcc",
                "Head of Partnerships", voting=False, joined=date(2012, 1, 16))
    book.member("London Fire Brigade", RA, "fire", "Borough Commander",
                deputy="Station Commander")
    book.member("Probation Service (London)", RA, "probation",
                "Head of Probation Delivery Unit", deputy="Senior Probation Officer")
    book.member("Richmond and Twickenham Primary Care Trust", RA, "health",
                "Director of Public Health", left=date(2013, 3, 31))
    book.member("NHS South West London Integrated Care Board", RA, "health",
                "Place Executive Lead (Richmond)", deputy="Head of Commissioning")
    book.member("Richmond Housing Partnership", "invitee", "housing", "Director",
                voting=False)
    book.member("Richmond Youth Justice Service", "officer", "youth_justice",
                "Head of Youth Justice", voting=False, senior=False)
    book.member("Community Safety Partnership Team", "officer", "council",
                "Community Safety Manager", voting=False, senior=False)
    every = (4, 5, 6, 7, 9, 10, 11, 1, 2, 3)
    reports = {2022: (7, 1), 2023: every, 2024: every}  # PLANTED: 2022-23
    finance_months = (6, 10, 3)
    boards_by_year: dict[int, list[date]] = {}
    for start in REPORTING_YEARS:
        boards = boards_by_year.setdefault(start, [])
        for month in (4, 5, 6, 7, 9, 10, 11, 1, 2, 3):
            if (start, month) == (2024, 2):
                continue  # PLANTED: February 2025 meeting cancelled, 9 in 2024-25
            day = nth_weekday(year_of(month, start), month, 1, 2)
            meeting_id = f"SG-{day:%Y-%m}"
            elect = month == (6 if start == 2023 else 5)  # PLANTED: 2023 chair elected June
            papers = 2 if (start, month) == (2024, 10) else 4  # PLANTED: Oct 2024 papers
            minutes = 14 if (start, month) == (2024, 11) else 8  # PLANTED: Nov 2024 minutes
            board(book, meeting_id, day, "Community Safety Partnership Strategy Group",
                  papers_before=papers, minutes_after=minutes, open_to_public="no",
                  chair_elected=yes(elect))
            book.attend(meeting_id, day)
            extra: list[tuple[object, ...]] = []
            if month in finance_months[1:2]:
                extra += [("Financial report: spend to date, to note", "finance", False)]
            elif month in finance_months:
                extra += [("Declarations of interest on funding decisions",
                           "declarations_of_interest"),
                          ("Funding allocations and underspends", "finance", True)]
            if month in reports[start]:
                extra.append((THEME_ITEMS["performance"], "performance"))
            if month in (6, 10, 2):  # PLANTED: February 2025 cancelled, 2 in 2024-25
                extra.append(("Substance misuse task group: RAG performance report",
                              "performance", False, "Substance misuse task group"))
            themed_agenda(book, meeting_id, [("Apologies", None)], count=2, extra=extra)
            boards.append(day)
            book.add("Reports", date=working_days_after(day, 12), to="Stakeholder Group",
                     what="Minutes of the Strategy Group", topic=None, restricted="no")
        skip = {"information_sharing_protocol"} if start >= 2023 else set()
        yearly_documents(book, start, boards, ras=book.organisations(RA, boards[0]),
                         skip=skip, plan_years=1)
        public_meeting(book, f"PUB-{start}-10", nth_weekday(start, 10, 3, 4),
                       "Joint public meeting with the Community Police Partnership")
        for month in (7, 11, 3):
            day = nth_weekday(year_of(month, start), month, 3, 3)
            book.meeting(f"EX-{day:%Y-%m}", day, "executive", "Executive group",
                         restricted="no")
        for month in (5, 9, 1):
            task_group(book, nth_weekday(year_of(month, start), month, 2, 4),
                       "Substance misuse task group")
        scrutiny(book, annual(date(2022, 11, 23), start), "Overview and Scrutiny Committee")
    book.document("ISP-2023-24", "information_sharing_protocol",
                  "Information sharing protocol (review 2024)", approved=date(2019, 6, 3),
                  reviewed=boards_by_year[2023][-2],
                  signatories=book.organisations(RA, date(2024, 2, 13)),
                  restricted="no")  # PLANTED: review last done February 2024
    book.document("TOR-SMTG-2022", "terms_of_reference", "Substance misuse task group terms "
                  "of reference", approved=date(2022, 5, 10), restricted="no",
                  group="Substance misuse task group")  # PLANTED: but no workplan
    book.document("COMMS-2021", "communications_strategy", "Communications strategy",
                  approved=date(2021, 9, 14), reviewed=boards_by_year[2023][3],
                  restricted="no")
    book.document("EINA-2021", "equality_impact_assessment",
                  "Equality impact and needs assessment", approved=date(2021, 9, 14),
                  reviewed=boards_by_year[2024][3], restricted="no")
    standing_documents(book, boards_by_year[2023])
    serious_violence(book)
    book.rows["DHR"] = []
    asb_case(book, "ASB-RIC-2022-01", date(2022, 11, 14), met=False)
    asb_case(book, "ASB-RIC-2024-01", date(2024, 6, 3), met=True, review_after=23)
    return book


def thurrock() -> Book:
    book = Book(settings("Thurrock Community Safety Partnership Strategic Board",
                         "thurrock"), seed=5, omit_sheets=("DHR",))  # PLANTED: no DHR sheet
    book.member("Essex Police", RA, "police", "Partnership Superintendent",
                deputy="District Commander (Thurrock)")
    book.member("Thurrock Council", RA, "council",
                "Director with responsibility for Community Safety",
                deputy="Head of Public Protection")
    book.member("NHS Mid and South Essex Integrated Care Board", RA, "health",
                "Director of Public Health", deputy="Consultant in Public Health")
    book.member("Essex County Fire and Rescue Service", RA, "fire", "Community Commander",
                deputy="Station Manager")
    book.member("Essex Police Authority", RA, "police_authority",
                "Chief Executive")  # PLANTED: abolished 2012, still listed as an RA
    book.member("Probation Service (Essex)", RA, "probation", "Chief Probation Officer",
                deputy="Senior Probation Officer")
    for organisation, role, sector, title in (
        ("Thurrock Council Cabinet", "co_opted", "council",
         "Portfolio Holder for Community Safety"),
        ("Thurrock Community Forum", "co_opted", "voluntary", "Community representative"),
        ("Thurrock CVS", "co_opted", "voluntary", "Chief Executive"),
        ("Essex Police, Fire and Crime Commissioner", "co_opted", "pcc",
         "Head of Commissioning"),
        ("Thurrock Business Board", "co_opted", "business", "Small business representative"),
        ("Lakeside Shopping Centre", "co_opted", "business", "Centre Director"),
        ("Thurrock Drug and Alcohol Action Team", "co_opted", "other",
         "Accountable Head of Service"),
        ("Thurrock Council Children's Services", "co_opted", "council",
         "Director of Children's Services"),
        ("Thurrock Safeguarding Children Partnership", "co_opted", "other", "Business Manager"),
        ("Thurrock Council Adult Social Care", "co_opted", "council",
         "Director of Adult Social Care"),
        ("Essex Police Community Safety Unit", "ex_officio", "police",
         "Community Safety Manager"),
        ("Thurrock Community Safety Partnership Team", "ex_officio", "council",
         "Partnership Manager"),
    ):
        book.member(organisation, role, sector, title, voting=role == "co_opted")
    defunct = ("Essex Police Authority",)
    ras = [o for o in book.organisations(RA, date(2022, 4, 1)) if o not in defunct]
    boards_by_year: dict[int, list[date]] = {}
    for start in REPORTING_YEARS:
        boards = boards_by_year.setdefault(start, [])
        for month in (6, 9, 12, 3):
            day = nth_weekday(year_of(month, start), month, 1, 3)
            if (start, month) == (2024, 12):
                day = nth_weekday(2025, 1, 1, 2)  # PLANTED: December moved to January
            meeting_id = f"TCSP-{day:%Y-%m}"
            inquorate = (start, month) == (2024, 9)  # PLANTED: 5 of 15 members represented
            board(book, meeting_id, day, "Community Safety Partnership Strategic Board",
                  papers_before=7, minutes_after=10, calendar_days=True, open_to_public="no",
                  chair_elected=yes(month == 6), quorate="no" if inquorate else "yes",
                  chair="Essex Police", vice_chair="Thurrock Council")
            statuses = {}
            if inquorate:
                members = [str(m["organisation"]) for m in book.members_on(day)]
                keep = set(ras[:4]) | {"Thurrock Council Cabinet", "Thurrock CVS",
                                       "Thurrock Community Safety Partnership Team",
                                       "Essex Police Community Safety Unit"}
                statuses = {o: "apologies" for o in members if o not in keep}
            book.attend(meeting_id, day, skip=defunct, statuses=statuses, min_represented=13)
            themed_agenda(book, meeting_id, [("Welcome, apologies and chair's review", None)],
                          extra=[("Performance report and exceptions", "performance", False),
                                 ("Risk register", "risk", False),
                                 ("Executive Group recommendations", None, True,
                                  "Executive Group"),
                                 *([("Funding plans of the CSP Executive", "finance", True)]
                                   if month in (6, 12) else [])])
            if month in (6, 12):
                book.add("Reports", date=day + timedelta(days=28),
                         to="Thurrock Local Strategic Partnership",
                         what="Community safety performance report", topic="performance",
                         restricted="no")  # PLANTED: none to the safeguarding board
            boards.append(day)
        skip = {"skills_assessment"} if start == 2024 else set()  # PLANTED: none 2024-25
        yearly_documents(book, start, boards, ras=ras, skip=skip)
        book.document(f"EIA-{label(start)}", "equality_impact_assessment",
                      f"Equality impact assessment of the plan {label(start)}",
                      approved=boards[0], restricted="no")
        book.document(f"RISK-{label(start)}", "risk_register", f"Risk register {label(start)}",
                      reviewed=boards[-1], restricted="yes")
        public_meeting(book, f"PUB-{start}-07", nth_weekday(start, 7, 3, 2),
                       "Thurrock community safety public meeting", defunct=defunct)
        scrutiny(book, annual(date(2023, 1, 24), start),
                 "Cleaner, Greener and Safer Overview and Scrutiny Committee")
    standing_documents(book, boards_by_year[2023])
    serious_violence(book)
    asb_case(book, "ASB-THU-2023-01", date(2023, 10, 9), met=True)
    asb_case(book, "ASB-THU-2024-01", date(2024, 8, 12), met=False)
    book.add("Waivers", rule_id="THU-MEETING-MONTHS", reason="December 2024 board moved to "
             "January 2025 to receive the delayed strategic assessment",
             approved_by="Chair of the Strategic Board", approved_on=date(2024, 11, 19),
             expires=date(2025, 6, 30))  # PLANTED: current waiver
    return book
