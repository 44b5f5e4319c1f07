"""Checking an .xlsx file's zip and XML before calamine parses any of it.

calamine is fast but trusts its input: a sheet that names a cell at XFD1048576 makes it
allocate half a terabyte and abort the process, and a zip part may inflate far beyond what
its header declares. So, before calamine opens the file, the zip's central directory is
checked against `csp_audit.workbook.limits`, every part is inflated here counting its bytes, every
XML part's prolog is parsed with defusedxml (no DTD, no entities: no "billion laughs", no
external entities), and every worksheet's cell references are bounded. The same pass finds
the cells calamine reads as blank though they are not: formula errors (#REF!, #N/A) and
formulas with no saved result.

Bounding the references is done in two steps (issue 17): one byte-level search per chunk for
any reference outside the box A1:AX99999, which sits inside every limit, and one count of the
cells and of those whose tag opens with its reference (`<c r="B7"`, as every writer puts
it); only a sheet where that finds a reference outside the box (or a cell it cannot count)
is scanned again cell by cell, and that careful scan alone words a refusal, so every message
is what the cell-by-cell scan says.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import defusedxml
from defusedxml.ElementTree import DefusedXMLParser, ParseError, fromstring

from csp_audit.workbook import formats, limits
from csp_audit.workbook.formulas import FormulaCell, column_number, formula_cells
from csp_audit.workbook.limits import MB

_CHUNK = 1 << 20
_OVERLAP = 64
_XML_STARTS = (b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00<")
_CELL_REF = re.compile(rb'\sr="([A-Z]{1,4})([0-9]{1,8})"')
BOX_ROWS = 99_999
BOX_COLUMNS = 50
"""The box A1:AX99999: a sheet whose references all lie in it breaks no limit (its rows,
columns and rows x columns are all within them), so it needs no cell-by-cell scan."""
_BEYOND_BOX = re.compile(rb'r="(?:[A-Z]{3}|[B-Z][A-Z]|A[YZ]|[A-Z]{1,4}0*[1-9][0-9]{5})')
"""Any reference right of column AX (three letters, or two past AX) or below row 99,999 (six
significant digits); also found where `_CELL_REF` would not match, which costs only a
careful scan."""
_CELL_TAG = re.compile(rb'<c(?:( )r="[A-Z]{1,4}[0-9]{1,8}"| |>|/>)')
"""A cell's start tag, `<c ...>`, `<c>` or `<c/>`, its group a space when the tag opens with
a `_CELL_REF` (the common case): one search counts the cells and those references (no
match holds another's start, so the cells are counted as three counts of the tags would)."""
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
_FORMULA_TAG = re.compile(rb"<f(?:>| |/>)")
_SHARED_REF = re.compile(rb'<c\b[^>]*?\bt="s"[^>]*>\s*<v>\s*(\d+)\s*</v>')
_SHARED_STRING = re.compile(rb"<si\b.*?</si>", re.S)
SHARED_STRINGS = "xl/sharedStrings.xml"


class Refused(Exception):
    """The file breaks a limit or holds something unsafe; `message` says what, in one line."""

    def __init__(self, message: str, sheet: str | None = None, cell: str | None = None):
        self.message, self.sheet, self.cell = message, sheet, cell
        super().__init__(message)


@dataclass
class Inspection:
    """What the checks found that calamine will not say: formula cells, by sheet name."""

    formula_cells: dict[str, dict[tuple[int, int], FormulaCell]] = field(default_factory=dict)
    shared_sizes: list[int] = field(default_factory=list)
    """The size in bytes of each shared string, by index: what one reference to it costs."""
    date1904: bool = False
    """Serial day numbers count from 1904 (xl/workbook.xml's date1904)."""
    month_year_cells: dict[str, frozenset[tuple[int, int]]] = field(default_factory=dict)
    """Cells formatted to show only a month and a year, by sheet name."""
    hidden: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=dict)
    """Hidden rows (1-based) and columns (0-based), by sheet name."""


def inspect_xlsx(path: Path, careful: bool = False) -> Inspection:
    """Check the .xlsx at `path` against every limit; raise `Refused` at the first breach.
    `careful` scans every sheet's references cell by cell, as the fast search falls back to
    (the tests compare the two)."""
    check_size(path.stat().st_size)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused("is damaged or truncated: the zip archive inside an .xlsx cannot be "
                      "opened") from None
    check_directory(infos)
    inspection = Inspection()
    with path.open("rb") as raw:
        sheets = _sheet_parts(raw, infos, inspection)
        by_name = {info.filename: info for info in infos}
        styles = formats.month_year_styles(_small_xml(raw, by_name.get("xl/styles.xml")))
        shared = by_name.get(SHARED_STRINGS)
        if shared is not None:
            inspection.shared_sizes = shared_string_sizes(raw, shared)
        for info in infos:
            _scan_part(raw, info, sheets.get(info.filename), inspection, styles, careful)
    return inspection


