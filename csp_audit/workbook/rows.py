"""Reading a sheet's rows by the contract: header checks, cells by column type, problems.

Shared by the Partnership reader (validate) and the register readers (registers), so every
sheet reports its problems the same way, with its `Sheet!Cell`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from csp_audit.model.contract import NOTE_COLUMNS, Column, Sheet, normalise_name, vocabulary_key
from csp_audit.model.errors import Problem
from csp_audit.workbook.cells import (
    CellError,
    display,
    is_blank,
    is_placeholder,
    nearest_choice,
    parse_date,
    parse_enum,
    parse_list,
    parse_text,
    parse_yes_no,
)
from csp_audit.workbook.formulas import FormulaCell
from csp_audit.workbook.limits import MAX_CELL_CHARS
from csp_audit.workbook.sheets import (
    RawRow,
    SheetGrid,
    Table,
    cell_ref,
    column_letter,
    find_header_row,
    is_blank_row,
    read_table,
)

FOUND_SHOWN_CHARS = 80
"""A refused cell is quoted by its first 80 characters: messages stay one readable line."""


class Problems:
    """Collects problems against one file, so every one is reported, not just the first."""

    def __init__(self, path: Path) -> None:
        self.file = str(path)
        self.items: list[Problem] = []

    def error(self, message: str, sheet: str | None = None, cell: str | None = None,
              found: object = None, expected: str | None = None) -> None:
        self._add("error", message, sheet, cell, found, expected)

    def warning(self, message: str, sheet: str | None = None, cell: str | None = None) -> None:
        self._add("warning", message, sheet, cell, None, None)

    def _add(self, severity: str, message: str, sheet: str | None, cell: str | None,
             found: object, expected: str | None) -> None:
        shown = None if found is None else display(found)
        if shown is not None and len(shown) > FOUND_SHOWN_CHARS:
            shown = f"{shown[:FOUND_SHOWN_CHARS]}... ({len(shown):,} characters)"
        self.items.append(Problem(file=self.file, message=message, sheet=sheet, cell=cell,
                                  found=shown, expected=expected,
                                  severity=severity))  # type: ignore[arg-type]


@dataclass(slots=True)
class Row:
    """One data row read by its sheet's columns: parsed values and where each came from."""

    sheet: str
    number: int
    values: dict[str, object]
    columns: dict[str, int]
    """Contract column name -> the 0-based spreadsheet column it was read from."""
    ok: bool = True

    def ref(self, column: str) -> str:
        index = self.columns.get(column)
        return f"A{self.number}" if index is None else cell_ref(self.number, index)


NOT_A = {"date": "not a date", "yesno": "not yes or no",
         "enum": "not one of the accepted values", "text": "not text", "list": "not a list"}
"""What a refused cell is not, by column type, when the parser gives no detail."""


def with_article(noun: str) -> str:
    """`an expires`, `a meeting_id`: a column name with `a` or `an` by its first letter, as
    an error's `expected` names what a cell should hold. Not `model.wording.indefinite`,
    which goes by the sound and leaves a plural noun bare: a column name is spelt out
    (`a minutes_published`), not said."""
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


def locate_table(grid: SheetGrid, sheet: Sheet, problems: Problems,
                 first_columns: list[str] | None = None) -> Table | None:
    """The sheet's header row and rows; None (with an error) when no header is found.

    A sheet with nothing in it is an empty register, not an error.
    """
    firsts = first_columns or [sheet.columns[0].name]
    header_row = find_header_row(grid, firsts)
    if header_row is None:
        if all(is_blank_row(row) for row in grid.rows):
            return Table(sheet=grid.name, header_row=1, headers=())
        wanted = " or ".join(f"'{name}'" for name in firsts)
        problems.error(f"no header row: none of the first ten rows has a column headed {wanted}",
                       grid.name, "1:10", expected=f"a header row starting with {wanted}")
        return None
    table = read_table(grid, header_row)
    seen: dict[str, str] = {}
    for header in table.headers:
        ref = cell_ref(header_row, header.column)
        if header.key in seen:
            problems.error(f"column '{header.text}' appears twice (also at "
                           f"{grid.name}!{seen[header.key]})", grid.name, ref,
                           found=header.text, expected="each column once")
        seen.setdefault(header.key, ref)
    _warn_unheaded_columns(table, problems)
    return table


def _warn_unheaded_columns(table: Table, problems: Problems) -> None:
    """Values under a blank header cell would be dropped without a word; most often the
    header was merged across two columns, leaving the second without a name."""
    headed = {header.column for header in table.headers}
    width = max((len(raw.values) for raw in table.rows), default=0)
    for column in range(width):
        if column in headed:
            continue
        first = next((raw.number for raw in table.rows if not is_blank(raw.get(column))), None)
        if first is not None:
            problems.warning(f"column {column_letter(column)} holds values (first at "
                             f"{cell_ref(first, column)}) but has no header; ignored (a "
                             "merged header cell? give each column its own header)",
                             table.sheet, cell_ref(table.header_row, column))


