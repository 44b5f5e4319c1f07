"""Read each report format as its own reader would, for the tests that every output is
well-formed: JUnit by an XML parser, the workbook by openpyxl, JSON by json, Markdown by a
CommonMark parser (markdown-it-py with GFM tables)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from markdown_it import MarkdownIt
from openpyxl import load_workbook

RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
"""Characters no output may hold raw: C0 controls but tab and line breaks, DEL, bidi."""


def markdown_tables(text: str) -> list[list[int]]:
    """Each table of a CommonMark (GFM tables) rendering: the cells of each of its rows."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables: list[list[int]] = []
    cells = 0
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("td_open", "th_open"):
            cells += 1
        elif token.type == "tr_close":
            tables[-1].append(cells)
    return tables


def reader_text(path: Path) -> str:
    """The text a reader of `path` sees, once the file has been read by its own parser
    (which raises when the file is not well-formed)."""
    if path.suffix == ".xlsx":
        workbook = load_workbook(path)
        cells = [str(c.value) for s in workbook.worksheets for row in s.iter_rows()
                 for c in row if c.value is not None]
        headers = [s.oddHeader.center.text or "" for s in workbook.worksheets]
        return "\n".join([*cells, *headers, workbook.properties.title or ""])
    text = path.read_text("utf-8")
    if path.name.endswith(".junit.xml"):
        ET.fromstring(text.encode("utf-8"))
    elif path.suffix == ".json":
        json.loads(text)
    elif path.suffix == ".md":
        shapes = markdown_tables(text)
        assert shapes and all(len(set(rows)) == 1 for rows in shapes), shapes
    return text
