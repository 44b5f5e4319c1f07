"""The machinery behind build_samples.py: a partnership's records as rows, written as .xlsx.

A `Book` gathers rows sheet by sheet (dicts keyed by contract column names) and writes them
in the contract's column order. Dates are plain `date`s; working days exclude England and
Wales bank holidays, as the checks count them. Nothing here knows one partnership from
another: sample_partnerships.py holds the five seeds.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import holidays
from openpyxl import Workbook

from csp_audit.model.contract import PARTNERSHIP_FIELDS, SHEETS

BANK_HOLIDAYS = holidays.country_holidays("GB", subdiv="ENG", years=range(2021, 2027))
FIXED_TIME = datetime(2025, 4, 1, 9, 0, 0)
"""Stamped on every workbook and zip entry so that a rebuild is byte-identical."""
REPORTING_YEARS = (2022, 2023, 2024)
"""Start years of the reporting years covered: 2022-23, 2023-24 and 2024-25."""
MATRIX_CODES = {"present": "P", "substitute": "S", "apologies": "A", "absent": "X"}


def working(day: date) -> bool:
    return day.weekday() < 5 and day not in BANK_HOLIDAYS


def working_days_before(meeting: date, count: int) -> date:
    """The working day papers go out so that `count` working days lie strictly between."""
    day, seen = meeting, 0
    while seen < count:
        day -= timedelta(days=1)
        seen += working(day)
    day -= timedelta(days=1)
    while not working(day):
        day -= timedelta(days=1)
    return day


def working_days_after(day: date, count: int) -> date:
    """The `count`th working day after `day`."""
    seen = 0
    while seen < count:
        day += timedelta(days=1)
        seen += working(day)
    return day


def to_working_day(day: date) -> date:
    """`day`, or the next working day when it falls on a weekend or bank holiday."""
    while not working(day):
        day += timedelta(days=1)
    return day


def previous_working_day(day: date) -> date:
    """`day`, or the last working day before it when it is not one."""
    while not working(day):
        day -= timedelta(days=1)
    return day


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The `nth` (1-based) `weekday` (0 = Monday) of a month, moved on past a bank holiday."""
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    while day in BANK_HOLIDAYS:
        day += timedelta(days=7)
    return day


def annual(first: date, start: int) -> date:
    """`first` moved on by whole 52-week years to the reporting year starting in `start`:
    the same weekday, never more than 12 months after the previous year's date."""
    day = first + timedelta(days=364 * (start - REPORTING_YEARS[0]))
    while day in BANK_HOLIDAYS:
        day -= timedelta(days=7)
    return day


def year_of(month: int, start_year: int) -> int:
    """The calendar year of `month` within the reporting year starting 1 April start_year."""
    return start_year if month >= 4 else start_year + 1