def check_size(size: int) -> None:
    """The file's own size, checked before it is opened as a zip."""
    if size > limits.MAX_FILE_BYTES:
        raise Refused(f"is {size / MB:.0f} MB; at most {limits.MAX_FILE_BYTES // MB} MB is "
                      "read (a partnership workbook is usually well under 1 MB)")


def check_directory(infos: list[zipfile.ZipInfo]) -> None:
    """The zip's central directory against the limits, before anything is inflated."""
    if len(infos) > limits.MAX_ZIP_MEMBERS:
        raise Refused(f"is a zip of {len(infos):,} parts; a workbook has at most "
                      f"{limits.MAX_ZIP_MEMBERS:,}")
    names: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if name in names:
            raise Refused(f"holds the part {name} twice; the zip has been tampered with")
        names.add(name)
        if info.flag_bits & 0x1:
            raise Refused("is a password-protected (encrypted) zip; save it unprotected as "
                          "an Excel Workbook (.xlsx)")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Refused(f"part {name} uses a compression method Excel does not write "
                          f"({info.compress_type}); save it again from Excel")
        if info.file_size > limits.MAX_MEMBER_BYTES:
            raise Refused(f"part {name} inflates to {info.file_size / MB:,.0f} MB; at most "
                          f"{limits.MAX_MEMBER_BYTES // MB} MB per part is read (a zip bomb?)")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.RATIO_FLOOR_BYTES and ratio > limits.MAX_COMPRESSION_RATIO:
            raise Refused(f"part {name} inflates {ratio:,.0f} times; at most "
                          f"{limits.MAX_COMPRESSION_RATIO} times is read (a zip bomb?)")
        total += info.file_size
    if total > limits.MAX_TOTAL_BYTES:
        raise Refused(f"inflates to {total / MB:,.0f} MB in all; at most "
                      f"{limits.MAX_TOTAL_BYTES // MB} MB is read (a zip bomb?)")


