"""What every sample partnership records each reporting year, with the dials that let a
partnership skip or delay one thing (the planted poor practice in build_samples.py).

A reporting year is named by its start: 2024 means 1 April 2024 to 31 March 2025.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, timedelta

from sample_book import (
    Book,
    previous_working_day,
    to_working_day,
    working_days_after,
    working_days_before,
)

THEMES = ("domestic_abuse", "serious_violence", "asb", "prevent", "iom", "hate_crime",
          "youth_justice", "risk", "finance")
THEME_ITEMS = {
    "domestic_abuse": "Domestic abuse: delivery of the safe accommodation strategy",
    "serious_violence": "Serious violence duty: progress report",
    "asb": "Anti-social behaviour: hotspot locations and tasking",
    "prevent": "Prevent: local risk assessment update",
    "iom": "Integrated offender management: cohort performance",
    "hate_crime": "Hate crime: reporting and third-party reporting centres",
    "youth_justice": "Youth justice: first-time entrants and reoffending",
    "risk": "Partnership risk register",
    "finance": "Community safety funding: allocation and spend",
    "resource_scanning": "Opportunities and challenges facing each responsible authority, "
                         "including resource scanning",
    "performance": "Task group performance reports (RAG)",
    "declarations_of_interest": "Apologies and declarations of interest",
}


def label(start: int) -> str:
    return f"{start}-{str(start + 1)[2:]}"


def board(book: Book, meeting_id: str, day: date, title: str, *, papers_before: int,
          minutes_after: int, publish_after: int = 15, calendar_days: bool = False,
          **values: object) -> dict[str, object]:
    """A board meeting with papers `papers_before` working (or calendar) days ahead and
    draft minutes `minutes_after` days behind, published some days later."""
    if calendar_days:
        papers = previous_working_day(day - timedelta(days=papers_before))
        minutes = to_working_day(day + timedelta(days=minutes_after))
    else:
        papers = working_days_before(day, papers_before)
        minutes = working_days_after(day, minutes_after)
    published = to_working_day(minutes + timedelta(days=publish_after))
    values.setdefault("quorate", "yes")
    values.setdefault("restricted", "no")
    return book.meeting(meeting_id, day, "board", title, papers=papers, minutes=minutes,
                        published=published, **values)


def themed_agenda(book: Book, meeting_id: str, opening: Sequence[tuple[object, ...]],
                  count: int = 3, *, extra: Sequence[tuple[object, ...]] = (),
                  restricted: Collection[str] = ()) -> None:
    """Opening items, `count` themes drawn from the seeded generator, then `extra`."""
    themes = book.random.sample(THEMES, count)
    items = [*opening, ("Minutes and action log", "matters_arising"),
             *((THEME_ITEMS[t], t) for t in themes), *extra, ("Any other business", None)]
    book.agenda(meeting_id, items, restricted=restricted)


def public_meeting(book: Book, meeting_id: str, day: date, title: str, *,
                   not_senior: Collection[str] = (), defunct: Collection[str] = ()) -> None:
    """A public meeting attended by every responsible authority (bar `defunct` bodies still
    listed); `not_senior` names those that sent someone without a senior position."""
    book.meeting(meeting_id, day, "public", title, open_to_public="yes", restricted="no",
                 papers=working_days_before(day, 10),
                 published=working_days_after(day, 15))
    ras = [o for o in book.organisations("responsible_authority", day) if o not in defunct]
    others = [str(m["organisation"]) for m in book.members_on(day)
              if str(m["organisation"]) not in ras]
    book.attend(meeting_id, day, skip=others,
                statuses={o: "substitute" if o in not_senior else "present" for o in ras},
                senior={o: o not in not_senior for o in ras})


def yearly_documents(book: Book, start: int, boards: Sequence[date], *, ras: Sequence[str],
                     skip: Collection[str] = (), plan_years: int = 3,
                     plan_to_pcc: bool = True) -> None:
    """The year's strategic assessment, plan refresh, consultation, feedback, ISP and ToR
    reviews, skills assessment and ASB data, each agreed at one of the year's `boards`."""
    year = label(start)
    first, second, third = boards[0], boards[1], boards[min(2, len(boards) - 1)]
    if "strategic_assessment" not in skip:
        book.document(f"SA-{year}", "strategic_assessment", f"Strategic assessment {year}",
                      approved=third, restricted="no")
    if "partnership_plan" not in skip:
        covers_to = date(start + plan_years, 3, 31)
        book.document(
            f"PLAN-{year}", "partnership_plan",
            f"Community safety partnership plan {start}-{covers_to.year} ({year} refresh)",
            approved=first, published=working_days_after(first, 10),
            covers_from=date(start, 4, 1), covers_to=covers_to,
            sent_to_pcc=working_days_after(first, 5) if plan_to_pcc else None,
            url=f"https://www.example.gov.uk/community-safety/plan-{year}", restricted="no")
    if "community_consultation" not in skip:
        book.document(f"CONS-{year}", "community_consultation",
                      f"Community safety survey {start}: results", approved=second,
                      published=working_days_after(second, 10), restricted="no")
    if "annual_report" not in skip:
        book.document(f"AR-{label(start - 1)}", "annual_report",
                      f"Annual report {label(start - 1)}",
                      published=to_working_day(date(start, 7, 15)), restricted="no")
    if "asb_case_review_data" not in skip:
        book.document(f"ASBDATA-{label(start - 1)}", "asb_case_review_data",
                      f"ASB case review data {label(start - 1)}",
                      published=to_working_day(date(start, 6, 28)), restricted="no")
    if "information_sharing_protocol" not in skip:
        book.document(f"ISP-{year}", "information_sharing_protocol",
                      f"Information sharing protocol (annual review {start})",
                      approved=date(2019, 6, 3), reviewed=first, signatories=ras,
                      restricted="no")
    if "terms_of_reference" not in skip:
        book.document(f"TOR-{year}", "terms_of_reference",
                      f"Terms of reference (annual review {start})", reviewed=first,
                      restricted="no")
    if "skills_assessment" not in skip:
        book.document(f"SKILLS-{year}", "skills_assessment",
                      f"Skills and knowledge assessment {year}", approved=second,
                      restricted="no")


