"""The five seed partnerships as sample records: each terms of reference's own membership
(organisations and job titles, never people's names) and meeting pattern, with the poor
practice listed at the top of build_samples.py planted deliberately (marked PLANTED).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sample_book import (
    REPORTING_YEARS,
    Book,
    annual,
    nth_weekday,
    working_days_after,
    year_of,
)
from sample_boroughs import richmond, sefton, thurrock
from sample_yearly import (
    DECLARATIONS,
    RA,
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


def north_east_lincolnshire() -> Book:
    book = Book(settings("North East Lincolnshire Community Safety Partnership Board",
                         "north-east-lincolnshire"), seed=1)
    book.member("North East Lincolnshire Council", RA, "council",
                "Director of Safer and Stronger Communities", deputy="Head of Community Safety")
    book.member("Humberside Police", RA, "police", "Chief Superintendent, Divisional Commander",
                deputy="Superintendent, Neighbourhood Policing")
    book.member("Humberside Fire and Rescue Service", RA, "fire",
                "Area Manager, Prevention and Protection", deputy="Group Manager")
    book.member("NHS Humber and North Yorkshire Integrated Care Board", RA, "health",
                "Place Director", deputy="Head of Commissioning")
    book.member("Probation Service", RA, "probation", "Head of Probation Delivery Unit",
                deputy="Senior Probation Officer")
    for organisation, sector, title in (
        ("Office of the Humberside Police and Crime Commissioner", "pcc", "Head of Partnerships"),
        ("Voluntary Action North East Lincolnshire", "voluntary", "Chief Executive"),
        ("Sector Support NEL", "voluntary", "Chief Executive"),
        ("Victim Support", "voluntary", "Area Manager"),
        ("Navigo", "health", "Director of Operations"),
        ("Lincolnshire Housing Partnership", "housing", "Director of Housing"),
    ):
        book.member(organisation, "co_opted", sector, title, voting=False)
    book.member("North East Lincolnshire Council Community Safety Team", "officer", "council",
                "Community Safety Partnership Manager", voting=False, senior=False)
    ras = book.organisations(RA, date(2022, 4, 1))
    boards_by_year: dict[int, list[date]] = {}
    for start in REPORTING_YEARS:
        boards = boards_by_year.setdefault(start, [])
        for month in (5, 9, 11, 2):
            day = nth_weekday(year_of(month, start), month, 3, 3)
            if start == 2023 and month == 11:
                day = nth_weekday(2024, 1, 3, 2)  # PLANTED: no board in Q3 2023-24
            meeting_id = f"CSPB-{day:%Y-%m}"
            board(book, meeting_id, day, "Community Safety Partnership Board", papers_before=5,
                  minutes_after=7, open_to_public="no", chair_elected=yes(month == 5))
            absent = {"Probation Service": "apologies"} if start == 2024 and month != 5 else {}
            book.attend(meeting_id, day, statuses=absent)  # PLANTED above: 3 in a row
            review = start < 2024 and month == 5  # PLANTED: no membership review 2024-25
            report = ([("Serious violence task and finish group: findings", "serious_violence",
                        False, "Serious violence task and finish group")]
                      if (start, month) == (2024, 9) else [])  # PLANTED: domestic abuse never
            themed_agenda(book, meeting_id, [("Welcome and apologies", None)], extra=[
                ("Statutory duties: performance monitoring and assurance", "performance"),
                *report,
                *([("Annual review of membership", "membership_review")] if review else [])])
            if review:
                book.document(f"MEMB-{label(start)}", "membership_review",
                              f"Membership review {label(start)}", approved=day)
            boards.append(day)
        yearly_documents(book, start, boards, ras=ras)
        public_meeting(book, f"PUB-{start}-10", nth_weekday(start, 10, 2, 2),
                       "Community safety public forum")
        scrutiny(book, annual(date(2023, 1, 24), start), "Communities Scrutiny Panel")
        task_group(book, nth_weekday(start, 7, 1, 2), "Serious violence task and finish group")
        task_group(book, nth_weekday(start + 1, 3, 1, 1), "Domestic abuse task group")
    standing_documents(book, boards_by_year[2023])
    book.document("AP-SV-2024", "action_plan", "Serious violence task and finish group "
                  "action plan", approved=date(2024, 7, 9), restricted="no",
                  group="Serious violence task and finish group")
    serious_violence(book)
    dhr(book, "DHR-NEL-2022-01", notified=date(2022, 8, 15), decision="commission",
        decision_date=date(2022, 9, 6), home_office_informed=date(2022, 9, 8),
        chair_appointed=date(2022, 10, 17), first_panel=date(2022, 11, 24),
        submitted=date(2023, 6, 30), qa_outcome="accepted", published=date(2024, 2, 20),
        sent_to_dac=date(2023, 7, 5))
    dhr(book, "DHR-NEL-2024-01", notified=date(2024, 6, 10), decision="commission",
        decision_date=date(2024, 7, 22), home_office_informed=date(2024, 7, 24),  # PLANTED
        chair_appointed=date(2024, 9, 2), first_panel=date(2024, 10, 8), qa_outcome="pending")
    asb_case(book, "ASB-NEL-2022-01", date(2022, 10, 3), met=True)
    asb_case(book, "ASB-NEL-2023-01", date(2023, 6, 12), met=False)
    asb_case(book, "ASB-NEL-2024-01", date(2024, 5, 20), met=True)
    asb_case(book, "ASB-NEL-2024-02", date(2024, 11, 4), met=True, decided_after=14)  # PLANTED
    return book


def norfolk() -> Book:
    book = Book(settings("Norfolk Countywide Community Safety Partnership", "norfolk",
                         tier="county"), seed=2)
    for district in ("Breckland Council", "Broadland District Council",
                     "Great Yarmouth Borough Council",
                     "Borough Council of King's Lynn and West Norfolk",
                     "North Norfolk District Council", "Norwich City Council",
                     "South Norfolk Council"):
        book.member(district, RA, "council", "Chief Executive",
                    deputy="Director of Communities")
    book.member("Norfolk County Council", RA, "council",
                "Executive Director of Community and Environmental Services",
                deputy="Assistant Director, Community Safety")
    book.member("Norfolk Constabulary", RA, "police", "Assistant Chief Constable",
                deputy="Chief Superintendent, Local Policing")
    book.member("Norfolk Police Authority", RA, "police_authority", "Chief Executive",
                left=date(2012, 11, 21))
    book.member("Norfolk Fire and Rescue Service", RA, "fire", "Chief Fire Officer",
                deputy="Assistant Chief Fire Officer")
    book.member("Norfolk Primary Care Trust", RA, "health", "Chief Executive",
                left=date(2013, 3, 31))
    book.member("NHS Norfolk and Waveney Integrated Care Board", RA, "health",
                "Director of Strategic Commissioning", deputy="Head of Mental Health")
    book.member("Norfolk Probation Area", RA, "probation", "Chief Officer",
                left=date(2014, 5, 31))
    book.member("Probation Service (East of England)", RA, "probation",
                "Head of Probation Delivery Unit", deputy="Senior Probation Officer",
                joined=date(2014, 6, 1))
    book.member("Office of the Norfolk Police and Crime Commissioner", "co_opted", "pcc",
                "Chief Executive", voting=False, joined=date(2012, 11, 22))
    book.member("Norfolk Drug and Alcohol Action Team", "invitee", "other", "Head of Service",
                voting=False)
    book.member("Norfolk Youth Offending Team", "co_opted", "youth_justice",
                "Head of Youth Justice", voting=False)
    book.member("Norfolk County Council Cabinet", "ex_officio", "council",
                "Cabinet Member for Communities and Partnerships", voting=False)
    book.member("Norfolk County Council Community Safety Team", "officer", "council",
                "Head of Community Safety", voting=False, senior=False)
    district_apologies = {"Breckland Council": "apologies",
                          "Great Yarmouth Borough Council": "apologies",
                          "North Norfolk District Council": "apologies"}
    boards_by_year: dict[int, list[date]] = {}
    for start in REPORTING_YEARS:
        boards = boards_by_year.setdefault(start, [])
        for month in (6, 9, 12, 3):
            day = nth_weekday(year_of(month, start), month, 2, 2)
            meeting_id = f"CCSP-{day:%Y-%m}"
            papers = 5 if (start, month) == (2024, 12) else 8  # PLANTED: papers 5 days ahead
            minutes = 13 if (start, month) == (2024, 9) else 6  # PLANTED: minutes 13 days on
            inquorate = (start, month) == (2024, 6)  # PLANTED: 9 of 12 RAs, minutes say yes
            board(book, meeting_id, day, "Countywide Community Safety Partnership",
                  papers_before=papers, minutes_after=minutes, calendar_days=True,
                  open_to_public="yes", chair_elected=yes(month == 6),
                  vice_chair_elected=yes(month == 6), chair="Norfolk Constabulary",
                  vice_chair="Norfolk County Council")
            book.attend(meeting_id, day, statuses=district_apologies if inquorate else {})
            skip_declarations = (start, month) == (2023, 12)  # PLANTED: no declarations
            themed_agenda(book, meeting_id, [] if skip_declarations else [DECLARATIONS],
                          extra=[("Quarterly performance monitoring", "performance")])
            boards.append(day)
        ras = book.organisations(RA, boards[0])
        yearly_documents(book, start, boards, ras=ras, plan_to_pcc=start != 2024)  # PLANTED
        book.document(f"CSA-{label(start)}", "county_agreement",
                      f"Norfolk community safety agreement {label(start)}", approved=boards[0],
                      sent_to_pcc=working_days_after(boards[0], 5), restricted="no")
        not_senior = ("Probation Service (East of England)",) if start == 2024 else ()
        public_meeting(book, f"PUB-{start}-11", nth_weekday(start, 11, 3, 2),
                       "Norfolk community safety public meeting", not_senior=not_senior)
        task_group(book, nth_weekday(start, 10, 1, 3), "Partnership Operations Group leads")
    for day in (date(2022, 11, 17), date(2023, 11, 16), date(2025, 1, 23)):  # PLANTED gap
        scrutiny(book, day, "Norfolk County Council Scrutiny Committee")
    private = nth_weekday(2023, 10, 2, 3)
    board(book, f"CCSP-X-{private:%Y-%m}", private, "Extraordinary meeting (private): "
          "domestic homicide review overview report", papers_before=6, minutes_after=6,
          calendar_days=True, open_to_public="no", restricted="yes")  # PLANTED: restricted
    book.attend(f"CCSP-X-{private:%Y-%m}", private)
    book.agenda(f"CCSP-X-{private:%Y-%m}", [DECLARATIONS, (
        "DHR overview report and action plan", "domestic_abuse")],
        restricted=["DHR overview report and action plan"])
    standing_documents(book, boards_by_year[2023])
    serious_violence(book)
    dhr(book, "DHR-NFK-2022-01", notified=date(2022, 6, 6), decision="commission",
        decision_date=date(2022, 7, 5), home_office_informed=date(2022, 7, 6),
        chair_appointed=date(2022, 8, 1), first_panel=date(2022, 9, 5),
        submitted=date(2022, 12, 20), qa_outcome="accepted", published=date(2023, 5, 10),
        sent_to_dac=date(2022, 12, 22))
    dhr(book, "DHR-NFK-2023-01", notified=date(2023, 9, 4), decision="not_commissioned",
        decision_date=date(2023, 9, 26), home_office_informed=date(2023, 9, 28))
    dhr(book, "DHR-NFK-2024-01", notified=date(2024, 4, 15), decision="commission",
        decision_date=date(2024, 5, 7), home_office_informed=date(2024, 5, 9),
        chair_appointed=date(2024, 6, 3), first_panel=date(2024, 7, 2),
        submitted=date(2024, 10, 29), qa_outcome="resubmit", sent_to_dac=date(2024, 11, 5))
    asb_case(book, "ASB-NFK-2022-01", date(2022, 7, 11), met=True)
    asb_case(book, "ASB-NFK-2023-01", date(2023, 8, 14), met=True)
    asb_case(book, "ASB-NFK-2024-01", date(2024, 9, 9), met=False)
    book.add("Waivers", rule_id="NFK-QUORUM", reason="Quorum of 8 agreed while district "
             "council membership was reviewed", approved_by="Chair of the CCSP",
             approved_on=date(2023, 6, 14), expires=date(2024, 3, 31))  # PLANTED: expired
    return book


PARTNERSHIPS: dict[str, Callable[[], Book]] = {
    "north-east-lincolnshire": north_east_lincolnshire,
    "norfolk": norfolk,
    "sefton": sefton,
    "richmond": richmond,
    "thurrock": thurrock,
}
