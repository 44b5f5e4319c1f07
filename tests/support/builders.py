"""Build real .xlsx workbooks for tests, from plain dicts of sheet name -> rows.

Shared by every test that needs a workbook (validate, load, template, audit), so that a
fixture is a readable table rather than a binary file checked into the repository.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from copy import deepcopy
from datetime import date
from pathlib import Path

from openpyxl import Workbook

Rows = Sequence[Sequence[object]]


def write_workbook(path: Path, sheets: Mapping[str, Rows]) -> Path:
    """Write `sheets` (name -> rows, first row usually the header) to `path` as .xlsx.

    `None` leaves a cell empty; dates and numbers are written as real Excel values.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(title=name)
        for row in rows:
            sheet.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def minimal_workbook_sheets() -> dict[str, list[list[object]]]:
    """A small valid partnership with a few rows on every sheet of the contract.

    Returns a fresh copy each call, so tests may edit it before `write_workbook`.
    """
    return deepcopy(_MINIMAL)


def with_rows(sheets: dict[str, list[list[object]]], sheet: str,
              rows: Iterable[Sequence[object]]) -> dict[str, list[list[object]]]:
    """Append `rows` to `sheet` (creating it when absent) and return `sheets`."""
    sheets.setdefault(sheet, []).extend(list(row) for row in rows)
    return sheets


_MINIMAL: dict[str, list[list[object]]] = {
    "Partnership": [
        ["field", "value"],
        ["name", "Testshire Community Safety Partnership"],
        ["code", "testshire"],
        ["nation", "England"],
        ["checklist", "national"],
        ["year_start", "01-04"],
        ["tier", "unitary"],
    ],
    "Members": [
        ["organisation", "role", "sector", "voting", "representative", "senior", "deputy",
         "from", "to"],
        ["Testshire Council", "responsible_authority", "council", "yes", "Chief Executive",
         "yes", "Director of Communities", None, None],
        ["Testshire Police", "responsible_authority", "police", "yes",
         "Chief Superintendent", "yes", "Superintendent", None, None],
        ["Testshire Fire and Rescue Service", "responsible_authority", "fire", "yes",
         "Area Manager", "no", "Station Manager", None, None],
        ["Testshire Integrated Care Board", "responsible_authority", "health", "yes",
         "Director of Nursing", "yes", None, None, None],
        ["Probation Service", "responsible_authority", "probation", "yes",
         "Head of Service", "yes", None, date(2022, 4, 1), None],
        ["Office of the Police and Crime Commissioner", "co_opted", "pcc", "no",
         "Chief Executive", "yes", None, None, None],
    ],
    "Meetings": [
        ["meeting_id", "date", "body", "title", "quorate", "papers_circulated",
         "minutes_circulated", "minutes_published", "open_to_public", "chair_elected",
         "restricted"],
        ["B-2024-06", date(2024, 6, 13), "board", "Strategic board", "yes",
         date(2024, 6, 6), date(2024, 6, 27), date(2024, 7, 11), "no", "yes", "no"],
        ["B-2024-09", date(2024, 9, 12), "board", "Strategic board", "yes",
         date(2024, 9, 9), date(2024, 9, 26), None, "no", "no", "no"],
        ["P-2024-10", date(2024, 10, 3), "public", "Community safety public meeting", None,
         None, None, None, "yes", None, None],
    ],
    "Attendance": [
        ["meeting_id", "organisation", "status", "senior"],
        ["B-2024-06", "Testshire Council", "present", None],
        ["B-2024-06", "Testshire Police", "substitute", None],
        ["B-2024-06", "Testshire Fire and Rescue Service", "present", "yes"],
        ["B-2024-06", "Testshire Integrated Care Board", "apologies", None],
        ["B-2024-06", "Probation Service", "absent", None],
        ["B-2024-09", "Testshire Council", "present", None],
        ["B-2024-09", "Testshire Police", "present", None],
    ],
    "Agenda": [
        ["meeting_id", "item", "topic", "restricted"],
        ["B-2024-06", "Declarations of interest", "declarations_of_interest", "no"],
        ["B-2024-06", "Domestic abuse update", "domestic_abuse", None],
        ["B-2024-09", "Prevent referrals", "prevent", "yes"],
    ],
    "Documents": [
        ["document_id", "kind", "title", "approved", "reviewed", "published", "covers_from",
         "covers_to", "signatories", "sent_to_pcc", "url", "restricted"],
        ["SA-2024", "strategic_assessment", "Strategic assessment 2024", date(2024, 3, 14),
         None, None, date(2024, 4, 1), date(2025, 3, 31), None, None, None, "no"],
        ["PLAN-2023", "partnership_plan", "Partnership plan 2023-26", date(2023, 3, 9), None,
         date(2023, 4, 3), date(2023, 4, 1), date(2026, 3, 31), None, date(2023, 4, 5),
         "https://example.org/plan", None],
        ["ISP-2022", "information_sharing_protocol", "Information sharing protocol",
         date(2022, 7, 1), None, None, None, None,
         "Testshire Council; Testshire Police; Probation Service", None, None, None],
    ],
    "DHR": [
        ["case_ref", "notified", "decision", "decision_date", "home_office_informed",
         "chair_appointed", "first_panel", "submitted", "qa_outcome", "published",
         "restricted"],
        ["DHR-2023-01", date(2023, 5, 2), "commission", date(2023, 5, 20),
         date(2023, 5, 25), date(2023, 7, 1), date(2023, 8, 10), date(2024, 5, 1),
         "accepted", date(2024, 9, 1), None],
    ],
    "ASB case reviews": [
        ["case_ref", "received", "threshold_met", "threshold_decided", "review_completed",
         "outcome_notified", "restricted"],
        ["ASB-2024-01", date(2024, 2, 1), "yes", date(2024, 2, 8), date(2024, 3, 1),
         date(2024, 3, 6), None],
    ],
    "Waivers": [
        ["rule_id", "reason", "approved_by", "approved_on", "expires"],
        ["NAT-PUBLIC-MEETING", "Replaced by ward surgeries this year", "Chair",
         date(2024, 4, 10), date(2025, 3, 31)],
    ],
}