def check_columns(table: Table, sheet: Sheet, problems: Problems) -> dict[str, int]:
    """Contract column name -> 0-based column; warns about unknown ones, errors on missing."""
    known = {normalise_name(column.name): column for column in sheet.columns}
    positions: dict[str, int] = {}
    for header in table.headers:
        column = known.get(header.key)
        if column is None and header.key in NOTE_COLUMNS:
            continue
        if column is None:
            problems.warning(f"column '{header.text}' is not part of the {sheet.name} sheet; "
                             "ignored", table.sheet, cell_ref(table.header_row, header.column))
        else:
            positions.setdefault(column.name, header.column)
    if table.headers or table.rows:
        for column in sheet.columns:
            if column.required and column.name not in positions:
                problems.error(f"required column '{column.name}' is missing from the header "
                               "row", table.sheet, f"{table.header_row}:{table.header_row}",
                               expected=f"a column headed {column.name}")
    return positions


def read_rows(table: Table, sheet: Sheet, positions: dict[str, int],
              problems: Problems) -> list[Row]:
    """Every non-blank row parsed by its columns' types; bad cells reported, row marked.

    Parsed values are remembered per column, as they repeat a great deal in big sheets
    (statuses, dates, ids): most cells cost one dict lookup."""
    plan = tuple(_ColumnPlan(column, positions.get(column.name)) for column in sheet.columns)
    indexes = tuple(positions.values())
    columns = dict(positions)
    rows = []
    for raw in table.rows:
        cells = raw.values
        width = len(cells)
        for index in indexes:
            if index < width:
                value = cells[index]
                if value is not None and not (isinstance(value, str) and not value.strip()):
                    rows.append(_read(raw, table.sheet, plan, columns, problems,
                                      table.date1904))
                    break
    if table.month_year_cells:
        assume_first_of_month(rows, sheet, table.month_year_cells, problems)
    return rows


class _ColumnPlan:
    """One contract column of a sheet, with its spreadsheet column (None: not in the sheet)
    and the values already parsed from it."""

    __slots__ = ("column", "name", "index", "required", "default", "parsed")

    def __init__(self, column: Column, index: int | None) -> None:
        self.column = column
        self.name = column.name
        self.index = index
        self.required = column.required and index is not None
        self.default = column.default
        self.parsed: dict[object, object] = {}
        """Cell value -> parsed value; text keyed as itself, anything else with its type
        (1, 1.0 and True are equal keys in a dict, but not the same cell)."""


_UNSEEN = object()


def _read(raw: RawRow, sheet_name: str, plan: tuple[_ColumnPlan, ...],
          positions: dict[str, int], problems: Problems, date1904: bool = False) -> Row:
    """One row by its sheet's plan; the rows of one sheet share `positions`."""
    values: dict[str, object] = {}
    row = Row(sheet_name, raw.number, values, positions)
    cells, width = raw.values, len(raw.values)
    for column in plan:
        index = column.index
        value = cells[index] if index is not None and index < width else ""
        key = value if value.__class__ is str else (value.__class__, value)
        parsed = column.parsed.get(key, _UNSEEN)
        if parsed is _UNSEEN:
            try:
                parsed = column.parsed[key] = _first_reading(value, column.column, row,
                                                             problems, date1904)
            except CellError as error:
                row.ok = False
                problems.error(f"{column.name}: {error.detail or NOT_A[column.column.type]}",
                               sheet_name, row.ref(column.name), found=value,
                               expected=error.expected)
                continue
        if parsed is None:
            if column.required:
                row.ok = False
                problems.error(f"{column.name} is required", sheet_name, row.ref(column.name),
                               expected=_what_goes_in(column.column))
            values[column.name] = column.default
        else:
            values[column.name] = parsed
    return row


