"""Rebuild the five sample workbooks, one per seed partnership (`make sample-data`).

Fictional but plausible records for the reporting years 2022-23 to 2024-25, using each
terms of reference's own membership (organisations and job titles only, never people's
names) and meeting pattern. The build is deterministic: seeded random numbers, fixed
dates, and fixed timestamps inside the .xlsx, so an unchanged script rebuilds every file
byte for byte.

Deliberate poor practice planted (marked PLANTED in sample_partnerships.py and
sample_boroughs.py), so that the engine and the reports can be checked against it:

north-east-lincolnshire.xlsx (seed 000; long attendance)
  - 2023-24: the November 2023 board slipped to 11 January 2024: no board meeting in
    quarter 3 (NEL-QUARTERLY-BOARD), though four were held in the year.
  - 2024-25: Probation Service sent apologies and no substitute to the September,
    November and February boards: unrepresented at 3 consecutive meetings (NEL-ABSENCE),
    and at fewer than half the year's boards (HM-RA-ATTENDANCE).
  - 2024-25: no membership review (done May 2022 and May 2023): NEL-MEMBERSHIP-REVIEW.
  - DHR-NEL-2024-01: notified 10 June 2024, decision 22 July 2024 (late), Home Office told
    24 July (late); open, not yet submitted.
  - ASB-NEL-2024-02: threshold decided 14 working days after receipt (default 10).
  - DHR-NEL-2022-01: report submitted 30 June 2023, nearly 10 months after the decision.
  - 2024-25: the serious violence task and finish group reported to the board and has an
    action plan; the domestic abuse task group did neither (NEL-TASK-GROUP-REPORTS,
    NEL-TASK-GROUP-PLANS red). Co-opted partners named no deputy (NEL-DEPUTIES amber).
norfolk.xlsx (seed 001; county tier; long attendance)
  - Norfolk Police Authority, Norfolk PCT and Norfolk Probation Area kept as former
    members with leaving dates (good record keeping, not a finding).
  - 2024-25: CCSP-2024-06 had 9 of the 12 responsible authorities (three district
    councils sent apologies) yet the minutes record it quorate (NFK-QUORUM); the NFK-QUORUM
    waiver expired on 31 March 2024 and is reported as expired.
  - 2024-25: CCSP-2024-12 papers went out 5 days before (NFK-PAPERS: one week);
    CCSP-2024-09 minutes went out 13 days after (NFK-MINUTES: one week).
  - 2023-24: CCSP-2023-12 agenda has no declarations of interest (NFK-DECLARATIONS).
  - 2023-24: an extraordinary private board (CCSP-X-2023-10, restricted) with papers
    6 days before and no performance item; its DHR item is restricted.
  - 2024-25: the public meeting PUB-2024-11 had a Probation substitute without a senior
    position (NAT-PUBLIC-MEETING amber).
  - 2024-25: the refreshed partnership plan PLAN-2024-25 was not sent to the PCC
    (NAT-PLAN-TO-PCC).
  - Scrutiny committee met November 2022, November 2023, then January 2025: a 14-month gap
    (NAT-SCRUTINY amber in 2024-25).
  - DHR-NFK-2024-01: submitted on time, QA outcome "resubmit", not published.
  - The constabulary chairs every board and the vice-chair is appointed each June
    (NFK-CHAIR-FROM-RA, NFK-VICE-CHAIR-ELECTION green); the Partnership Operations Group
    meets once a year, not quarterly (NFK-POG-MEETINGS red).
sefton.xlsx (seed 002; long attendance) - several non-greens in 2024-25:
  - No public meeting in 2024-25 (NAT-PUBLIC-MEETING red); held October 2022 and 2023.
  - Actions: ACT-2024-02 (review the terms of reference, due 28 February 2025) still in
    progress on 31 March 2025 (HM-ACTIONS-FOLLOWED amber); the public meeting action dropped.
  - SSCP-2024-09 inquorate: only 2 of the responsible authorities (council and police)
    represented; minutes record quorate "no" (SEF-QUORUM).
  - SSCP-2024-11 papers 3 working days before (SEF-PAPERS: 5). SSCP-2024-05 (Monday
    13 May 2024) had papers on 2 May: exactly 5 working days over the bank holiday (green).
  - Hate crime was on no agenda in 2024-25 (SEF-STANDING-ITEMS); the other standing items
    are staggered across the year's agendas.
  - Terms of reference last reviewed 12 February 2024: 13 months by 31 March 2025
    (HM-TOR-REVIEW amber); not reviewed in 2024-25.
  - Serious violence strategy approved and reviewed but never published
    (NAT-SERIOUS-VIOLENCE-STRATEGY red: the Act says publish; NAT-SERIOUS-VIOLENCE-REVIEW
    amber).
  - DHR-SEF-2023-01's report (submitted 28 March 2024) was never recorded as sent to the
    Domestic Abuse Commissioner (NAT-DHR-DAC-COPY amber: outstanding, as the law sets no
    number of days).
  - DHR-SEF-2025-01 notified 3 February 2025, decision still pending at 31 March 2025
    (NAT-DHR-DECISION red). DHR-SEF-2023-01 submitted 10 months after the decision (late).
  - Merseyside Police Authority listed as a former member (left 21 November 2012).
  - DHR progress items on every board agenda are restricted.
richmond.xlsx (seed 003; MATRIX attendance; empty DHR register)
  - 2024-25: February 2025 meeting cancelled: 9 Strategy Group meetings against 10
    (HM-BOARD-FREQUENCY).
  - 2023-24: chair and vice-chair elected at the June meeting, not in May
    (RIC-CHAIR-ELECTION).
  - 2024-25: SG-2024-10 papers 2 working days before (RIC-PAPERS: 3); SG-2024-11 minutes
    14 working days after (RIC-MINUTES: 10).
  - 2022-23: task group performance reports at only 2 meetings (RIC-TASK-GROUP-REPORTS: 3;
    RIC-KPIS: KPIs at every meeting); from 2023-24 they are on every agenda.
  - Information sharing protocol last reviewed February 2024: 13 months by 31 March 2025
    (HM-ISP-REVIEW amber).
  - DHR sheet present but empty (not_applicable for the DHR rules).
  - 2024-25: the substance misuse task group's RAG report was due in June, October and
    February; February was cancelled, so 2 of 3 (RIC-TASK-GROUP-REPORTS red while RIC-KPIS
    is green). It has its own terms of reference but no workplan (RIC-TASK-GROUP-WORKPLANS).
  - The October finance item is a report to note (decision no) without declarations; the
    June and March funding decisions have them (RIC-FINANCE-DECLARATIONS green).
  - Minutes go to the Stakeholder Group after every meeting, never to the LSP
    (RIC-MINUTES-ONWARD red).
thurrock.xlsx (seed 004; long attendance; no DHR sheet at all)
  - Essex Police Authority still listed as a responsible authority with no leaving date
    (NAT-RA-MEMBERSHIP amber: an abolished body listed as an RA).
  - 2024-25: the December 2024 board was moved to 14 January 2025 (THU-MEETING-MONTHS),
    covered by a current waiver to 30 June 2025.
  - 2024-25: TCSP-2024-09 inquorate: 5 of the 15 members represented (the two ex-officio
    staff are not members), 9 needed, at a meeting taking decisions; recorded "no"
    (THU-QUORUM).
  - 2024-25: no skills and knowledge assessment (HM-SKILLS-REVIEW).
  - No DHR sheet: the register was not supplied (amber "register not supplied").
  - Police chair and council vice-chair recorded (THU-CHAIR, THU-VICE-CHAIR green);
    performance reports to the LSP in June and December (THU-REPORTS-LSP green), none to
    the safeguarding children board (THU-REPORTS-SAFEGUARDING red).

Usage: python sample_data/build_samples.py [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sample_partnerships import PARTNERSHIPS

HERE = Path(__file__).resolve().parent


def build(out: Path) -> list[Path]:
    """Write every sample workbook into `out`; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for code, make in PARTNERSHIPS.items():
        path = out / f"{code}.xlsx"
        make().save(path)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE,
                        help="folder to write the workbooks to (default: sample_data/)")
    args = parser.parse_args(argv)
    for path in build(args.out):
        print(f"Wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