def standing_documents(book: Book, board_2023_24: Sequence[date]) -> None:
    """Strategies that run for several years, the ASB case review procedure, and the
    serious violence duty documents that began in 2023-24."""
    late = board_2023_24[-1]
    book.document("REOFF-2021-24", "reducing_reoffending_strategy",
                  "Reducing reoffending strategy 2021-24", approved=date(2021, 9, 14),
                  covers_from=date(2021, 4, 1), covers_to=date(2024, 3, 31), restricted="no")
    book.document("REOFF-2024-27", "reducing_reoffending_strategy",
                  "Reducing reoffending strategy 2024-27", approved=late,
                  covers_from=date(2024, 4, 1), covers_to=date(2027, 3, 31), restricted="no")
    book.document("DRUGS-2022-25", "substance_misuse_strategy",
                  "Combating drugs partnership strategy 2022-25", approved=date(2022, 12, 6),
                  reviewed=date(2024, 12, 3), covers_from=date(2022, 12, 1),
                  covers_to=date(2025, 11, 30), restricted="no")
    book.document("ASBPROC", "asb_case_review_procedure", "ASB case review procedure",
                  approved=date(2014, 10, 20), reviewed=date(2023, 5, 9),
                  published=date(2014, 10, 27),
                  url="https://www.example.gov.uk/community-safety/asb-case-review",
                  restricted="no")


def serious_violence(book: Book, *, published: bool = True, reviewed: date | None
                     = date(2025, 1, 21)) -> None:
    """The needs assessment and strategy the serious violence duty asked for by 31 January
    2024, and the strategy's annual review."""
    book.document("SVNA-2023", "serious_violence_needs_assessment",
                  "Serious violence strategic needs assessment", approved=date(2023, 11, 28),
                  restricted="no")
    book.document("SVS-2024", "serious_violence_strategy", "Serious violence strategy 2024-27",
                  approved=date(2024, 1, 16), reviewed=reviewed,
                  published=date(2024, 1, 26) if published else None,
                  covers_from=date(2024, 1, 31), covers_to=date(2027, 3, 31), restricted="no")


def asb_case(book: Book, case_ref: str, received: date, *, met: bool,
             decided_after: int = 6, review_after: int = 18,
             notified_after: int = 3) -> None:
    """One application; the delays are in working days, as the checks count them."""
    decided = working_days_after(received, decided_after)
    review = working_days_after(decided, review_after) if met else None
    book.add("ASB case reviews", case_ref=case_ref, received=received,
             threshold_met="yes" if met else "no", threshold_decided=decided,
             review_completed=review,
             outcome_notified=working_days_after(review, notified_after) if review else None,
             restricted="yes")


RA = "responsible_authority"
DECLARATIONS = ("Apologies and declarations of interest", "declarations_of_interest")


def settings(name: str, code: str, tier: str = "unitary") -> dict[str, str]:
    return {"name": name, "code": code, "nation": "England", "checklist": code,
            "year_start": "01-04", "tier": tier}


def dhr(book: Book, case_ref: str, **values: object) -> None:
    values.setdefault("restricted", "yes")
    book.add("DHR", case_ref=case_ref, **values)


def scrutiny(book: Book, day: date, committee: str) -> None:
    book.meeting(f"OSC-{day:%Y-%m}", day, "scrutiny",
                 f"{committee}: annual review of the community safety partnership",
                 open_to_public="yes", restricted="no")


def task_group(book: Book, day: date, title: str, group: str | None = None) -> None:
    """A sub-group meeting; `group` (default: the title) names the group on every sheet."""
    book.meeting(f"TG-{day:%Y-%m-%d}", day, "task_group", title, restricted="no",
                 group=group or title)


def yes(flag: bool) -> str | None:
    """`yes` where the minutes record it; blank otherwise, as most minutes leave it."""
    return "yes" if flag else None
