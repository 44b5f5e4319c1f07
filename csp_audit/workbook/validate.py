"""A partnership workbook into validated records, collecting every problem on the way.

The whole input contract (docs/workbook.md) is applied here: sheets and columns
found by their normalised names, each cell read by its column's type, then the
cross-sheet references and unique ids. Nothing is written; `load` stores the records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from csp_audit.model import contract
from csp_audit.model.contract import Column, normalise_name
from csp_audit.model.errors import Problem, did_you_mean
from csp_audit.model.records import Partnership, PartnershipRecords
from csp_audit.workbook.cells import CellError, display, is_blank, parse_day_month, parse_text
from csp_audit.workbook.contents import what_is_odd
from csp_audit.workbook.registers import EMPTY_SHEET_EXPECTED, Targets, build_records
from csp_audit.workbook.rows import (
    NOT_A,
    Problems,
    check_cell,
    check_columns,
    locate_table,
    parse_cell,
)
from csp_audit.workbook.sheets import (
    NotAWorkbook,
    SheetGrid,
    Table,
    cell_ref,
    read_sheets,
    sha256_of,
)

CODE_EXPECTED = "a short slug: letters, digits and hyphens, e.g. sefton"


@dataclass
class Validation:
    """The outcome of validating one workbook: records only when there were no errors."""

    path: Path
    records: PartnershipRecords | None
    problems: list[Problem] = field(default_factory=list)
    sha256: str = ""
    waiver_rule_column: int | None = None
    """The 0-based column of the Waivers sheet's rule_id, so a later check of the rule ids
    (`pipeline.load.unknown_waiver_problems`) can name each one's cell."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


def validate_workbook(path: Path) -> Validation:
    """Read and check the workbook at `path` against the whole input contract."""
    path = Path(path)
    sha256 = sha256_of(path)
    try:
        grids = read_sheets(path)
    except NotAWorkbook as refusal:
        return Validation(path, None, [refusal.problem], sha256)
    validation = validate_sheets(path, grids, sha256)
    validation.problems.extend(Problem(str(path), odd, severity="warning")
                               for odd in what_is_odd(path))
    return validation


def validate_sheets(path: Path, grids: list[SheetGrid], sha256: str = "") -> Validation:
    """The contract's checks on sheets already read (what `validate_workbook` does once the
    file has opened); problems are reported against `path`."""
    problems = Problems(path)
    sheets = _match_sheets(grids, problems)
    tables = _locate_tables(sheets, problems)
    targets, readable = _required_targets(sheets, tables, problems)
    records = _build_records(sheets, tables, problems, targets, readable)
    ok = not any(p.severity == "error" for p in problems.items)
    waivers = tables.get("Waivers")
    rule_id = waivers.header(normalise_name("rule_id")) if waivers is not None else None
    return Validation(path, records if ok else None, problems.items, sha256,
                      rule_id.column if rule_id is not None else None)


def _match_sheets(grids: list[SheetGrid], problems: Problems) -> dict[str, SheetGrid]:
    """Workbook sheets by contract sheet name; unknown sheets warned about and dropped."""
    found: dict[str, SheetGrid] = {}
    for grid in grids:
        sheet = contract.sheet_for(grid.name)
        if sheet is None:
            if not contract.is_tool_sheet(grid.name):
                problems.warning(f"sheet '{grid.name}' is not part of the workbook contract; "
                                 "ignored", grid.name)
            continue
        if sheet.name in found:
            problems.error(f"sheet '{grid.name}' and sheet '{found[sheet.name].name}' both "
                           f"hold {sheet.name}; keep one", grid.name,
                           expected=f"one {sheet.name} sheet")
            continue
        found[sheet.name] = grid
        if grid.hidden:
            problems.warning(f"sheet '{grid.name}' is hidden in Excel; its rows are read "
                             "like any other sheet's", grid.name)
    for sheet in contract.SHEETS:
        if sheet.required and sheet.name not in found:
            problems.error(f"required sheet '{sheet.name}' is missing", sheet.name,
                           expected=f"a sheet named {sheet.name}")
    return found


def _locate_tables(sheets: dict[str, SheetGrid], problems: Problems) -> dict[str, Table | None]:
    tables: dict[str, Table | None] = {}
    for name, grid in sheets.items():
        firsts = ["meeting_id", "organisation"] if name == "Attendance" else None
        tables[name] = locate_table(grid, contract.SHEETS_BY_KEY[normalise_name(name)],
                                    problems, firsts)
    return tables


def _required_targets(sheets: dict[str, SheetGrid], tables: dict[str, Table | None],
                      problems: Problems) -> tuple[Targets, bool]:
    """The required sheets that are missing, have no header row (both reported already) or
    have no rows, for `build_records`; and whether the Partnership sheet can be read.

    A Partnership sheet without rows is an error here: the partnership needs a name and
    a code. Members and Meetings without rows are for `Targets` to judge."""
    unusable: dict[str, str] = {}
    empty: dict[str, str] = {}
    for sheet in contract.SHEETS:
        if not sheet.required:
            continue
        if sheet.name not in sheets:
            unusable[sheet.name] = f"there is no {sheet.name} sheet"
        elif (table := tables.get(sheet.name)) is None:
            unusable[sheet.name] = f"the {sheet.name} sheet has no header row"
        elif not table.rows:
            unusable[sheet.name] = f"the {sheet.name} sheet has no rows"
            empty[sheet.name] = table.sheet
    if "Partnership" in empty:
        problems.error("the Partnership sheet has no rows", empty.pop("Partnership"),
                       expected=EMPTY_SHEET_EXPECTED["Partnership"])
    return Targets(unusable, empty), "Partnership" not in unusable