def inflate(raw: BinaryIO, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part's bytes in chunks, refusing a part that inflates beyond its declared size
    (the central directory can lie; calamine would believe the data)."""
    damaged = Refused(f"is damaged: part {info.filename} cannot be inflated")
    if info.header_offset < 0:
        # NOTE: a damaged central directory can give a negative offset; seek would raise.
        raise damaged
    raw.seek(info.header_offset)
    header = raw.read(30)
    if len(header) < 30 or not header.startswith(b"PK\x03\x04"):
        raise damaged
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    raw.seek(info.header_offset + 30 + name_length + extra_length)
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    left, produced = info.compress_size, 0
    while left > 0 or (inflater is not None and inflater.unconsumed_tail):
        data = inflater.unconsumed_tail if inflater and inflater.unconsumed_tail else b""
        if not data:
            data = raw.read(min(_CHUNK, left))
            if not data:
                raise damaged
            left -= len(data)
        try:
            out = inflater.decompress(data, _CHUNK) if inflater else data
        except zlib.error:
            raise damaged from None
        produced += len(out)
        if produced > info.file_size:
            raise Refused(f"part {info.filename} inflates to more than the "
                          f"{info.file_size:,} bytes its zip header declares (a zip bomb?)")
        if out:
            yield out
    if produced != info.file_size:
        raise damaged


def _sheet_parts(raw: BinaryIO, infos: list[zipfile.ZipInfo],
                 inspection: Inspection) -> dict[str, str]:
    """Worksheet part name -> sheet name, from xl/workbook.xml and its relationships (and
    the workbook's date system, noted in `inspection`)."""
    by_name = {info.filename: info for info in infos}
    workbook = _small_xml(raw, by_name.get("xl/workbook.xml"))
    inspection.date1904 = formats.is_date1904(workbook)
    rels = _small_xml(raw, by_name.get("xl/_rels/workbook.xml.rels"))
    if workbook is None or rels is None:
        return {}
    targets = {}
    for relation in rels.iter():
        target, ident = relation.get("Target"), relation.get("Id")
        if target and ident:
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[ident] = posixpath.normpath(path)
    parts = {}
    for sheet in workbook.iter():
        if not sheet.tag.endswith("}sheet") and sheet.tag != "sheet":
            continue
        ident = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        if ident in targets and sheet.get("name"):
            parts[targets[ident]] = sheet.get("name")
    return parts


def _small_xml(raw: BinaryIO, info: zipfile.ZipInfo | None):  # noqa: ANN202 - an Element
    if info is None:
        return None
    if info.file_size > limits.MAX_PARSED_PART_BYTES:
        raise Refused(f"part {info.filename} is {info.file_size / MB:,.0f} MB; at most "
                      f"{limits.MAX_PARSED_PART_BYTES // MB} MB is read")
    data = b"".join(inflate(raw, info))
    try:
        return fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException:
        raise _unsafe(info.filename) from None
    except ParseError:
        return None


def _unsafe(part: str, sheet: str | None = None) -> Refused:
    return Refused(f"part {part} declares a DTD or XML entities, which a workbook never "
                   "needs (an entity bomb or external entity?); refused unread", sheet)


class _RootReached(Exception):
    """The prolog is over: no DTD can follow the first start tag."""


class _StopAtRoot:
    def start(self, tag: str, attrib: dict[str, str]) -> None:
        raise _RootReached

    def end(self, tag: str) -> None:
        """Never reached: parsing stops at the first start tag."""

    def data(self, text: str) -> None:
        """Text before the root is whitespace; nothing to keep."""

    def close(self) -> None:
        """Nothing was built."""


@dataclass
class _SheetScan:
    cell_tags: int = 0
    opening_refs: int = 0
    """Cell tags opening with a reference: no more than the careful scan's `refs`."""
    beyond_box: bool = False
    scanned_cells: bool = False
    """The careful scan ran: `refs`, `last_row` and `last_column` hold what it found."""
    refs: int = 0
    last_row: tuple[int, str] = (0, "")
    last_column: tuple[int, str] = (0, "")
    has_formulas: bool = False
    has_hidden: bool = False
    has_month_year: bool = False
    shared_bytes: int = 0
    """Bytes of the shared strings the sheet's cells refer to, counted once per reference:
    what reading the sheet expands them to."""


def shared_string_sizes(raw: BinaryIO, info: zipfile.ZipInfo) -> list[int]:
    """The size of each `<si>` of the shared strings part, streamed (a string may span
    chunks: the unfinished end of one chunk is kept for the next)."""
    sizes: list[int] = []
    rest = b""
    for chunk in inflate(raw, info):
        buffer = rest + chunk
        end = 0
        for match in _SHARED_STRING.finditer(buffer):
            sizes.append(match.end() - match.start())
            end = match.end()
        rest = buffer[end:]
        if len(rest) > limits.MAX_CELL_CHARS * 8 + _CHUNK:
            raise Refused(f"part {info.filename} holds a shared string longer than a cell "
                          "may be; open and save it in Excel")
    return sizes


def _scan_part(raw: BinaryIO, info: zipfile.ZipInfo, sheet: str | None,
               inspection: Inspection, styles: frozenset[int] = frozenset(),
               careful: bool = False) -> None:
    """Inflate one part: its XML prolog checked, and (for a worksheet) its extent bounded,
    cell by cell when the fast search finds a reference outside the box (or `careful`);
    a sheet with formulas, hidden rows or month-and-year cells is inflated once more to
    find them (into `inspection`)."""
    shared_sizes = inspection.shared_sizes
    marks = formats.style_marks(styles)
    prolog: DefusedXMLParser | None = None
    is_sheet = sheet is not None or (info.filename.startswith("xl/worksheets/")
                                     and info.filename.endswith(".xml"))
    scan = _SheetScan()
    tail = b""
    is_xml = False
    for index, chunk in enumerate(inflate(raw, info)):
        if index == 0 and chunk.startswith(_XML_STARTS):
            is_xml = True
            prolog = DefusedXMLParser(target=_StopAtRoot(), forbid_dtd=True)
        if prolog is not None:
            prolog = _feed_prolog(prolog, chunk, info.filename, sheet)
        buffer = tail + chunk
        if is_xml and _DECLARATION.search(buffer) is not None:
            raise _unsafe(info.filename, sheet)
        if is_sheet:
            _count_sheet_chunk(scan, buffer, tail)
            scan.has_hidden = scan.has_hidden or formats.HIDDEN.search(buffer) is not None
            scan.has_month_year = scan.has_month_year or any(m in buffer for m in marks)
            if shared_sizes:
                scan.shared_bytes += (_shared_cost(buffer, shared_sizes)
                                      - _shared_cost(tail, shared_sizes))
        tail = buffer[-_OVERLAP:]
    if not is_sheet:
        return
    if careful or scan.beyond_box or scan.opening_refs < scan.cell_tags:
        _scan_cells(scan, inflate(raw, info))
    _check_extent(scan, sheet or info.filename)
    if sheet is None or not (scan.has_formulas or scan.has_hidden or scan.has_month_year):
        return
    xml = b"".join(inflate(raw, info))
    if scan.has_formulas and (cells := formula_cells(xml)):
        inspection.formula_cells[sheet] = cells
    if scan.has_hidden:
        inspection.hidden[sheet] = formats.hidden_rows_columns(xml)
    if scan.has_month_year:
        inspection.month_year_cells[sheet] = formats.styled_cells(xml, styles)


def _feed_prolog(parser: DefusedXMLParser, chunk: bytes, part: str,
                 sheet: str | None) -> DefusedXMLParser | None:
    """Feed the prolog parser; None once the root element starts (or the XML is broken,
    which calamine will report)."""
    try:
        parser.feed(chunk)
    except _RootReached:
        return None
    except defusedxml.DefusedXmlException:
        raise _unsafe(part, sheet) from None
    except ParseError:
        return None
    return parser


def _count_sheet_chunk(scan: _SheetScan, buffer: bytes, tail: bytes) -> None:
    """The fast step: cells and their opening references counted, one search beyond the
    box."""
    tags, tail_tags = _CELL_TAG.findall(buffer), _CELL_TAG.findall(tail)
    scan.cell_tags += len(tags) - len(tail_tags)
    scan.opening_refs += tags.count(b" ") - tail_tags.count(b" ")
    if not scan.beyond_box and _BEYOND_BOX.search(buffer) is not None:
        scan.beyond_box = True
    if not scan.has_formulas and (b't="e"' in buffer
                                  or _FORMULA_TAG.search(buffer) is not None):
        scan.has_formulas = True


def _scan_cells(scan: _SheetScan, chunks: Iterator[bytes]) -> None:
    """The careful step: every reference's row and column, in the fast step's chunks."""
    scan.scanned_cells = True
    tail = b""
    for chunk in chunks:
        buffer = tail + chunk
        refs = _CELL_REF.findall(buffer)
        scan.refs += len(refs) - len(_CELL_REF.findall(tail))
        tail = buffer[-_OVERLAP:]
        if not refs:
            continue
        row = max(refs, key=lambda ref: int(ref[1]))
        if int(row[1]) > scan.last_row[0]:
            scan.last_row = (int(row[1]), (row[0] + row[1]).decode())
        for letters in {ref[0] for ref in refs}:
            number = column_number(letters.decode())
            if number > scan.last_column[0]:
                scan.last_column = (number, letters.decode())


def _shared_cost(buffer: bytes, sizes: list[int]) -> int:
    if b't="s"' not in buffer:
        return 0
    return sum(sizes[int(i)] if int(i) < len(sizes) else 0
               for i in _SHARED_REF.findall(buffer))


def _check_extent(scan: _SheetScan, sheet: str) -> None:
    if scan.shared_bytes > limits.MAX_SHARED_EXPANSION_BYTES:
        raise Refused(f"the sheet's cells repeat its shared text {scan.shared_bytes / MB:,.0f} "
                      f"MB in all; at most {limits.MAX_SHARED_EXPANSION_BYTES // MB} MB is "
                      "read per sheet (the same long text in very many cells?)", sheet)
    if not scan.scanned_cells:
        return
    last_row, row_ref = scan.last_row
    columns, letters = scan.last_column
    if scan.refs < scan.cell_tags:
        raise Refused("has cells without a cell reference, which Excel always writes; open "
                      "and save it in Excel", sheet)
    if last_row > limits.MAX_ROWS_PER_SHEET:
        raise Refused(f"the sheet uses rows down to {last_row:,}; at most "
                      f"{limits.MAX_ROWS_PER_SHEET:,} rows are read: delete anything below "
                      "the table", sheet, row_ref)
    if columns > limits.MAX_COLUMNS_PER_SHEET:
        raise Refused(f"the sheet uses columns up to {letters}; at most "
                      f"{limits.MAX_COLUMNS_PER_SHEET} (A to ZZ) are read: delete anything "
                      "right of the table", sheet, f"{letters}1")
    if last_row * columns > limits.MAX_CELLS_PER_SHEET:
        raise Refused(f"the sheet's used area is {last_row:,} rows by {columns:,} columns; at "
                      f"most {limits.MAX_CELLS_PER_SHEET:,} cells are read: delete anything "
                      "outside the table", sheet, f"{letters}{last_row}")