@dataclass
class Book:
    """One partnership's workbook, built up row by row."""

    settings: dict[str, str]
    seed: int
    matrix_attendance: bool = False
    omit_sheets: tuple[str, ...] = ()
    rows: dict[str, list[dict[str, object]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.random = random.Random(self.seed)

    def add(self, sheet: str, **values: object) -> dict[str, object]:
        row = {key.rstrip("_"): value for key, value in values.items()}
        self.rows.setdefault(sheet, []).append(row)
        return row

    def member(self, organisation: str, role: str, sector: str, representative: str,
               *, voting: bool = True, senior: bool = True, deputy: str | None = None,
               joined: date | None = None, left: date | None = None) -> None:
        contact = "Information sharing lead" if role == "responsible_authority" else None
        self.add("Members", organisation=organisation, role=role, sector=sector,
                 voting=yes_no(voting), representative=representative,
                 senior=yes_no(senior), deputy=deputy, from_=joined, to=left,
                 isp_contact=contact)

    def members_on(self, day: date) -> list[dict[str, object]]:
        return [m for m in self.rows.get("Members", [])
                if (m["from"] is None or m["from"] <= day) and (m["to"] is None or m["to"] >= day)]

    def meeting(self, meeting_id: str, day: date, body: str, title: str, *,
                papers: date | None = None, minutes: date | None = None,
                published: date | None = None, **values: object) -> dict[str, object]:
        assert working(day), f"{meeting_id} falls on {day:%A %d %B %Y}"
        return self.add("Meetings", meeting_id=meeting_id, date=day, body=body, title=title,
                        papers_circulated=papers, minutes_circulated=minutes,
                        minutes_published=published, **values)

    def attend(self, meeting_id: str, day: date, *, skip: Iterable[str] = (),
               statuses: Mapping[str, str] | None = None, min_represented: int = 0,
               senior: Mapping[str, bool] | None = None) -> None:
        """Attendance of every member on `day`: drawn from the seeded random generator,
        then `statuses` (planted practice) override it; `min_represented` tops up
        attendance so that only planted meetings are inquorate."""
        members = [m for m in self.members_on(day) if m["organisation"] not in skip]
        drawn: dict[str, str] = {}
        ra_missing = 0
        for member in members:
            ra = member["role"] == "responsible_authority"
            roll = self.random.random()
            weights = (0.80, 0.93, 0.99) if ra else (0.62, 0.72, 0.95)
            status = ("present" if roll < weights[0] else "substitute" if roll < weights[1]
                      else "apologies" if roll < weights[2] else "absent")
            if ra and status in ("apologies", "absent"):
                ra_missing += 1
                status = status if ra_missing == 1 else "substitute"
            drawn[str(member["organisation"])] = status
        for organisation, status in drawn.items():
            if sum(s in ("present", "substitute") for s in drawn.values()) >= min_represented:
                break
            if status in ("apologies", "absent"):
                drawn[organisation] = "substitute"
        drawn.update(statuses or {})
        for organisation, status in drawn.items():
            flag = (senior or {}).get(organisation)
            self.add("Attendance", meeting_id=meeting_id, organisation=organisation,
                     status=status, senior=None if flag is None else yes_no(flag))

    def agenda(self, meeting_id: str, items: Iterable[tuple[object, ...]],
               restricted: Iterable[str] = ()) -> None:
        """Items as (item, topic), or (item, topic, decision, group) where the minutes
        record whether it was a decision and which sub-group reported."""
        hidden = set(restricted)
        for item, topic, *more in items:
            decision, group = (*more, None, None)[:2]
            row = self.add("Agenda", meeting_id=meeting_id, item=item, topic=topic,
                           restricted=yes_no(item in hidden))
            if decision is not None or group is not None:
                row.update(decision=yes_no(decision), group=group)

    def document(self, document_id: str, kind: str, title: str, **values: object) -> None:
        signatories = values.pop("signatories", None)
        if signatories is not None:
            values["signatories"] = "; ".join(signatories)
        self.add("Documents", document_id=document_id, kind=kind, title=title, **values)

    def organisations(self, role: str, day: date) -> list[str]:
        return [str(m["organisation"]) for m in self.members_on(day) if m["role"] == role]

    def workbook(self) -> Workbook:
        workbook = Workbook()
        workbook.remove(workbook.active)
        sheet = workbook.create_sheet("Partnership")
        sheet.append(["field", "value"])
        for column in PARTNERSHIP_FIELDS:
            sheet.append([column.name, self.settings.get(column.name, column.default)])
        for contract in SHEETS[1:]:
            if contract.name in self.omit_sheets:
                continue
            rows = self.rows.get(contract.name, [])
            if contract.name == "Attendance" and self.matrix_attendance:
                self._write_matrix(workbook.create_sheet("Attendance"), rows)
                continue
            sheet = workbook.create_sheet(contract.name)
            names = [column.name for column in contract.columns]
            sheet.append(names)
            for row in sorted(rows, key=_row_order) if contract.name == "Meetings" else rows:
                sheet.append([row.get(name) for name in names])
        for sheet in workbook:
            sheet.freeze_panes = "A2"
            for row in sheet.iter_rows(min_row=2):
                for cell in row:
                    if isinstance(cell.value, date):
                        cell.number_format = "DD/MM/YYYY"
        workbook.properties.creator = "csp-audit sample data"
        workbook.properties.created = FIXED_TIME
        return workbook

    def _write_matrix(self, sheet: object, rows: list[dict[str, object]]) -> None:
        """Organisations down, meeting ids across, P/S/A/X: how many managers keep it."""
        meetings = list(dict.fromkeys(str(r["meeting_id"]) for r in rows))
        organisations = [str(m["organisation"]) for m in self.rows["Members"]]
        cells = {(r["organisation"], r["meeting_id"]): MATRIX_CODES[str(r["status"])]
                 for r in rows}
        sheet.append(["organisation", *meetings])
        for organisation in organisations:
            sheet.append([organisation, *(cells.get((organisation, m)) for m in meetings)])

    def save(self, path: Path) -> None:
        buffer = io.BytesIO()
        self.workbook().save(buffer)
        path.write_bytes(reproducible(buffer.getvalue()))


def _row_order(row: Mapping[str, object]) -> tuple[object, str]:
    return (row["date"], str(row["meeting_id"]))


def yes_no(flag: bool | None) -> str | None:
    return None if flag is None else ("yes" if flag else "no")


def reproducible(xlsx: bytes) -> bytes:
    """Rewrite the zip with fixed entry times and a fixed modified stamp (openpyxl stamps
    the time of saving on both), so an unchanged sample rebuilds byte for byte."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(),
                              data)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return out.getvalue()
