"""Rows and columns a sheet hides that hold something: a reader of the sheet does not see
them, csp-audit reads them, so the validator says which they are."""

from __future__ import annotations

from collections.abc import Callable

from csp_audit.workbook.sheets import SheetGrid, column_letter, is_blank_row

SHOWN_SPANS = 10
"""At most ten spans are listed; the rest are counted."""


def hidden_content(grid: SheetGrid) -> str:
    """`rows 5-7, 12 and column C` for the hidden rows and columns of `grid` that hold a
    value; '' when none does (Excel often hides the empty columns right of a table)."""
    rows = [row for row in grid.hidden_rows
            if row <= len(grid.rows) and not is_blank_row(grid.rows[row - 1])]
    width = max((len(values) for values in grid.rows), default=0)
    columns = [column for column in grid.hidden_columns if column < width and not
               is_blank_row(values[column] for values in grid.rows if column < len(values))]
    parts = []
    if rows:
        parts.append(("row " if len(rows) == 1 else "rows ") + _spans(rows, str))
    if columns:
        parts.append(("column " if len(columns) == 1 else "columns ")
                     + _spans(columns, column_letter))
    return " and ".join(parts)


def _spans(numbers: list[int], name: Callable[[int], str]) -> str:
    spans: list[tuple[int, int]] = []
    for number in numbers:
        if spans and number == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], number)
        else:
            spans.append((number, number))
    shown = [name(a) if a == b else f"{name(a)}-{name(b)}" for a, b in spans[:SHOWN_SPANS]]
    more = len(spans) - SHOWN_SPANS
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")
