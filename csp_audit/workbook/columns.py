"""A clean workbook read column by column, for `load`: plain columns ready for the database,
no object per row.

Each sheet's columns are parsed as columns (each distinct value once: column_reading.py),
and the checks across sheets (unique ids, references, periods) are done on whole columns.
This path only says yes: a workbook it finds anything wrong with, anything to warn of, or
anything it does not handle (matrix attendance, an action plan, a sheet read by a near
name...) gets None, and the cell-by-cell reader (`validate.validate_sheets`) reads it
instead, so every message is worded there alone. Where both read a workbook they give the
same rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, dataclass, fields
from datetime import date
from typing import Any

from csp_audit.model import contract
from csp_audit.model.contract import normalise_name
from csp_audit.model.records import (
    Action,
    AgendaItem,
    AsbReview,
    DhrCase,
    DhrRecommendation,
    Document,
    Meeting,
    Member,
    Partnership,
    Place,
    Recommendation,
    SentReport,
    Waiver,
)
from csp_audit.workbook.column_reading import RegisterColumns, Unclean, read_register
from csp_audit.workbook.hidden import hidden_content
from csp_audit.workbook.names import ident, lookup, organisations
from csp_audit.workbook.registers import STATUS_RANK, _resolve_senior
from csp_audit.workbook.rows import Problems, Row, locate_table
from csp_audit.workbook.sheets import SheetGrid
from csp_audit.workbook.waivers import check_waiver_overlaps

Columns = dict[str, list[Any]]
"""One kind's records as columns: field name -> values, `place` as source_sheet and
source_row (the table's own column names)."""

KINDS: tuple[tuple[str, str, type, dict[str, str]], ...] = (
    ("members", "Members", Member, {"from": "joined", "to": "left"}),
    ("meetings", "Meetings", Meeting, {}),
    ("agenda", "Agenda", AgendaItem, {}),
    ("documents", "Documents", Document, {}),
    ("dhr_cases", "DHR", DhrCase, {}),
    ("asb_reviews", "ASB case reviews", AsbReview, {}),
    ("waivers", "Waivers", Waiver, {}),
    ("actions", "Actions", Action, {}),
    ("dhr_recommendations", "DHR recommendations", DhrRecommendation, {}),
    ("recommendations", "Recommendations", Recommendation, {}),
    ("reports", "Reports", SentReport, {"to": "sent_to"}),
)
"""`PartnershipRecords` field, sheet, record and renamed columns of the kinds read as they
stand (attendance is read on its own)."""


@dataclass(frozen=True)
class LoadColumns:
    """A clean workbook as `load` stores it: the partnership, the rows per sheet, and each
    kind of record as plain columns (`Columns`, by `PartnershipRecords` field)."""

    partnership: Partnership
    row_counts: dict[str, int]
    tables: dict[str, Columns]

    def waivers(self) -> tuple[Waiver, ...]:
        """The Waivers register as records (a handful), for checks against the rules."""
        columns = self.tables.get("waivers")
        if not columns or not columns["source_row"]:
            return ()
        names = [f.name for f in fields(Waiver) if f.name != "place"]
        return tuple(
            Waiver(place=Place(sheet, row), **dict(zip(names, values, strict=True)))
            for sheet, row, *values in zip(columns["source_sheet"], columns["source_row"],
                                           *(columns[name] for name in names), strict=True))


def read_columns(grids: list[SheetGrid]) -> LoadColumns | None:
    """The workbook's records as columns when it is clean and of a shape read here; None
    when the cell-by-cell reader must read it (for its problems, or its shape)."""
    try:
        return _read(grids)
    except Unclean:
        return None


def _clean(problems: Problems) -> None:
    if problems.items:
        raise Unclean


def _read(grids: list[SheetGrid]) -> LoadColumns:
    found = _match(grids)
    order = list(found)
    settings, partnership_rows = _settings(found.pop("Partnership"))
    sheets = {name: read_register(grid, contract.SHEETS_BY_KEY[normalise_name(name)])
              for name, grid in found.items()}
    for required in ("Members", "Meetings"):
        if not sheets[required].numbers:
            raise Unclean
    members = _members(sheets["Members"])
    meetings = _unique(sheets["Meetings"], "meeting_id")
    for name, column in (("Documents", "document_id"), ("DHR", "case_ref"),
                         ("ASB case reviews", "case_ref"), ("Actions", "action_id"),
                         ("Recommendations", "recommendation_id")):
        if name in sheets:
            _unique(sheets[name], column)
    _meeting_dates(sheets["Meetings"])
    for name, start, end in (("Members", "from", "to"), ("Documents", "covers_from", "covers_to"),
                             ("Waivers", "approved_on", "expires")):
        if name in sheets:
            _period(sheets[name], start, end)
    if "Waivers" in sheets:
        _waiver_overlaps(sheets["Waivers"])
    for name in ("Actions", "DHR recommendations", "Recommendations"):
        if name in sheets:
            _not_done_yet(sheets[name])
    if "Agenda" in sheets:
        _resolve(sheets["Agenda"], "meeting_id", meetings)
    _resolve(sheets["Meetings"], "chair", members)
    _resolve(sheets["Meetings"], "vice_chair", members)
    if "Documents" in sheets:
        _signatories(sheets["Documents"], members)
    if "DHR recommendations" in sheets:
        cases = _unique(sheets["DHR"], "case_ref") if "DHR" in sheets else {}
        _resolve(sheets["DHR recommendations"], "case_ref", cases)
    tables = {attribute: _columns(sheets[name], kind, renamed)
              for attribute, name, kind, renamed in KINDS if name in sheets}
    if "Attendance" in sheets:
        tables["attendance"] = _attendance(sheets["Attendance"], sheets["Meetings"], members,
                                           meetings, tables["members"])
    optional = frozenset(contract.SHEETS_BY_KEY[normalise_name(name)].key
                         for name in found if not contract.sheet_for(name).required)
    row_counts = {name: partnership_rows if name == "Partnership"
                  else len(sheets[name].numbers) for name in order}
    return LoadColumns(Partnership(**{**settings, "registers": optional}), row_counts, tables)


def _match(grids: list[SheetGrid]) -> dict[str, SheetGrid]:
    """Registers by contract name: each sheet named as one, shown and whole; anything else
    (an unknown, doubled, hidden or missing sheet, an action plan) is for the other path."""
    found: dict[str, SheetGrid] = {}
    for grid in grids:
        sheet = contract.sheet_for(grid.name)
        if sheet is None and contract.is_tool_sheet(grid.name):
            continue
        if (sheet is None or sheet.name in found or sheet is contract.ACTION_PLAN
                or grid.hidden or ((grid.hidden_rows or grid.hidden_columns)
                                   and hidden_content(grid))):
            raise Unclean
        found[sheet.name] = grid
    if any(sheet.required and sheet.name not in found for sheet in contract.SHEETS):
        raise Unclean
    return found


def _settings(grid: SheetGrid) -> tuple[dict[str, object], int]:
    """The Partnership sheet's settings, as the cell-by-cell reader reads them (a few
    rows), and its rows."""
    # NOTE: imported here: validate imports this module.
    from csp_audit.workbook.validate import _partnership

    problems = Problems(grid.name)  # type: ignore[arg-type]
    table = locate_table(grid, contract.SHEETS_BY_KEY["partnership"], problems)
    if table is None or not table.rows:
        raise Unclean
    settings = _partnership(table, problems)
    _clean(problems)
    if settings is None:
        raise Unclean
    return settings, len(table.rows)


def _unique(sheet: RegisterColumns, column: str) -> dict[str, str]:
    """Id -> its spelling, as `register_rows.unique_ids`; a repeat is for the other path."""
    seen: dict[str, str] = {}
    for value in sheet.values[column]:
        if value is None:
            continue
        key = ident(value)
        if key in seen:
            raise Unclean
        seen[key] = str(value)
    return seen


def _rows(sheet: RegisterColumns) -> list[Row]:
    """The sheet as `Row`s, for the checks of the small registers (Members, Waivers)."""
    names = list(sheet.values)
    return [Row(sheet.name, number, dict(zip(names, values, strict=True)), {})
            for number, *values in zip(sheet.numbers, *sheet.values.values(), strict=True)]


def _members(sheet: RegisterColumns) -> dict[str, str]:
    problems = Problems(sheet.name)  # type: ignore[arg-type]
    members = organisations(_rows(sheet), _unique(sheet, "organisation"), problems)
    _clean(problems)
    return members


def _waiver_overlaps(sheet: RegisterColumns) -> None:
    problems = Problems(sheet.name)  # type: ignore[arg-type]
    check_waiver_overlaps(_rows(sheet), problems)
    _clean(problems)


def _meeting_dates(sheet: RegisterColumns) -> None:
    """Minutes before the meeting or papers after it are warned of: the other path's."""
    values = sheet.values
    for day, circulated, published, papers in zip(
            values["date"], values["minutes_circulated"], values["minutes_published"],
            values["papers_circulated"], strict=True):
        if not isinstance(day, date):
            continue
        if any(isinstance(when, date) and when < day for when in (circulated, published)) or (
                isinstance(papers, date) and papers > day):
            raise Unclean


def _period(sheet: RegisterColumns, start: str, end: str) -> None:
    for first, last in zip(sheet.values[start], sheet.values[end], strict=True):
        if first is not None and last is not None and last < first:
            raise Unclean


def _not_done_yet(sheet: RegisterColumns) -> None:
    """A done date with an open status is an error: the other path's."""
    done, status = sheet.values.get("done"), sheet.values.get("status")
    if done is None or status is None:
        return
    if any(when is not None and state in ("open", "in_progress")
           for when, state in zip(done, status, strict=True)):
        raise Unclean


def _spelling(known: Mapping[str, str], value: object) -> str | None:
    """The name's spelling in `known` (None stays None); a name not there is for the other
    path."""
    if value is None:
        return None
    found = lookup(known, value)
    if found is None:
        raise Unclean
    return found


def _resolve(sheet: RegisterColumns, column: str, known: Mapping[str, str]) -> None:
    """Each name in `column` as `known` spells it, each distinct name looked up once."""
    names = sheet.values[column]
    spellings = {name: _spelling(known, name) for name in set(names)}
    sheet.values[column] = list(map(spellings.__getitem__, names))


def _signatories(sheet: RegisterColumns, members: Mapping[str, str]) -> None:
    """Each document's signatories as Members spells them; none is an empty list."""
    lists = sheet.values["signatories"]
    spelt = {names: tuple(_spelling(members, name) for name in names or ())
             for names in set(lists)}
    sheet.values["signatories"] = list(map(spelt.__getitem__, lists))


def _columns(sheet: RegisterColumns, kind: type, renamed: dict[str, str]) -> Columns:
    """The record's fields as columns: a contract column's values (under the field's name),
    else the field's default on every row."""
    by_field = {renamed.get(name, name): values for name, values in sheet.values.items()}
    count = len(sheet.numbers)
    columns: Columns = {}
    for field in fields(kind):
        if field.name == "place":
            columns["source_sheet"] = [sheet.name] * count
            columns["source_row"] = sheet.numbers
        elif field.name in by_field:
            columns[field.name] = by_field[field.name]
        else:
            default = (field.default if field.default is not MISSING
                       else field.default_factory())  # type: ignore[misc]
            columns[field.name] = [default] * count
    return columns


def _attendance(sheet: RegisterColumns, meetings_sheet: RegisterColumns, members: Mapping[str, str],
                meetings: Mapping[str, str], member_columns: Columns) -> Columns:
    """Long-form attendance resolved to meetings (by id, or by the date of the one meeting
    that day) and members, each body once per meeting, seniority as the contract says."""
    by_date: dict[date, list[str]] = {}
    for day, meeting_id in zip(meetings_sheet.values["date"],
                               meetings_sheet.values["meeting_id"], strict=True):
        if isinstance(day, date):
            by_date.setdefault(day, []).append(str(meeting_id))
    headed = {ident(day.isoformat()): ids[0] for day, ids in by_date.items() if len(ids) == 1}
    _resolve(sheet, "meeting_id", {**headed, **meetings})
    _resolve(sheet, "organisation", members)
    values = sheet.values
    pairs = set(zip(map(ident, values["meeting_id"]), map(ident, values["organisation"]),
                    strict=True))
    if len(pairs) != len(sheet.numbers):
        raise Unclean
    seniority = {ident(organisation): senior for organisation, senior in zip(
        member_columns["organisation"], member_columns["senior"], strict=True)}
    statuses = values["status"]
    if not set(statuses) <= STATUS_RANK.keys():
        raise Unclean
    facts = list(zip(statuses, values["senior"], values["organisation"], strict=True))
    seniors = {fact: _resolve_senior(fact[0], fact[1], seniority.get(ident(fact[2])))
               for fact in set(facts)}
    return {"meeting_id": values["meeting_id"], "organisation": values["organisation"],
            "status": statuses, "source_sheet": [sheet.name] * len(sheet.numbers),
            "source_row": sheet.numbers, "senior": list(map(seniors.__getitem__, facts))}


