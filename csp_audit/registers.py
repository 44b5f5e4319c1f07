"""The record sheets (Members to Waivers) into records, with the checks across sheets.

Ids are unique within their sheet, and references resolve: attendance and agenda to
Meetings, attendance and document signatories to Members. Names match ignoring case and
repeated spaces; the records keep the spelling of the sheet they point to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from functools import lru_cache
from operator import itemgetter
from typing import TypeVar

from csp_audit import contract
from csp_audit.dates import CellError, is_blank, parse_enum
from csp_audit.records import (
    AgendaItem,
    AsbReview,
    Attendance,
    DhrCase,
    Document,
    Meeting,
    Member,
    Place,
    Waiver,
)
from csp_audit.rows import Problems, Row, a_or_an, check_columns, parse_cell, read_rows
from csp_audit.workbook import Table, cell_ref

R = TypeVar("R")
MATRIX_EXPECTED = ("P, S, A or X (present, substitute, apologies, absent), ✓ or ✗ "
                   "(present, absent), or blank")


@lru_cache(maxsize=65536)
def ident(text: object) -> str:
    """How names and ids are compared: case and runs of spaces do not matter."""
    return " ".join(str(text).split()).casefold()


@dataclass
class Registers:
    """Every record sheet's records, and how many were loaded from each sheet."""

    members: tuple[Member, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    attendance: tuple[Attendance, ...] = ()
    agenda: tuple[AgendaItem, ...] = ()
    documents: tuple[Document, ...] = ()
    dhr_cases: tuple[DhrCase, ...] = ()
    asb_reviews: tuple[AsbReview, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    row_counts: dict[str, int] = field(default_factory=dict)


def build_registers(tables: dict[str, Table | None], problems: Problems) -> Registers:
    """Records from every record sheet present; problems collected, never raised."""
    rows = {name: _rows(tables.get(name), name, problems)
            for name in ("Members", "Meetings", "Agenda", "Documents", "DHR",
                         "ASB case reviews", "Waivers")}
    members = _unique(rows["Members"], "organisation", problems)
    meetings = _unique(rows["Meetings"], "meeting_id", problems)
    _unique(rows["Documents"], "document_id", problems)
    _unique(rows["DHR"], "case_ref", problems)
    _unique(rows["ASB case reviews"], "case_ref", problems)
    _check_periods(rows["Members"], "from", "to", problems)
    _check_periods(rows["Documents"], "covers_from", "covers_to", problems)
    _check_periods(rows["Waivers"], "approved_on", "expires", problems)
    for row in rows["Agenda"]:
        _resolve(row, "meeting_id", meetings, "Meetings", problems)
    for row in rows["Documents"]:
        _resolve_signatories(row, members, problems)
    registers = Registers(
        members=_records(Member, rows["Members"], "Members", {"from": "joined", "to": "left"}),
        meetings=_records(Meeting, rows["Meetings"], "Meetings"),
        agenda=_records(AgendaItem, rows["Agenda"], "Agenda"),
        documents=_records(Document, rows["Documents"], "Documents"),
        dhr_cases=_records(DhrCase, rows["DHR"], "DHR"),
        asb_reviews=_records(AsbReview, rows["ASB case reviews"], "ASB case reviews"),
        waivers=_records(Waiver, rows["Waivers"], "Waivers"),
    )
    seniority = {ident(member.organisation): member.senior for member in registers.members}
    registers.attendance = tuple(
        _attendance(tables.get("Attendance"), members, meetings, seniority, problems))
    registers.row_counts = {
        "Members": len(registers.members), "Meetings": len(registers.meetings),
        "Attendance": len(registers.attendance), "Agenda": len(registers.agenda),
        "Documents": len(registers.documents), "DHR": len(registers.dhr_cases),
        "ASB case reviews": len(registers.asb_reviews), "Waivers": len(registers.waivers),
    }
    return registers


def _rows(table: Table | None, name: str, problems: Problems) -> list[Row]:
    if table is None:
        return []
    sheet = contract.SHEETS_BY_KEY[contract.normalise_name(name)]
    positions = check_columns(table, sheet, problems)
    return read_rows(table, sheet, positions, problems)


def _place(row: Row) -> Place:
    return Place(row.sheet, row.number)


def _records(kind: type[R], rows: list[Row], sheet: str,
             renamed: dict[str, str] | None = None) -> tuple[R, ...]:
    """Records from the rows without problems. Columns the record has no field for (one the
    contract gained before the records did) are left out rather than crashing.

    A row without problems holds a value for every column of its sheet, so the fields and
    the columns they come from are paired once per sheet, not once per row."""
    names = {f.name for f in fields(kind)}  # type: ignore[arg-type]
    renamed = renamed or {}
    pairs = [(renamed.get(column.name, column.name), column.name)
             for column in contract.SHEETS_BY_KEY[contract.normalise_name(sheet)].columns]
    pairs = [(name, column) for name, column in pairs if name in names]
    keys = tuple(name for name, _ in pairs)
    columns = [column for _, column in pairs]
    values_of = itemgetter(*columns) if len(columns) > 1 else (
        lambda values: tuple(values[column] for column in columns))
    built = []
    for row in rows:
        if row.ok:
            values = dict(zip(keys, values_of(row.values), strict=True))
            built.append(kind(place=Place(row.sheet, row.number),  # type: ignore[call-arg]
                              **values))
    return tuple(built)


def _unique(rows: list[Row], column: str, problems: Problems) -> dict[str, str]:
    """Id -> its spelling in the sheet; a repeated id is an error naming both cells."""
    seen: dict[str, Row] = {}
    for row in rows:
        value = row.values.get(column)
        if value is None:
            continue
        first = seen.get(ident(value))
        if first is None:
            seen[ident(value)] = row
            continue
        row.ok = False
        problems.error(f"{column} '{value}' appears twice (also at "
                       f"{first.sheet}!{first.ref(column)})", row.sheet, row.ref(column),
                       found=value, expected=f"{a_or_an(column)} used once in the sheet")
    return {key: str(row.values[column]) for key, row in seen.items()}


def _resolve(row: Row, column: str, known: dict[str, str], sheet: str,
             problems: Problems) -> None:
    """Point `column` at the record it names in `sheet`, in that sheet's spelling."""
    value = row.values.get(column)
    if value is None:
        return
    spelling = known.get(ident(value))
    if spelling is not None:
        row.values[column] = spelling
        return
    row.ok = False
    problems.error(f"{column} is not in the {sheet} sheet", row.sheet,
                   row.ref(column), found=value, expected=f"{a_or_an(column)} listed in {sheet}")


def _resolve_signatories(row: Row, members: dict[str, str], problems: Problems) -> None:
    signatories = row.values.get("signatories") or ()
    missing = [name for name in signatories if ident(name) not in members]
    for name in missing:
        problems.error(f"a signatory of {row.values.get('kind') or 'this document'} is not "
                       "in the Members sheet", row.sheet, row.ref("signatories"),
                       found=name, expected="organisations listed in Members, separated by ';'")
    if missing:
        row.ok = False
    row.values["signatories"] = tuple(members.get(ident(name), name) for name in signatories)


def _check_periods(rows: Iterable[Row], start: str, end: str, problems: Problems) -> None:
    """An end date before its start is a typing slip worth stopping for."""
    for row in rows:
        first, last = row.values.get(start), row.values.get(end)
        if first is not None and last is not None and last < first:  # type: ignore[operator]
            row.ok = False
            problems.error(f"{end} is before {start} ({row.ref(start)})", row.sheet,
                           row.ref(end), found=last, expected=f"a date on or after {first}")


def _resolve_senior(status: str, recorded: bool | None, member_senior: bool | None
                    ) -> bool | None:
    """The contract's blank-senior rule: the row's value, else the member's when present,
    no when a substitute attended, otherwise not recorded."""
    if recorded is not None:
        return recorded
    if status == "present":
        return member_senior
    if status == "substitute":
        return False
    return None


def _attendance(table: Table | None, members: dict[str, str], meetings: dict[str, str],
                seniority: dict[str, bool | None], problems: Problems) -> list[Attendance]:
    if table is None:
        return []
    keys = {header.key for header in table.headers}
    if "meetingid" in keys or "status" in keys or not table.headers:
        rows = _rows(table, "Attendance", problems)
        for row in rows:
            _resolve(row, "meeting_id", meetings, "Meetings", problems)
            _resolve(row, "organisation", members, "Members", problems)
    else:
        rows = _matrix_rows(table, members, meetings, problems)
    seen: dict[tuple[str, str], Row] = {}
    records = []
    for row in rows:
        values = row.values
        meeting_id, organisation = values.get("meeting_id"), values.get("organisation")
        pair = (ident(meeting_id), ident(organisation))
        first = seen.setdefault(pair, row)
        if first is not row and meeting_id is not None and organisation is not None:
            row.ok = False
            problems.error(f"attendance of '{organisation}' at '{meeting_id}' is recorded "
                           f"twice (also at {first.sheet}!{first.ref('status')})", row.sheet,
                           row.ref("status"), found=values.get("status"),
                           expected="one attendance per organisation per meeting")
        if not row.ok:
            continue
        status = str(values["status"])
        senior = _resolve_senior(status, values.get("senior"),  # type: ignore[arg-type]
                                 seniority.get(pair[1]))
        records.append(Attendance(str(meeting_id), str(organisation), status,
                                  Place(row.sheet, row.number), senior))
    return records


def _matrix_rows(table: Table, members: dict[str, str], meetings: dict[str, str],
                 problems: Problems) -> list[Row]:
    """Matrix attendance (organisations down, meeting ids across) as long-form rows.

    A column headed by something that is not a meeting is an error when it holds
    attendance codes (a meeting missing from Meetings), otherwise a column to ignore.
    """
    status = contract.SHEETS_BY_KEY["attendance"].column("status")
    organisation_column = next(h.column for h in table.headers if h.key == "organisation")
    meeting_columns = []
    for header in table.headers:
        if header.column == organisation_column:
            continue
        ref = cell_ref(table.header_row, header.column)
        if ident(header.text) in meetings:
            meeting_columns.append(header)
        elif any(_is_code(raw.get(header.column), status) for raw in table.rows):
            problems.error(f"column heading '{header.text}' is not a meeting_id in the "
                           "Meetings sheet", table.sheet, ref, found=header.text,
                           expected="a meeting_id listed in Meetings")
        else:
            problems.warning(f"column '{header.text}' is not a meeting_id in Meetings nor "
                             "part of the Attendance sheet; ignored", table.sheet, ref)
    rows = []
    for raw in table.rows:
        organisation = raw.get(organisation_column)
        org_ref = cell_ref(raw.number, organisation_column)
        known = not is_blank(organisation) and ident(organisation) in members
        if not known and any(not is_blank(raw.get(h.column)) for h in meeting_columns):
            if is_blank(organisation):
                problems.error("organisation is required for a row of attendance codes",
                               table.sheet, org_ref, expected="an organisation in Members")
            else:
                problems.error("organisation is not in the Members sheet",
                               table.sheet, org_ref, found=organisation,
                               expected="an organisation listed in Members")
        for header in meeting_columns:
            value = raw.get(header.column)
            if is_blank(value):
                continue
            ref = cell_ref(raw.number, header.column)
            row = Row(table.sheet, raw.number, {
                "meeting_id": meetings[ident(header.text)], "senior": None,
                "organisation": members.get(ident(organisation), str(organisation).strip()),
            }, {"organisation": organisation_column, "meeting_id": header.column,
                "status": header.column}, ok=known)
            try:
                row.values["status"] = parse_cell(value, status)
            except CellError:
                row.ok = False
                problems.error(f"attendance at '{header.text}' is not a code", table.sheet,
                               ref, found=value, expected=MATRIX_EXPECTED)
            rows.append(row)
    return rows


def _is_code(value: object, status: contract.Column) -> bool:
    try:
        return parse_enum(value, status.choices, status.synonyms) is not None
    except CellError:
        return False