def _first_reading(value: object, column: Column, row: Row, problems: Problems,
                   date1904: bool = False) -> object:
    """A value's first reading in its column, saying once (the reading is remembered for
    the column's other cells) what a warning should: an ambiguous word read one way, or an
    open column's value off the list loaded as it was typed."""
    try:
        parsed = parse_cell(value, column, date1904)
    except CellError:
        if column.type == "date" and not column.required and is_placeholder(value):
            problems.warning(f"{column.name} '{display(value).strip()}' is not a date yet, so "
                             "it is read as blank (said once for every cell holding it)",
                             row.sheet, row.ref(column.name))
            return None
        if column.type != "enum" or is_blank(value):
            raise
        asked = column.ambiguous.get(vocabulary_key(display(value)))
        if asked is not None:
            reads_as, question = asked
            problems.warning(f"{column.name} '{display(value).strip()}' is read as "
                             f"{reads_as}{': ' + question if question else ''} (said once for "
                             "every cell holding it)", row.sheet, row.ref(column.name))
            return reads_as
        if not column.open:
            raise
        slug = open_slug(value)
        if not slug:
            raise
        guess = nearest_choice(vocabulary_key(display(value)), column.choices,
                               column.synonyms)
        nearest = (f"the nearest known {column.name} is {guess}" if guess
                   else "no known " + column.name + " is close")
        declares = "topics" if column.name == "topic" else "document_kinds"
        problems.warning(f"{column.name} '{display(value).strip()}' is not one the shipped "
                         f"checklists read ({nearest}); {OFF_LIST_LOADED_AS} {slug}, which a "
                         f"local checklist may name once it declares it under {declares}: "
                         "(said once for every cell holding it)",
                         row.sheet, row.ref(column.name))
        return slug
    return parsed


OFF_LIST_LOADED_AS = "loaded as"
_OFF_LIST = re.compile(r"^(?P<column>\w+) '.*' is not one the shipped checklists read \(.*\); "
                       + OFF_LIST_LOADED_AS + r" (?P<slug>[0-9a-z_]+), ", re.DOTALL)


def off_list_value(problem: Problem) -> tuple[str, str] | None:
    """(column, slug) of a warning that an open column's value is off the list, so a caller
    who knows which checklists apply can drop it for a value they declare."""
    if problem.severity != "warning":
        return None
    match = _OFF_LIST.match(problem.message)
    return (match["column"], match["slug"]) if match else None


def open_slug(value: object) -> str:
    """An open column's value off the list, as a slug a checklist can name: `Strategic
    assessment` -> `strategic_assessment`, `VAWG` -> `vawg`."""
    words = re.findall(r"[0-9a-z]+", vocabulary_key_words(display(value)))
    return "_".join(words)[:60]


def vocabulary_key_words(text: str) -> str:
    """Text folded as `vocabulary_key` folds it, keeping the breaks between words."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold() \
        .replace("&", " and ")


def _what_goes_in(column: Column) -> str:
    """What a required cell holds, from the column's guide when it names it ('the date the
    waiver ends'), else 'an expires'-style wording from its name."""
    guide = column.guide.rstrip(".")
    if guide.startswith(("The ", "A ")):
        return guide[0].lower() + guide[1:]
    return with_article(column.name)


def assume_first_of_month(rows: list[Row], sheet: Sheet,
                          cells: frozenset[tuple[int, int]], problems: Problems) -> None:
    """A date cell formatted to show only a month and a year (`mmm-yy`) is read as the 1st
    of that month, with a warning: the reader of the sheet sees no day."""
    for column in sheet.columns:
        if column.type != "date":
            continue
        for row in rows:
            index = row.columns.get(column.name)
            day = row.values.get(column.name)
            if index is None or (row.number, index) not in cells or not isinstance(day, date):
                continue
            first = day.replace(day=1)
            held = "" if day == first else f" (the cell holds {day:%-d %B %Y})"
            row.values[column.name] = first
            problems.warning(f"{column.name} shows only a month and a year, so "
                             f"{first:%-d %B %Y} is assumed{held}; format the cell to show "
                             "the day", row.sheet, row.ref(column.name))


def check_cell(value: object) -> None:
    """Refuse what no column accepts: a formula error or unsaved formula (which calamine
    reads as blank) and text longer than Excel itself allows."""
    if isinstance(value, FormulaCell):
        raise CellError("a value typed in, or a formula with its result saved by Excel",
                        value.detail)
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        raise CellError(f"at most {MAX_CELL_CHARS:,} characters (Excel's own limit)",
                        f"{len(value):,} characters, more than a cell can hold")
    if isinstance(value, str) and "\x00" in value:
        # NOTE: SQLite would store it and PostgreSQL refuse the whole load without naming
        # the cell: refused here, the same on both.
        raise CellError("text without NUL characters",
                        "a NUL character (U+0000, _x0000_ in the file), which no database "
                        "stores: retype the cell")


def parse_cell(value: object, column: Column, date1904: bool = False) -> object:
    """One cell by its column's type; None when blank. A serial day number in a date column
    counts from 1904 when the workbook says so."""
    check_cell(value)
    if column.type == "date":
        return parse_date(value, date1904)
    if column.type == "yesno":
        return parse_yes_no(value)
    if column.type == "enum":
        return parse_enum(value, column.choices, column.synonyms)
    if column.type == "list":
        return parse_list(value)
    return parse_text(value)
