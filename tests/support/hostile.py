"""Builders for hostile and broken workbooks: each writes one file into a folder and
returns its path. Nothing here is committed as a binary; every file is made on demand.

Most start from the small valid workbook of `builders` and change one thing: its bytes,
one zip part's XML, or the zip itself (`rezip`, `raw_zip` for what zipfile will not write).
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from support.builders import minimal_workbook_sheets, write_workbook

SHEET1 = "xl/worksheets/sheet1.xml"
"""The Partnership sheet of the minimal workbook (openpyxl writes sheets in order)."""
MEETINGS = "xl/worksheets/sheet3.xml"
SHARED_STRINGS = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
                  b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&lol9;</t></si>'
                  b"</sst>")
"""openpyxl writes strings inline; this is the part Excel would add, for the tests that
need one (a change to a part the workbook lacks starts from it)."""

LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else
                                                    b"&lol;") * 10) for i in range(1, 10))
          + b"]>")
XXE = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')


def valid(folder: Path, name: str = "valid.xlsx") -> Path:
    return write_workbook(folder / name, minimal_workbook_sheets())


def parts_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(path: Path, parts: dict[str, bytes],
          method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def with_part(folder: Path, name: str, part: str,
              change: Callable[[bytes], bytes]) -> Path:
    """The minimal workbook with one part's bytes changed."""
    return change_part(valid(folder, f"base-{name}"), folder / name, part, change)


def change_part(source: Path, target: Path, part: str,
                change: Callable[[bytes], bytes]) -> Path:
    """A copy of the workbook at `source` with one part's bytes changed."""
    parts = parts_of(source)
    parts[part] = change(parts.get(part, SHARED_STRINGS))
    return rezip(target, parts)


def error_cell(xml: bytes, cell: str, error: str) -> bytes:
    """The sheet XML with `cell` holding a formula whose saved result is `error`, as Excel
    writes it."""
    replaced, count = re.subn(rb'<c r="%s"[^>]*?(?:/>|>.*?</c>)' % cell.encode(),
                              b'<c r="%s" t="e"><f>1/0</f><v>%s</v></c>'
                              % (cell.encode(), error.encode()), xml, flags=re.S)
    if count:
        return replaced
    return xml.replace(b"</row>", b'<c r="%s" t="e"><f>1/0</f><v>%s</v></c></row>'
                       % (cell.encode(), error.encode()), 1)


def raw_zip(path: Path, parts: dict[str, bytes], lie: dict[str, int] | None = None,
            flags: int = 0) -> Path:
    """A zip written by hand, deflated, so a part's declared size (and CRC, of that many
    bytes) can be a lie, and flag bits (0x1: encrypted) can be set."""
    lie = lie or {}
    body, directory = b"", b""
    for name, data in parts.items():
        deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed = deflater.compress(data) + deflater.flush()
        size = lie.get(name, len(data))
        crc = zlib.crc32(data[:size])
        encoded = name.encode()
        fields = (20, flags, 8, 0, 0, crc, len(packed), size, len(encoded))
        local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", *fields, 0)
        directory += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, *fields, 0, 0,
                                 0, 0, 0, len(body)) + encoded
        body += local + encoded + packed
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(parts), len(parts),
                      len(directory), len(body), 0)
    path.write_bytes(body + directory + end)
    return path


_SHEET_HEAD = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
               b'spreadsheetml/2006/main"><sheetData>')
_SHEET_TAIL = b"</sheetData></worksheet>"


def big_sheet_xml(inflated: int) -> bytes:
    """A worksheet whose XML is `inflated` bytes, nearly all whitespace inside sheetData."""
    return _SHEET_HEAD + b" " * (inflated - len(_SHEET_HEAD) - len(_SHEET_TAIL)) + _SHEET_TAIL


def deflated_bomb(path: Path, inflated: int) -> Path:
    """The minimal workbook whose Meetings sheet inflates to `inflated` bytes, streamed
    into the zip a megabyte at a time so building it never holds the whole."""
    parts = parts_of(valid(path.parent, f"base-{path.name}"))
    piece = b" " * (1 << 20)
    filler = inflated - len(_SHEET_HEAD) - len(_SHEET_TAIL)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name != MEETINGS:
                archive.writestr(name, data)
        with archive.open(MEETINGS, "w", force_zip64=True) as stream:
            stream.write(_SHEET_HEAD)
            for _ in range(filler >> 20):
                stream.write(piece)
            stream.write(piece[: filler & ((1 << 20) - 1)] + _SHEET_TAIL)
    return path


def sheets_workbook(path: Path, change: Callable[[Workbook], None]) -> Path:
    """The minimal workbook built with openpyxl and changed before it is saved."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in minimal_workbook_sheets().items():
        sheet = workbook.create_sheet(title=name)
        for row in rows:
            sheet.append(list(row))
    change(workbook)
    workbook.save(path)
    return path


def agenda_rows(count: int) -> list[list[object]]:
    """`count` agenda items spread over the minimal workbook's two board meetings."""
    return [["B-2024-06" if index % 2 else "B-2024-09", f"Item {index}", "performance", "no"]
            for index in range(count)]


def many_rows(path: Path, count: int) -> Path:
    sheets = minimal_workbook_sheets()
    sheets["Agenda"].extend(agenda_rows(count))
    workbook = Workbook(write_only=True)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(title=name)
        for row in rows:
            sheet.append(list(row))
    workbook.save(path)
    return path
