"""What an .xlsx says about its cells beside their values: the workbook's date system, the
cells formatted to show only a month and year, and the rows and columns hidden.

calamine gives values only. These settings are read from the XML `guard` already inflates
(xl/workbook.xml, xl/styles.xml, and a sheet's XML only when a cheap byte search finds a
hidden row or a month-and-year style in it), so a workbook without them costs nothing.
"""

from __future__ import annotations

import re
from typing import Any

HIDDEN = re.compile(rb'hidden="(?:1|true)"')
"""How Excel and LibreOffice write a hidden row or column (LibreOffice writes
`hidden="false"` on every visible one): one search of a sheet's bytes finds either."""
_MONTH_YEAR_BUILTIN = frozenset({17})
"""Excel's built-in number format 17 is `mmm-yy`."""
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_CELL_STYLE = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,4})([0-9]{1,8})"[^>]*?\bs="([0-9]+)"'
                         rb'|<c\b[^>]*?\bs="([0-9]+)"[^>]*?\br="([A-Z]{1,4})([0-9]{1,8})"')
_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\br="([0-9]+)"[^>]*?\bhidden="(?:1|true)"'
                         rb'|<row\b[^>]*?\bhidden="(?:1|true)"[^>]*?\br="([0-9]+)"')
_HIDDEN_COLS = re.compile(rb"<col\b([^>]*)>")
_ATTR = re.compile(rb'\b(min|max|hidden)="([^"]*)"')


def local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def is_date1904(workbook: Any) -> bool:
    """True when xl/workbook.xml says `<workbookPr date1904="1"/>`: serial day numbers
    count from 1 January 1904 (older Mac Excel), not from 1900."""
    if workbook is None:
        return False
    for element in workbook.iter():
        if local(element.tag) == "workbookPr":
            return element.get("date1904", "0").strip().lower() in ("1", "true")
    return False


def is_month_year_format(code: str) -> bool:
    """A number format showing a month and a year but no day (`mmm-yy`, `mmmm yyyy`,
    LibreOffice's `MMM\\-YY`); quoted text, escapes and [locale] parts are not read."""
    letters = _QUOTED.sub("", code.split(";", 1)[0]).lower()
    return "m" in letters and "y" in letters and not any(c in letters for c in "dhs")


def month_year_styles(styles: Any) -> frozenset[int]:
    """The cell style indexes (cellXfs) of xl/styles.xml whose number format shows only a
    month and a year."""
    if styles is None:
        return frozenset()
    formats = set(_MONTH_YEAR_BUILTIN)
    for element in styles.iter():
        if local(element.tag) == "numFmt" and is_month_year_format(
                element.get("formatCode", "")):
            formats.add(_number(element.get("numFmtId")))
    found: set[int] = set()
    for element in styles.iter():
        if local(element.tag) != "cellXfs":
            continue
        for index, xf in enumerate(child for child in element if local(child.tag) == "xf"):
            if _number(xf.get("numFmtId")) in formats:
                found.add(index)
    return frozenset(found)


def style_marks(styles: frozenset[int]) -> tuple[bytes, ...]:
    """The bytes a sheet's XML holds when a cell uses one of `styles`."""
    return tuple(b's="%d"' % style for style in sorted(styles))


def styled_cells(xml: bytes, styles: frozenset[int]) -> frozenset[tuple[int, int]]:
    """(1-based row, 0-based column) of every cell of one sheet's XML using one of
    `styles`."""
    found = set()
    for match in _CELL_STYLE.finditer(xml):
        letters, row, style = (match.group(1, 2, 3) if match.group(1)
                               else match.group(5, 6, 4))
        if int(style) in styles:
            found.add((int(row), _column(letters.decode()) - 1))
    return frozenset(found)


def hidden_rows_columns(xml: bytes) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The 1-based rows and 0-based columns one sheet's XML hides (columns as far as
    column ZZ: Excel hides every column right of a table as one range to XFD)."""
    rows = tuple(sorted(int(m.group(1) or m.group(2)) for m in _HIDDEN_ROW.finditer(xml)))
    columns: set[int] = set()
    for match in _HIDDEN_COLS.finditer(xml):
        attrs = dict(_ATTR.findall(match.group(1)))
        if attrs.get(b"hidden") not in (b"1", b"true"):
            continue
        first, last = _number(attrs.get(b"min")), _number(attrs.get(b"max"))
        columns.update(range(first - 1, min(last, 702)))
    return rows, tuple(sorted(c for c in columns if c >= 0))


def _number(text: object) -> int:
    try:
        return int(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return -1


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number
