"""A partnership workbook into validated records, collecting every problem on the way.

The whole input contract (docs/workbook.md) is applied here: sheets and columns
found by their normalised names, each cell read by its column's type, then the
cross-sheet references and unique ids. Nothing is written; `load` stores the records.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from difflib import get_close_matches
from pathlib import Path

from csp_audit.model import contract
from csp_audit.model.contract import Column, normalise_name
from csp_audit.model.errors import Problem, did_you_mean
from csp_audit.model.records import Partnership, PartnershipRecords
from csp_audit.workbook.cells import CellError, display, is_blank, parse_day_month, parse_text
from csp_audit.workbook.columns import LoadColumns, read_columns
from csp_audit.workbook.contents import what_is_odd
from csp_audit.workbook.files import NotAWorkbook, sha256_of
from csp_audit.workbook.hidden import hidden_content
from csp_audit.workbook.loop import with_loop_registers
from csp_audit.workbook.register_rows import EMPTY_SHEET_EXPECTED, Targets
from csp_audit.workbook.registers import build_records
from csp_audit.workbook.rows import (
    NOT_A,
    Problems,
    check_cell,
    check_columns,
    locate_table,
    parse_cell,
)
from csp_audit.workbook.sheets import (
    SheetGrid,
    Table,
    cell_ref,
    find_header_row,
    header_key,
    header_text,
    read_sheets,
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
    columns: LoadColumns | None = None
    """A clean workbook read column by column for `load` (`records` is then None)."""

    @property
    def partnership(self) -> Partnership | None:
        if self.columns is not None:
            return self.columns.partnership
        return self.records.partnership if self.records is not None else None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


def validate_workbook(path: Path,
                      columnar: Callable[[LoadColumns], bool] | None = None) -> Validation:
    """Read and check the workbook at `path` against the whole input contract.

    With `columnar` (what `load` asks), a clean workbook is read column by column
    (`columns.read_columns`) and kept that way when `columnar` accepts it; any other is
    read cell by cell, as without it, so its problems are worded the same."""
    path = Path(path)
    sha256 = sha256_of(path)
    try:
        grids = read_sheets(path)
    except NotAWorkbook as refusal:
        return Validation(path, None, [refusal.problem], sha256)
    columns = read_columns(grids) if columnar is not None else None
    if columns is not None and columnar is not None and columnar(columns):
        validation = Validation(path, None, [], sha256, columns=columns)
    else:
        validation = validate_sheets(path, grids, sha256)
    validation.problems.extend(Problem(str(path), odd, severity="warning")
                               for odd in what_is_odd(path))
    return validation


def validate_with_plan(path: Path, plan: Path) -> Validation:
    """The workbook at `path` with the filled-in Action plan sheet of the csp-audit xlsx
    report at `plan` read as its Actions register (`load --actions`), so last year's plan
    needs no retyping; the plan's problems name the plan's file."""
    path, plan = Path(path), Path(plan)
    sha256 = sha256_of(path)
    try:
        own = read_sheets(path)
    except NotAWorkbook as refusal:
        return Validation(path, None, [refusal.problem], sha256)
    try:
        chosen = [g for g in read_sheets(plan)
                  if contract.sheet_for(g.name) is contract.ACTION_PLAN]
    except NotAWorkbook as refusal:
        return Validation(path, None, [refusal.problem], sha256)
    refusal = None
    if not chosen:
        refusal = Problem(file=str(plan), message="no Action plan sheet: this is not an "
                          "action plan csp-audit wrote", expected="the xlsx report of an "
                          "earlier audit, its Action plan sheet filled in")
    elif any(contract.sheet_for(g.name) is contract.ACTION_PLAN for g in own):
        refusal = Problem(file=str(path), message=f"the workbook has its own Action plan "
                          f"sheet, and --actions gives {plan.name}; keep one",
                          sheet="Action plan", expected="one action plan")
    if refusal is not None:
        return Validation(path, None, [refusal], sha256)
    merged = validate_sheets(path, [*own, chosen[0]], sha256)
    merged.problems = [replace(p, file=str(plan)) if p.sheet == chosen[0].name else p
                       for p in merged.problems]
    return merged


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
    """Workbook sheets by contract sheet name. A sheet whose name (or header row) nearly
    matches a register missing by its own name is read as it, with a warning; other unknown
    sheets are warned about (with a "did you mean") and dropped."""
    found: dict[str, SheetGrid] = {}
    unknown: list[SheetGrid] = []
    for grid in grids:
        sheet = contract.sheet_for(grid.name)
        if sheet is None:
            if not contract.is_tool_sheet(grid.name):
                unknown.append(grid)
            continue
        if sheet.name in found:
            problems.error(f"sheet '{grid.name}' and sheet '{found[sheet.name].name}' both "
                           f"hold {sheet.name}; keep one", grid.name,
                           expected=f"one {sheet.name} sheet")
            continue
        found[sheet.name] = grid
    for grid in unknown:
        sheet, how = near_sheet(grid)
        if sheet is not None and sheet.name not in found:
            found[sheet.name] = grid
            problems.warning(f"sheet '{grid.name}' is read as the {sheet.name} sheet ({how}); "
                             f"rename it {sheet.name} to say so", grid.name)
            continue
        hint = did_you_mean(grid.name, [s.name for s in contract.SHEETS])
        if sheet is not None:
            hint = f"; the {sheet.name} sheet is already '{found[sheet.name].name}'"
        problems.warning(f"sheet '{grid.name}' is not part of the workbook contract; "
                         f"ignored{hint}", grid.name)
    for grid in found.values():
        if grid.hidden:
            problems.warning(f"sheet '{grid.name}' is hidden in Excel; its rows are read "
                             "like any other sheet's", grid.name)
        if hidden := hidden_content(grid):
            problems.warning(f"sheet '{grid.name}' hides {hidden} (hidden or filtered out); "
                             "their content is read like any other", grid.name)
    for sheet in contract.SHEETS:
        if sheet.required and sheet.name not in found:
            problems.error(f"required sheet '{sheet.name}' is missing", sheet.name,
                           expected=f"a sheet named {sheet.name}")
    return found


_FILLER = re.compile(r"\b(register|registers|log|list|lists|records?|sheet|tab|table|data|"
                     r"details|csp|tracker|\d{2,4})\b", re.I)
NEAR_SHEET_CUTOFF = 0.85
"""How alike a sheet name must be to a register's to be read as it (`Meetngs`, `Atendance`)."""


