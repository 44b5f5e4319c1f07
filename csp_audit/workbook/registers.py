"""The record sheets (Members to Waivers) into a partnership's records, with the checks
across sheets.

Ids are unique within their sheet, and references resolve: attendance and agenda to
Meetings, attendance and document signatories to Members; two waivers of one rule are not
in force on the same day. Names match ignoring case and repeated spaces; the records keep
the spelling of the sheet they point to.
"""

from __future__ import annotations

from datetime import date

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
from csp_audit.workbook.cells import CellError, is_blank, parse_date, parse_enum
from csp_audit.workbook.date_sense import check_meeting_dates
from csp_audit.workbook.names import Unresolved, ident, lookup, organisations
from csp_audit.workbook.register_rows import (
    Targets,
    check_periods,
    records_from,
    resolve,
    resolve_signatories,
    sheet_rows,
    unique_ids,
)
from csp_audit.workbook.rows import (
    Problems,
    Row,
    parse_cell,
)
from csp_audit.workbook.sheets import Table, cell_ref
from csp_audit.workbook.waivers import check_waiver_overlaps

MATRIX_EXPECTED = ("P, S, A or X (present, substitute, apologies, absent), ✓ or ✗ "
                   "(present, absent), or blank")


def build_records(partnership: Partnership | None, tables: dict[str, Table | None],
                  problems: Problems, targets: Targets | None = None
                  ) -> PartnershipRecords | None:
    """The partnership's records from every record sheet present, with the rows loaded
    per sheet (`tables`' sheets, in the workbook's order); None without a `partnership` to
    hold them, though every sheet is still read for its problems (collected, never
    raised)."""
    targets = targets or Targets({}, {})
    rows = {name: sheet_rows(tables.get(name), name, problems)
            for name in ("Members", "Meetings", "Agenda", "Documents", "DHR",
                         "ASB case reviews", "Waivers", "Reports")}
    members = organisations(rows["Members"], unique_ids(rows["Members"], "organisation",
                                                      problems), problems)
    meetings = unique_ids(rows["Meetings"], "meeting_id", problems)
    unique_ids(rows["Documents"], "document_id", problems)
    unique_ids(rows["DHR"], "case_ref", problems)
    unique_ids(rows["ASB case reviews"], "case_ref", problems)
    check_meeting_dates(rows["Meetings"], problems)
    check_periods(rows["Members"], "from", "to", problems)
    check_periods(rows["Documents"], "covers_from", "covers_to", problems)
    check_periods(rows["Waivers"], "approved_on", "expires", problems)
    check_waiver_overlaps(rows["Waivers"], problems)
    unresolved = Unresolved()
    for row in rows["Agenda"]:
        resolve(row, "meeting_id", meetings, "Meetings", unresolved, targets)
    for row in rows["Meetings"]:
        for column in ("chair", "vice_chair"):
            resolve(row, column, members, "Members", unresolved, targets)
    for row in rows["Documents"]:
        resolve_signatories(row, members, problems, targets)
    member_records = records_from(Member, rows["Members"], "Members",
                              {"from": "joined", "to": "left"})
    meeting_records = records_from(Meeting, rows["Meetings"], "Meetings")
    agenda = records_from(AgendaItem, rows["Agenda"], "Agenda")
    documents = records_from(Document, rows["Documents"], "Documents")
    dhr_cases = records_from(DhrCase, rows["DHR"], "DHR")
    asb_reviews = records_from(AsbReview, rows["ASB case reviews"], "ASB case reviews")
    waivers = records_from(Waiver, rows["Waivers"], "Waivers")
    reports = records_from(SentReport, rows["Reports"], "Reports", {"to": "sent_to"})
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


def _place(row: Row) -> Place:
    return Place(row.sheet, row.number)


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
        rows = sheet_rows(table, "Attendance", problems)
        for row in rows:
            resolve(row, "meeting_id", meetings, "Meetings", unresolved, targets)
            resolve(row, "organisation", members, "Members", unresolved, targets)
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
