"""Synthetic partnership workbooks for `make bench`: N partnerships x Y reporting years.

Seeded and deterministic (the same N, Y and seed write the same records), written through
the same workbook contract as a real export (csp_audit.model.contract's sheets and columns), with
openpyxl's write_only mode for speed. Records are plausible rather than perfect: most
partnerships meet most duties, and each year a few slip (late papers, a missed public
meeting, a late DHR decision), so every status appears in the portfolio.

Usage: python bench/generate.py [--partnerships 300] [--years 10] [--out bench/data]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

from csp_audit.model.contract import SHEETS

LAST_YEAR = 2025
"""Start of the latest reporting year generated (2025-26), the last one ended by now."""
SEED = 5
RA_SECTORS = (("Council", "council"), ("Police", "police"), ("Fire and Rescue Service", "fire"),
              ("Integrated Care Board", "health"), ("Probation Service", "probation"))
OTHER_MEMBERS = (("Police and Crime Commissioner", "pcc"), ("Youth Justice Service",
                 "youth_justice"), ("Council for Voluntary Service", "voluntary"),
                 ("Housing Association", "housing"), ("Business Improvement District",
                 "business"), ("Victim Support", "voluntary"), ("Drug and Alcohol Service",
                 "health"), ("Mental Health Trust", "health"))
TOPICS = ("prevent", "domestic_abuse", "asb", "iom", "youth_justice", "hate_crime",
          "serious_violence", "finance", "risk", "resource_scanning")
YEARLY_DOCUMENTS = ("strategic_assessment", "community_consultation", "annual_report",
                    "asb_case_review_data", "skills_assessment")
LOCAL_CHECKLISTS = ("north-east-lincolnshire", "norfolk", "sefton", "richmond", "thurrock")
PLACES = ("Ashford", "Barnfield", "Castleton", "Dunmore", "Eastbrook", "Fairhaven", "Glenby",
          "Harrowgate", "Ivybridge", "Kingsmere", "Lowther", "Marlow", "Northam", "Oakfield",
          "Penrith", "Queensbury", "Redmere", "Stanford", "Thornbury", "Upton", "Westcliff")


def weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


class Partnership:
    """One synthetic partnership's rows, sheet by sheet, in contract column names."""

    def __init__(self, number: int, years: int, seed: int) -> None:
        self.random = random.Random(seed * 100_003 + number)
        self.number = number
        place = f"{PLACES[number % len(PLACES)]} {number // len(PLACES) + 1}"
        self.code = f"bench-{number:03d}"
        wales = number % 12 == 11
        self.settings = {
            "name": f"{place} Community Safety Partnership", "code": self.code,
            "nation": "Wales" if wales else "England",
            "checklist": (LOCAL_CHECKLISTS[number // 10 % 5]
                          if number % 10 == 3 and not wales else None),
            "tier": "county" if number % 9 == 4 and not wales else "unitary",
        }
        self.rows: dict[str, list[dict[str, object]]] = {s.name: [] for s in SHEETS[1:]}
        self.first_year = LAST_YEAR - years + 1
        self.members = [(f"{place} {name}", sector, True) for name, sector in RA_SECTORS]
        others = self.random.sample(OTHER_MEMBERS, self.random.randint(4, 7))
        self.members += [(f"{place} {name}", sector, False) for name, sector in others]
        for organisation, sector, ra in self.members:
            self.add("Members", organisation=organisation,
                     role="responsible_authority" if ra else "co_opted", sector=sector,
                     voting=yes_no(ra), representative="Head of Service", senior="yes",
                     deputy="Deputy Head of Service", **{"from": date(self.first_year, 4, 1)})
        for year in range(self.first_year, LAST_YEAR + 1):
            self.year(year)

    def add(self, sheet: str, **values: object) -> None:
        self.rows[sheet].append(values)

    def slip(self, chance: float) -> bool:
        return self.random.random() < chance

    def meeting(self, meeting_id: str, day: date, body: str, title: str,
                restricted: bool = False) -> None:
        lead = self.random.choice((8, 9, 10, 11)) if not self.slip(0.1) else 3
        minutes = day + timedelta(days=self.random.randint(5, 12 if not self.slip(0.1) else 25))
        self.add("Meetings", meeting_id=meeting_id, date=day, body=body, title=title,
                 quorate="yes", papers_circulated=day - timedelta(days=lead),
                 minutes_circulated=minutes, minutes_published=minutes + timedelta(days=7),
                 open_to_public=yes_no(body == "public"),
                 chair_elected=yes_no(day.month in (5, 6) and body == "board"),
                 restricted=yes_no(restricted))
        for organisation, _sector, ra in self.members:
            roll = self.random.random()
            status = ("present" if roll < 0.78 else "substitute" if roll < 0.92
                      else "apologies" if roll < 0.98 else "absent")
            senior = None if body != "public" else yes_no(ra and not self.slip(0.05))
            self.add("Attendance", meeting_id=meeting_id, organisation=organisation,
                     status=status, senior=senior)

    def agenda(self, meeting_id: str, topics: list[str]) -> None:
        for number, topic in enumerate(topics, start=1):
            self.add("Agenda", meeting_id=meeting_id, item=f"{number}. {topic.replace('_', ' ')}",
                     topic=topic, restricted=yes_no(topic == "domestic_abuse"))

    def year(self, start: int) -> None:
        label = f"{start}-{(start + 1) % 100:02d}"
        skipped = self.random.randrange(4) if self.slip(0.08) else None
        for quarter, month in enumerate((6, 9, 12, 3)):
            if quarter == skipped:
                continue
            year = start if month >= 4 else start + 1
            day = weekday_on_or_after(date(year, month, self.random.randint(3, 24)))
            meeting_id = f"B-{label}-{quarter + 1}"
            self.meeting(meeting_id, day, "board", f"Partnership Board {label} Q{quarter + 1}")
            topics = ["declarations_of_interest", "performance",
                      *self.random.sample(TOPICS, 3)]
            if quarter == 0:
                topics += ["membership_review", "terms_of_reference_review", "skills_review"]
            self.agenda(meeting_id, topics)
        if not self.slip(0.12):
            day = weekday_on_or_after(date(start, 10, self.random.randint(1, 25)))
            self.meeting(f"P-{label}", day, "public", f"Public meeting {label}")
        day = weekday_on_or_after(date(start, 11, self.random.randint(1, 25)))
        self.meeting(f"S-{label}", day, "scrutiny", f"Crime and disorder committee {label}")
        for group in range(2):
            day = weekday_on_or_after(date(start, 7 + 4 * group, self.random.randint(1, 25)))
            self.meeting(f"T-{label}-{group + 1}", day, "task_group", "Task group",
                         restricted=group == 1)
        self.documents(start, label)
        self.cases(start, label)

    def documents(self, start: int, label: str) -> None:
        day = date(start, 5, 10)
        ras = "; ".join(organisation for organisation, _s, ra in self.members if ra)
        self.add("Documents", document_id=f"PLAN-{label}", kind="partnership_plan",
                 title=f"Partnership plan {label}", approved=day, published=day,
                 covers_from=date(start, 4, 1), covers_to=date(start + 1, 3, 31),
                 sent_to_pcc=None if self.slip(0.1) else day + timedelta(days=14))
        for kind in YEARLY_DOCUMENTS:
            if self.slip(0.07):
                continue
            when = date(start, self.random.choice((6, 7, 9, 10, 11, 1, 2)), 15)
            when = when.replace(year=start if when.month >= 4 else start + 1)
            self.add("Documents", document_id=f"{kind.upper()}-{label}", kind=kind,
                     title=kind.replace("_", " ").capitalize(), approved=when, published=when,
                     restricted="no")
        for kind in ("information_sharing_protocol", "terms_of_reference"):
            self.add("Documents", document_id=f"{kind.upper()}-{label}", kind=kind,
                     title=kind.replace("_", " ").capitalize(), approved=date(start, 6, 20),
                     signatories=ras if kind == "information_sharing_protocol" else None)
        if (start - self.first_year) % 3 == 0:
            for kind in ("reducing_reoffending_strategy", "substance_misuse_strategy",
                         "asb_case_review_procedure"):
                self.add("Documents", document_id=f"{kind.upper()}-{label}", kind=kind,
                         title=kind.replace("_", " ").capitalize(), approved=date(start, 9, 1),
                         published=date(start, 9, 8), covers_to=date(start + 3, 8, 31))
        if start >= 2023:
            for kind in ("serious_violence_needs_assessment", "serious_violence_strategy"):
                self.add("Documents", document_id=f"{kind.upper()}-{label}", kind=kind,
                         title=kind.replace("_", " ").capitalize(), approved=date(start, 12, 1),
                         published=None if self.slip(0.15) else date(start, 12, 8))
        if self.settings["tier"] == "county":
            self.add("Documents", document_id=f"CSA-{label}", kind="county_agreement",
                     title="Community safety agreement", approved=date(start, 7, 1),
                     sent_to_pcc=date(start, 7, 8))

    def cases(self, start: int, label: str) -> None:
        for number in range(self.random.choice((0, 0, 1, 1, 2))):
            notified = date(start, 4, 1) + timedelta(days=self.random.randint(0, 300))
            decided = notified + timedelta(days=self.random.randint(10, 45))
            submitted = decided + timedelta(days=self.random.randint(120, 300))
            self.add("DHR", case_ref=f"DHR-{self.code}-{label}-{number + 1}", notified=notified,
                     decision="commission", decision_date=decided,
                     home_office_informed=decided + timedelta(days=3),
                     chair_appointed=decided + timedelta(days=20),
                     first_panel=decided + timedelta(days=50), submitted=submitted,
                     qa_outcome="accepted", published=submitted + timedelta(days=90),
                     restricted="yes")
        for number in range(self.random.randint(0, 4)):
            received = date(start, 4, 1) + timedelta(days=self.random.randint(0, 330))
            met = self.slip(0.6)
            decided = received + timedelta(days=self.random.randint(3, 16))
            review = decided + timedelta(days=self.random.randint(10, 40)) if met else None
            self.add("ASB case reviews", case_ref=f"ASB-{self.code}-{label}-{number + 1}",
                     received=received, threshold_met=yes_no(met), threshold_decided=decided,
                     review_completed=review,
                     outcome_notified=(review or decided) + timedelta(days=5),
                     restricted="yes")

    def save(self, path: Path) -> int:
        """Write the workbook; returns the number of records (data rows) written."""
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Partnership")
        sheet.append(["field", "value"])
        for field, value in self.settings.items():
            if value is not None:
                sheet.append([field, value])
        count = 0
        for contract in SHEETS[1:]:
            sheet = workbook.create_sheet(contract.name)
            names = [column.name for column in contract.columns]
            sheet.append(names)
            for row in self.rows[contract.name]:
                sheet.append([row.get(name) for name in names])
                count += 1
        workbook.save(path)
        return count


def generate(out: Path, partnerships: int, years: int, seed: int = SEED,
             force: bool = False) -> int:
    """Write `partnerships` workbooks of `years` years each into `out`; returns the records.

    Skipped when `out` already holds exactly this set (its manifest.json says so)."""
    manifest = out / "manifest.json"
    wanted = {"partnerships": partnerships, "years": years, "seed": seed,
              "last_year": LAST_YEAR}
    if not force and manifest.exists():
        made = json.loads(manifest.read_text("utf-8"))
        if {k: made.get(k) for k in wanted} == wanted and len(
                list(out.glob("bench-*.xlsx"))) == partnerships:
            return int(made["records"])
    out.mkdir(parents=True, exist_ok=True)
    manifest.unlink(missing_ok=True)
    for old in out.glob("bench-*.xlsx"):
        old.unlink()
    records = sum(Partnership(number, years, seed).save(out / f"bench-{number:03d}.xlsx")
                  for number in range(partnerships))
    manifest.write_text(json.dumps({**wanted, "records": records}) + "\n", encoding="utf-8")
    return records


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partnerships", type=int, default=300)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "data")
    parser.add_argument("--force", action="store_true", help="Rewrite even if up to date.")
    options = parser.parse_args(argv)
    records = generate(options.out, options.partnerships, options.years, options.seed,
                       options.force)
    print(f"{options.out}: {options.partnerships} workbooks x {options.years} years "
          f"({records} records)", file=sys.stderr)


if __name__ == "__main__":
    main()