def near_sheet(grid: SheetGrid) -> tuple[contract.Sheet | None, str]:
    """The register a sheet that matches none by name stands for, and why: its name less
    words such as "register" or a year (`Attendance Register`, `Meetings 2024`), its name
    misspelt, or a header row holding the register's required columns."""
    stripped = contract.sheet_for(_FILLER.sub(" ", grid.name))
    if (stripped is not None and normalise_name(_FILLER.sub(" ", grid.name))
            and _starts_like(grid, stripped)):
        return stripped, "its name less the extra words"
    names = {normalise_name(s.name): s for s in contract.SHEETS}
    close = get_close_matches(normalise_name(grid.name), list(names), n=1,
                              cutoff=NEAR_SHEET_CUTOFF)
    if close and _starts_like(grid, names[close[0]]):
        return names[close[0]], "its name is nearly that"
    for sheet in contract.SHEETS:
        if sheet.name in ("Partnership", "Attendance"):
            continue
        header = find_header_row(grid, [sheet.columns[0].name])
        if header is None:
            continue
        keys = {header_key(header_text(value)) for value in grid.rows[header - 1]}
        wanted = {normalise_name(c.name) for c in sheet.columns}
        required = {normalise_name(c.name) for c in sheet.columns if c.required}
        if required <= keys and len(keys & wanted) >= max(3, len(required)):
            return sheet, "its header row is that sheet's"
    return None, ""


def _starts_like(grid: SheetGrid, sheet: contract.Sheet) -> bool:
    """A sheet named nearly like a register is read as it only when a header row holds the
    register's first column (an "Action log" of action and owner is a notes sheet, not the
    Actions register)."""
    firsts = ["meeting_id", "organisation"] if sheet.name == "Attendance" else [
        sheet.columns[0].name]
    return any(find_header_row(grid, [first]) is not None for first in firsts)


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
    return with_loop_registers(build_records(partnership, tables, problems, targets), tables,
                               problems)


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
        "attendance_recorded": values.get("attendance_recorded") or "everyone",
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
                     f"holding {checklist}.yaml (validate, load, check, audit and report "
                     "take it)", sheet, cell)


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
