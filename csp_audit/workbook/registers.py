"""The record sheets (Members to Waivers) into a partnership's records, with the checks
across sheets.

Ids are unique within their sheet, and references resolve: attendance and agenda to
Meetings, attendance and document signatories to Members; two waivers of one rule are not
in force on the same day. Names match ignoring case and repeated spaces; the records keep
the spelling of the sheet they point to.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields
from datetime import date
from operator import itemgetter
from typing import TypeVar

from csp_audit.model import contract
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
    SentReport,
    Waiver,
)
from csp_audit.model.wording import visible
from csp_audit.workbook.cells import CellError, is_blank, parse_date, parse_enum
from csp_audit.workbook.date_sense import check_meeting_dates, check_mixed_dates
from csp_audit.workbook.names import Unresolved, ident, lookup, organisations
from csp_audit.workbook.rows import (
    Problems,
    Row,
    check_columns,
    parse_cell,
    read_rows,
    with_article,
)
from csp_audit.workbook.sheets import Table, cell_ref
from csp_audit.workbook.waivers import check_waiver_overlaps

R = TypeVar("R")
MATRIX_EXPECTED = ("P, S, A or X (present, substitute, apologies, absent), ✓ or ✗ "
                   "(present, absent), or blank")


class Targets:
    """The required sheets references point into that cannot be pointed into yet: missing
    or without a header row (each already one error), or without rows (`empty`: sheet name
    as in the workbook). A reference into one is counted, not reported row by row, so the
    one line about that sheet is not buried under rows that are only waiting for it."""

    NOUNS = {"Meetings": "meetings", "Members": "member organisations"}

    def __init__(self, unusable: Mapping[str, str], empty: Mapping[str, str]) -> None:
        self.unusable = dict(unusable)
        self.empty = dict(empty)
        self.waiting: dict[str, dict[str, int]] = {}

    def waits(self, sheet: str, target: str, references: int = 1) -> bool:
        """True (and counted) when `target` cannot be referred to yet."""
        if target not in self.unusable:
            return False
        counts = self.waiting.setdefault(target, {})
        counts[sheet] = counts.get(sheet, 0) + references
        return True

    def summarise(self, problems: Problems) -> None:
        """An empty sheet that other sheets refer to is an error, listing them; one nothing
        refers to is an empty register (the contract allows it), worth a warning. References
        into a missing sheet are a warning under that sheet's error."""
        for target, why in self.unusable.items():
            counts = self.waiting.get(target, {})
            referrers = " and ".join(
                f"{'1 row' if count == 1 else f'{count:,} rows'} of {sheet}"
                for sheet, count in counts.items())
            if target in self.empty and counts:
                problems.error(f"the {target} sheet has no rows, but {referrers} refer to "
                               f"{self.NOUNS[target]}", self.empty[target],
                               expected=EMPTY_SHEET_EXPECTED[target])
            elif target in self.empty:
                problems.warning(f"the {target} sheet has no rows: the audit will find no "
                                 f"{self.NOUNS[target]}", self.empty[target])
            elif counts:
                problems.warning(f"{referrers} refer to {self.NOUNS[target]}, but {why}; they "
                                 f"are checked once the {target} sheet is put right")


EMPTY_SHEET_EXPECTED = {
    "Partnership": "a row for each setting (field, value): at least name and code",
    "Members": "one row per member organisation",
    "Meetings": "one row per meeting",
}