def _build_records(sheets: dict[str, SheetGrid], tables: dict[str, Table | None],
                   problems: Problems, targets: Targets,
                   partnership_readable: bool) -> PartnershipRecords | None:
    """The Partnership sheet's settings, then the registers (read whether or not the
    settings could be, for their problems)."""
    partnership_table = tables.get("Partnership")
    settings = (_partnership(partnership_table, problems)
                if partnership_table and partnership_readable else None)
    optional = frozenset(contract.SHEETS_BY_KEY[normalise_name(name)].key
                         for name in sheets if not contract.sheet_for(name).required)
    partnership = (None if settings is None
                   else Partnership(**{**settings, "registers": optional}))
    return build_records(partnership, tables, problems, targets)


def _partnership(table: Table, problems: Problems) -> dict[str, object] | None:
    """The Partnership sheet's field/value rows as `Partnership` keyword arguments."""
    positions = check_columns(table, contract.SHEETS_BY_KEY["partnership"], problems)
    if "field" not in positions:
        return None
    if "value" not in positions:
        problems.error("column 'value' is missing from the header row", table.sheet,
                       f"{table.header_row}:{table.header_row}",
                       expected="two columns headed field and value")
        return None
    fields = {normalise_name(column.name): column for column in contract.PARTNERSHIP_FIELDS}
    places: dict[str, str] = {}
    values: dict[str, object] = {}
    failed = False
    for raw in table.rows:
        name_cell, value = raw.get(positions["field"]), raw.get(positions["value"])
        value_ref = cell_ref(raw.number, positions["value"])
        if is_blank(name_cell):
            continue
        column = fields.get(normalise_name(display(name_cell)))
        if column is None:
            problems.warning(f"field '{display(name_cell)}' is not a Partnership field; "
                             "ignored", table.sheet, cell_ref(raw.number, positions["field"]))
            continue
        if column.name in places:
            failed = True
            problems.error(f"field '{column.name}' is given twice (also at "
                           f"{table.sheet}!{places[column.name]})", table.sheet, value_ref,
                           expected="each field once")
            continue
        places[column.name] = value_ref
        try:
            values[column.name] = _partnership_value(column, value)
        except CellError as error:
            failed = True
            values[column.name] = error
            problems.error(f"{column.name}: {error.detail or NOT_A[column.type]}", table.sheet,
                           value_ref, found=value, expected=error.expected)
    for column in contract.PARTNERSHIP_FIELDS:
        if column.required and values.get(column.name) is None:
            failed = True
            problems.error(f"the partnership's {column.name} is required", table.sheet,
                           places.get(column.name),
                           expected=f"a row with field '{column.name}' and its value")
    if failed:
        return None
    if values.get("checklist"):
        _warn_unknown_checklist(str(values["checklist"]), table.sheet, places["checklist"],
                                problems)
    day, month = values.get("year_start") or (1, 4)
    return {
        "name": values["name"], "code": values["code"],
        "nation": values.get("nation") or "England",
        "checklist": values.get("checklist"), "tier": values.get("tier") or "unitary",
        "year_start_day": day, "year_start_month": month,
    }


def _warn_unknown_checklist(checklist: str, sheet: str, cell: str, problems: Problems) -> None:
    """A warning, not an error: the user may pass `--checklists DIR` to `check`, `audit` and
    `report` later.

    Shipped ids are read from the file names (a checklist's id must match its file's), so
    validating a workbook parses no checklist."""
    from csp_audit.resources import checklists_dir

    shipped = sorted({path.stem for path in checklists_dir().glob("*.y*ml")})
    if checklist in shipped:
        return
    guess = did_you_mean(checklist, shipped).removeprefix("; ")
    guess = f"{guess[:1].upper()}{guess[1:]} " if guess else ""
    problems.warning(f"checklist '{checklist}' is not a shipped checklist. {guess}Name one "
                     f"of the shipped ({', '.join(shipped)}), or pass --checklists DIR "
                     f"holding {checklist}.yaml to check, audit and report", sheet, cell)


def _partnership_value(column: Column, value: object) -> object:
    check_cell(value)
    if column.name == "year_start":
        return parse_day_month(value)
    if column.name == "code":
        code = parse_text(value)
        if code is None:
            return None
        slug = code.strip().lower()
        if not slug.replace("-", "").replace("_", "").isalnum() or not slug.isascii() or (
                len(slug) > 40):
            raise CellError(CODE_EXPECTED, "not a short slug")
        return slug
    return parse_cell(value, column)
