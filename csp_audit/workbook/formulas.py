"""Formula cells of a sheet's XML: a formula error (`#REF!`) or a formula saved without its
result is read as a `FormulaCell` that says so, never as a value; and the column letters of a
cell reference as a number."""

from __future__ import annotations

import re

_CELL = re.compile(rb"<c\s([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_ATTR_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_ATTR_TYPE = re.compile(rb'\bt="(\w+)"')
_VALUE = re.compile(rb"<v>(.*?)</v>", re.S)
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
NO_SAVED_RESULT = ("a formula with no saved result (the file was written by a program that "
                   "does not calculate formulas): open and save it in Excel, or type the value")


class FormulaCell(str):
    """A cell calamine reads as blank that holds a formula error or an unsaved formula.

    Its text is what Excel shows ('#REF!', '=A2'); `detail` says why it is not a value.
    """

    detail: str

    def __new__(cls, shown: str, detail: str) -> FormulaCell:
        cell = super().__new__(cls, shown)
        cell.detail = detail
        return cell


def column_number(letters: str) -> int:
    """The 1-based column of spreadsheet letters: A -> 1, AB -> 28 (the inverse of
    `sheets.column_letter`, here because `sheets` reads through this module)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def formula_cells(xml: bytes) -> dict[tuple[int, int], FormulaCell]:
    """(1-based row, 0-based column) -> the cell, for every formula error and every formula
    with no saved result in one worksheet's XML."""
    found = {}
    for match in _CELL.finditer(xml):
        attrs, body = match.group(1), match.group(2) or b""
        kind = _ATTR_TYPE.search(attrs)
        kind_name = kind.group(1) if kind else b"n"
        formula = _FORMULA.search(body)
        if kind_name != b"e" and formula is None:
            continue
        ref = _ATTR_REF.search(attrs)
        if ref is None:
            continue
        value = _VALUE.search(body)
        saved = value.group(1).decode("utf-8", "replace").strip() if value else ""
        if kind_name == b"e":
            shown = saved or "#ERROR"
            cell = FormulaCell(shown, f"the formula error {shown}, not a value")
        elif value is None or (not saved and kind_name != b"str"):
            text = (formula.group(1) or b"").decode("utf-8", "replace") if formula else ""
            cell = FormulaCell(f"={_unescape(text)}" if text else "=(formula)",
                               NO_SAVED_RESULT)
        else:
            continue
        letters = ref.group(1).rstrip(b"0123456789").decode()
        row = int(ref.group(1)[len(letters):])
        found[(row, column_number(letters) - 1)] = cell
    return found


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))