def build_records(partnership: Partnership | None, tables: dict[str, Table | None],
                  problems: Problems, targets: Targets | None = None
                  ) -> PartnershipRecords | None:
    """The partnership's records from every record sheet present, with the rows loaded
    per sheet (`tables`' sheets, in the workbook's order); None without a `partnership` to
    hold them, though every sheet is still read for its problems (collected, never
    raised)."""
    targets = targets or Targets({}, {})
    rows = {name: _rows(tables.get(name), name, problems)
            for name in ("Members", "Meetings", "Agenda", "Documents", "DHR",
                         "ASB case reviews", "Waivers", "Reports")}
    members = organisations(rows["Members"], _unique(rows["Members"], "organisation",
                                                      problems), problems)
    meetings = _unique(rows["Meetings"], "meeting_id", problems)
    _unique(rows["Documents"], "document_id", problems)
    _unique(rows["DHR"], "case_ref", problems)
    _unique(rows["ASB case reviews"], "case_ref", problems)
    check_meeting_dates(rows["Meetings"], problems)
    _check_periods(rows["Members"], "from", "to", problems)
    _check_periods(rows["Documents"], "covers_from", "covers_to", problems)
    _check_periods(rows["Waivers"], "approved_on", "expires", problems)
    check_waiver_overlaps(rows["Waivers"], problems)
    unresolved = Unresolved()
    for row in rows["Agenda"]:
        _resolve(row, "meeting_id", meetings, "Meetings", unresolved, targets)
    for row in rows["Meetings"]:
        for column in ("chair", "vice_chair"):
            _resolve(row, column, members, "Members", unresolved, targets)
    for row in rows["Documents"]:
        _resolve_signatories(row, members, problems, targets)
    member_records = _records(Member, rows["Members"], "Members",
                              {"from": "joined", "to": "left"})
    meeting_records = _records(Meeting, rows["Meetings"], "Meetings")
    agenda = _records(AgendaItem, rows["Agenda"], "Agenda")
    documents = _records(Document, rows["Documents"], "Documents")
    dhr_cases = _records(DhrCase, rows["DHR"], "DHR")
    asb_reviews = _records(AsbReview, rows["ASB case reviews"], "ASB case reviews")
    waivers = _records(Waiver, rows["Waivers"], "Waivers")
    reports = _records(SentReport, rows["Reports"], "Reports", {"to": "sent_to"})
    seniority = {ident(member.organisation): member.senior for member in member_records}
    by_date: dict[date, list[str]] = {}
    for row in rows["Meetings"]:
        if row.ok and isinstance(row.values.get("date"), date):
            by_date.setdefault(row.values["date"], []).append(str(row.values["meeting_id"]))
    headed = {ident(day.isoformat()): ids[0] for day, ids in by_date.items() if len(ids) == 1}
    attendance = tuple(_attendance(tables.get("Attendance"), members,
                                   {**headed, **meetings}, seniority, problems, targets,
                                   unresolved))
    unresolved.report(problems, members)
    targets.summarise(problems)
    partnership_table = tables.get("Partnership")
    if partnership is None or partnership_table is None:
        return None
    counts = {"Partnership": len(partnership_table.rows), "Members": len(member_records),
              "Meetings": len(meeting_records), "Attendance": len(attendance),
              "Agenda": len(agenda), "Documents": len(documents), "DHR": len(dhr_cases),
              "ASB case reviews": len(asb_reviews), "Waivers": len(waivers),
              "Reports": len(reports)}
    return PartnershipRecords(
        partnership, members=member_records, meetings=meeting_records, attendance=attendance,
        agenda=agenda, documents=documents, dhr_cases=dhr_cases, asb_reviews=asb_reviews,
        waivers=waivers, reports=reports,
        row_counts={sheet: counts.get(sheet, 0) for sheet in tables})


def _rows(table: Table | None, name: str, problems: Problems) -> list[Row]:
    if table is None:
        return []
    sheet = contract.SHEETS_BY_KEY[contract.normalise_name(name)]
    positions = check_columns(table, sheet, problems)
    check_mixed_dates(table, sheet, positions, problems)
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
        if visible(str(value)) == visible(str(first.values[column])) != str(value):
            problems.warning(f"{column} '{visible(str(value))}' appears twice (also at "
                             f"{first.sheet}!{first.ref(column)}), the two differing only by "
                             "a character no one sees (a zero-width space pasted from a web "
                             "page?): read once, as the first", row.sheet, row.ref(column))
            continue
        problems.error(f"{column} '{value}' appears twice (also at "
                       f"{first.sheet}!{first.ref(column)})", row.sheet, row.ref(column),
                       found=value, expected=f"{with_article(column)} used once in the sheet")
    return {key: str(row.values[column]) for key, row in seen.items()}


def _resolve(row: Row, column: str, known: Mapping[str, str], sheet: str,
             unresolved: Unresolved, targets: Targets) -> None:
    """Point `column` at the record it names in `sheet`, in that sheet's spelling; a name
    that is not there is kept for `Unresolved.report`, which groups repeats."""
    value = row.values.get(column)
    if value is None:
        return
    if targets.waits(row.sheet, sheet):
        row.ok = False
        return
    spelling = lookup(known, value)
    if spelling is not None:
        row.values[column] = spelling
        return
    row.ok = False
    unresolved.add(row, column, sheet, value)


def _resolve_signatories(row: Row, members: dict[str, str], problems: Problems,
                         targets: Targets) -> None:
    signatories = row.values.get("signatories") or ()
    if signatories and targets.waits(row.sheet, "Members"):
        row.ok = False
        return
    missing = [name for name in signatories if lookup(members, name) is None]
    for name in missing:
        problems.error(f"a signatory of {row.values.get('kind') or 'this document'} is not "
                       "in the Members sheet", row.sheet, row.ref("signatories"),
                       found=name, expected="organisations listed in Members, separated by ';'")
    if missing:
        row.ok = False
    row.values["signatories"] = tuple(lookup(members, name) or name for name in signatories)


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


STATUS_RANK = {"present": 3, "substitute": 2, "apologies": 1, "absent": 0}
"""When one body has several rows at one meeting (two officers, one present and one sending
apologies), the body's attendance is the best of them."""


