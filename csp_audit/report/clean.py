"""Text made safe for each output: one cleaning every context string passes through, then
one function per format for what only that format forbids.

Why: a workbook can hold any character (`_x0001_` in a cell is the control character U+0001,
and calamine reads it so), and a report must stay well-formed whatever it holds: a control
character makes JUnit XML invalid and the Excel action plan unreadable, a carriage return
ends a Markdown table row, a bidi override reorders the words around it on screen. So
`visible` (applied to every string of every report context, csp_audit/report/context.py)
shows each control character as its Unicode control picture (U+0001 as `␁`) and each bidi
or other invisible format control as `[U+202E]`, keeping tabs and line breaks (a CR or
CRLF becomes LF). The format functions below then do what only their format needs.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u2028\u2029\ufeff\ufff9-\ufffb\ud800-\udfff\ufffe\uffff]")
_NEWLINES = re.compile("\r\n?")


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return f"[U+{code:04X}]"


def visible(text: str) -> str:
    """`text` with every control and bidi character made visible and CR/CRLF as LF."""
    if "\r" in text:
        text = _NEWLINES.sub("\n", text)
    return _CONTROL.sub(_shown, text) if _CONTROL.search(text) else text


_ESCAPED_IN_JSON = re.compile(rb"\\[bfru]")
_SHOWN_AS_THEMSELVES = frozenset(
    "\x7f\u061c\u200e\u200f\u2028\u2029\ufeff\ufffe\uffff"
    + "".join(map(chr, (*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A),
                        *range(0xFFF9, 0xFFFC)))))
_ASCII = bytes(range(0x80))


def _cleaning_shows(written: bytes) -> bool:
    """Whether `visible` would change a string of a context orjson wrote as `written`: a
    control character below U+0020 (CR among them) is escaped there (`\\u0001`, `\\r`,
    `\\b`, `\\f`), the others it changes stand as themselves, and a lone surrogate orjson
    refuses. A typed backslash before b, f, r or u says yes too: that only costs time."""
    if b"\\" in written and _ESCAPED_IN_JSON.search(written):
        return True
    if b"\x7f" in written:
        return True
    # NOTE: without its ASCII bytes, UTF-8 is still whole characters: the few others.
    return not written.isascii() and not _SHOWN_AS_THEMSELVES.isdisjoint(
        written.translate(None, _ASCII).decode())


def visible_all(value: Any) -> Any:
    """`visible` applied to every string in a context (dicts, lists, strings).

    Nearly every context holds nothing to clean, and walking it in Python cost a report or
    check a seventh of its time: so the context is written by orjson (C) and searched once,
    and given back as it is when nothing in it would change; otherwise it is rebuilt with
    each string cleaned, as before, a dict or list held in two places (a report's areas
    hold the findings list's very dicts) cleaned once and still shared."""
    try:
        written = orjson.dumps(value)
    except orjson.JSONEncodeError:
        return _visible_each(value, {})
    return _visible_each(value, {}) if _cleaning_shows(written) else value


def _visible_each(value: Any, cleaned: dict[int, Any]) -> Any:
    """`cleaned`: each dict and list already cleaned, by id (all alive in `value`)."""
    if isinstance(value, str):
        return visible(value)
    if not isinstance(value, dict | list):
        return value
    done = cleaned.get(id(value))
    if done is None:
        done = cleaned[id(value)] = (
            {key: _visible_each(item, cleaned) for key, item in value.items()}
            if isinstance(value, dict) else [_visible_each(item, cleaned) for item in value])
    return done


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """For XML 1.0 (JUnit): only the characters XML allows (the rest made visible)."""
    text = visible(text)
    return _NOT_XML.sub("\ufffd", text) if _NOT_XML.search(text) else text


EXCEL_CELL_CHARS = 32_767
"""Excel's limit on the characters of one cell."""
EXCEL_HEADER_CHARS = 255
"""Excel's limit on a page header or footer, its codes included."""


def excel_cell(text: str, limit: int = EXCEL_CELL_CHARS) -> str:
    """For a cell of an Excel workbook: visible, and at most `limit` characters, the cut
    said in the cell."""
    text = visible(text)
    if len(text) <= limit:
        return text
    cut = limit - 100
    return f"{text[:cut]} … ({len(text) - cut:,} more characters: see the HTML report)"


def excel_header(text: str, room: int = EXCEL_HEADER_CHARS) -> str:
    """For a page header or footer section: one line, `&` doubled (a single `&` starts an
    Excel code such as `&P`), and cut to `room` characters with its codes."""
    text = " ".join(visible(text).split())
    out = ""
    for char in text:
        piece = "&&" if char == "&" else char
        if len(out) + len(piece) > room - 1:
            return out + "…"
        out += piece
    return out


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")
_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x85\u2028\u2029]+")


def markdown_text(text: str) -> str:
    """For Markdown (a table cell or a list item): on one line, and the punctuation
    Markdown acts on (`|`, `*`, `[`, `<` ...) backslash-escaped, so text shows as typed and
    never ends a table cell or starts a link."""
    text = _LINE_BREAKS.sub(" ", visible(text))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


PDF_TEXT_CHARS = 2_000
"""Characters of one text the PDF shows; the HTML report has the whole text."""


def pdf_text(text: str, limit: int = PDF_TEXT_CHARS) -> str:
    """For the PDF: at most `limit` characters, the cut said; WeasyPrint's time grows
    faster than the text (a 32,767-character title took minutes), a committee paper needs
    no more, and the HTML report keeps the whole."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]} … ({len(text) - limit:,} more characters in the HTML report)"


def pdf_all(value: Any) -> Any:
    """`pdf_text` applied to every string of a context."""
    if isinstance(value, str):
        return pdf_text(value)
    if isinstance(value, dict):
        return {key: pdf_all(item) for key, item in value.items()}
    if isinstance(value, list):
        return [pdf_all(item) for item in value]
    return value