def _attendance(table: Table | None, members: dict[str, str], meetings: dict[str, str],
                seniority: dict[str, bool | None], problems: Problems,
                targets: Targets, unresolved: Unresolved) -> list[Attendance]:
    if table is None:
        return []
    keys = {header.key for header in table.headers}
    if "meetingid" in keys or "status" in keys or not table.headers:
        rows = _rows(table, "Attendance", problems)
        for row in rows:
            _resolve(row, "meeting_id", meetings, "Meetings", unresolved, targets)
            _resolve(row, "organisation", members, "Members", unresolved, targets)
    else:
        rows = _matrix_rows(table, members, meetings, problems, targets, unresolved)
    by_pair: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        if not row.ok:
            continue
        values = row.values
        pair = (ident(values.get("meeting_id")), ident(values.get("organisation")))
        by_pair.setdefault(pair, []).append(row)
    records = []
    for pair, group in by_pair.items():
        row = max(group, key=lambda r: STATUS_RANK.get(str(r.values["status"]), -1))
        if len(group) > 1:
            _note_combined(group, row, problems)
        values = row.values
        status = str(values["status"])
        recorded = values.get("senior")
        if recorded is None and len(group) > 1:
            seniors = [r.values.get("senior") for r in group
                       if r.values["status"] == status and r.values.get("senior") is not None]
            recorded = any(seniors) if seniors else None
        senior = _resolve_senior(status, recorded,  # type: ignore[arg-type]
                                 seniority.get(pair[1]))
        records.append(Attendance(str(values["meeting_id"]), str(values["organisation"]),
                                  status, Place(row.sheet, row.number), senior))
    records.sort(key=lambda record: record.place)
    return records


def _note_combined(group: list[Row], chosen: Row, problems: Problems) -> None:
    """A note, not an error: several rows for one body at one meeting are read as one."""
    values = chosen.values
    statuses = sorted({str(r.values["status"]) for r in group},
                      key=lambda status: -STATUS_RANK.get(status, -1))
    cells = ", ".join(r.ref("status") for r in group)
    how = (f"read as {values['status']}" if len(statuses) == 1 else
           f"read as {values['status']}, the best of {' and '.join(statuses)}")
    problems.warning(f"attendance of '{values['organisation']}' at '{values['meeting_id']}' "
                     f"is recorded in {len(group)} rows ({cells}): {how} (present beats "
                     "substitute beats apologies beats absent)", chosen.sheet,
                     chosen.ref("status"))


def _matrix_rows(table: Table, members: dict[str, str], meetings: dict[str, str],
                 problems: Problems, targets: Targets, unresolved: Unresolved) -> list[Row]:
    """Matrix attendance (organisations down, meeting ids across) as long-form rows.

    A column headed by something that is not a meeting is an error when it holds
    attendance codes (a meeting missing from Meetings), otherwise a column to ignore.
    """
    status = contract.SHEETS_BY_KEY["attendance"].column("status")
    organisation_column = next(h.column for h in table.headers if h.key == "organisation")
    meeting_columns = []
    waiting: list[int] = []
    for header in table.headers:
        if header.column == organisation_column or header.key in contract.NOTE_COLUMNS:
            continue
        ref = cell_ref(table.header_row, header.column)
        if _heading_meeting(header.text, meetings) is not None:
            meeting_columns.append(header)
        elif any(_is_code(raw.get(header.column), status) for raw in table.rows):
            if "Meetings" in targets.unusable:
                waiting.append(header.column)
                continue
            problems.error(f"column heading '{header.text}' is not a meeting_id in the "
                           "Meetings sheet", table.sheet, ref, found=header.text,
                           expected="a meeting_id listed in Meetings")
        else:
            problems.warning(f"column '{header.text}' is not a meeting_id in Meetings nor "
                             "part of the Attendance sheet; ignored", table.sheet, ref)
    if waiting:
        targets.waits(table.sheet, "Meetings", sum(
            any(_is_code(raw.get(column), status) for column in waiting) for raw in table.rows))
    rows = []
    for raw in table.rows:
        organisation = raw.get(organisation_column)
        org_ref = cell_ref(raw.number, organisation_column)
        known = not is_blank(organisation) and lookup(members, organisation) is not None
        if not known and any(not is_blank(raw.get(h.column)) for h in meeting_columns):
            if not is_blank(organisation) and targets.waits(table.sheet, "Members"):
                continue
            if is_blank(organisation):
                problems.error("organisation is required for a row of attendance codes",
                               table.sheet, org_ref, expected="an organisation in Members")
            else:
                unresolved.add(Row(table.sheet, raw.number, {}, {
                    "organisation": organisation_column}), "organisation", "Members",
                    str(organisation).strip())
        for header in meeting_columns:
            value = raw.get(header.column)
            if is_blank(value):
                continue
            ref = cell_ref(raw.number, header.column)
            row = Row(table.sheet, raw.number, {
                "meeting_id": _heading_meeting(header.text, meetings), "senior": None,
                "organisation": lookup(members, organisation) or str(organisation).strip(),
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


def _heading_meeting(text: str, meetings: dict[str, str]) -> str | None:
    """The meeting a matrix column heading names: its meeting_id, or the date of the one
    meeting held that day (a heading typed 13/06/2013, or a date cell)."""
    found = meetings.get(ident(text))
    if found is not None:
        return found
    try:
        day = parse_date(text)
    except CellError:
        return None
    return meetings.get(ident(day.isoformat())) if day is not None else None


def _is_code(value: object, status: contract.Column) -> bool:
    try:
        return parse_enum(value, status.choices, status.synonyms) is not None
    except CellError:
        return False
