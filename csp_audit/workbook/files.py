"""Is this file a workbook? What a path is (an .xlsx, an .ods, a folder of CSV files, or
something else: a lock file, a password-protected or old .xls, a text file, a device) is
told apart before any sheet is read, so each refusal names what the file really is."""

from __future__ import annotations

import hashlib
import stat
import zipfile
from pathlib import Path

from csp_audit.model.errors import Problem
from csp_audit.workbook.guard import (
    Refused,
    check_size,
)
from csp_audit.workbook.sources import csv_files, is_ods

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LOCK_PREFIX = "~$"
_CALC_LOCK_PREFIX = ".~lock."
_CALC_LOCK_SUFFIX = "#"
_LOCK_FILE_MAX_BYTES = 4096
"""Excel's owner file is 165 bytes (the user's name, twice), LibreOffice's `.~lock.NAME#` a
line of text; a real workbook is a zip."""
SAVE_AS_XLSX = ("save it as an Excel Workbook (.xlsx) from Excel, or as Excel 2007-365 "
                "(.xlsx) or ODF Spreadsheet (.ods) from LibreOffice Calc")
class NotAWorkbook(Exception):
    """The file cannot be read as an .xlsx workbook; `problem` says why in one line."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def sha256_of(path: Path) -> str:
    """The file's sha256, recorded with an import; '' when it cannot be read."""
    digest = hashlib.sha256()
    if not_a_regular_file(path):
        return ""
    try:
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


def refuse(path: Path, message: str) -> NotAWorkbook:
    return NotAWorkbook(Problem(file=str(path), message=message))


def is_excel_lock_file(path: Path) -> bool:
    """True for the owner file `~$name.xlsx` Excel writes beside a workbook it has open, or
    LibreOffice's `.~lock.name.xlsx#`: small, not a zip, so `load *.xlsx` (or a folder of
    CSV files) picks it up while someone edits a workbook."""
    if lock_target(path) is None:
        return False
    try:
        if not path.is_file() or path.stat().st_size > _LOCK_FILE_MAX_BYTES:
            return False
        with path.open("rb") as stream:
            return not stream.read(4).startswith(_ZIP_MAGIC)
    except OSError:
        return False


def lock_target(path: Path) -> Path | None:
    """The workbook a lock file's name stands for (Excel's or LibreOffice's), else None."""
    name = path.name
    if name.startswith(_LOCK_PREFIX) and len(name) > len(_LOCK_PREFIX):
        return path.with_name(name[len(_LOCK_PREFIX):])
    if name.startswith(_CALC_LOCK_PREFIX) and name.endswith(_CALC_LOCK_SUFFIX) and len(
            name) > len(_CALC_LOCK_PREFIX) + 1:
        return path.with_name(name[len(_CALC_LOCK_PREFIX):-1])
    return None


def lock_beside(path: Path) -> Path | None:
    """The lock file Excel or LibreOffice keeps beside `path` while it is open, if any
    (none beside a path with no name of its own, such as `.` or `/`)."""
    if not path.name:
        return None
    for lock in (path.with_name(_LOCK_PREFIX + path.name),
                 path.with_name(f"{_CALC_LOCK_PREFIX}{path.name}{_CALC_LOCK_SUFFIX}")):
        if is_excel_lock_file(lock):
            return lock
    return None


def lock_file_message(path: Path) -> str:
    """What a lock file is, naming the workbook it stands for; a stale one may go."""
    workbook = lock_target(path) or path
    program = "LibreOffice" if path.name.startswith(_CALC_LOCK_PREFIX) else "Excel"
    message = (f"is the lock file {program} keeps while {workbook.name} is open; it is not "
               "a workbook")
    if not workbook.exists():
        message += (f" ({workbook.name} is not beside it, so {program} left it behind: it "
                    "can be deleted)")
    return message


def not_a_regular_file(path: Path) -> str | None:
    """What `path` is when it is not a regular file (a device, a FIFO, a pipe, a socket),
    in words; None for a regular file, a folder or nothing at all. Asked before the file is
    opened: /dev/zero never ends, and opening a FIFO blocks until someone writes to it."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a pipe or FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket" if stat.S_ISSOCK(mode) else "not a regular file"


def check_is_workbook(path: Path) -> str:
    """What `path` is, `xlsx`, `ods` or `csv` (a folder of CSV files, one per sheet); raise
    `NotAWorkbook` when it is none of them."""
    if not path.exists():
        raise refuse(path, "file not found")
    if path.is_dir():
        if csv_files(path):
            return "csv"
        raise refuse(path, "is a directory holding no CSV files; a folder is read as one "
                      "workbook when it holds one CSV file per sheet (Partnership.csv, "
                      "Members.csv, Meetings.csv, ...)")
    special = not_a_regular_file(path)
    if special:
        raise refuse(path, f"is {special}, not a workbook file; only regular files are "
                      "read: save the workbook to a file and give its path")
    if is_excel_lock_file(path):
        raise refuse(path, lock_file_message(path))
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except OSError as error:
        raise refuse(path, f"cannot be read: {error.strerror or error}") from None
    if not head:
        raise refuse(path, "is empty (0 bytes), not an .xlsx workbook")
    if head.startswith(_OLE_MAGIC):
        raise refuse(path, _what_ole_file_is(path))
    if not head.startswith(_ZIP_MAGIC):
        if _looks_like_text(path):
            raise refuse(path, "is a text file (CSV?), not an .xlsx workbook; put one CSV "
                          "file per sheet (Partnership.csv, Members.csv, Meetings.csv, ...) in a "
                          f"folder and give the folder, or {SAVE_AS_XLSX}")
        raise refuse(path, f"is not a zip file, not an .xlsx workbook; {SAVE_AS_XLSX}")
    try:
        check_size(path.stat().st_size)
    except Refused as refusal:
        raise refuse(path, refusal.message) from None
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refuse(path, "is damaged or truncated: the zip archive inside an .xlsx "
                      "cannot be opened") from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if is_ods(names, path):
        return "ods"
    raise refuse(path, _what_zip_holds(names))


_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
"""The stream an Office file encrypted with a password to open holds; an .xls has none."""
def _what_ole_file_is(path: Path) -> str:
    """An OLE compound file is an .xlsx encrypted with a password (its EncryptionInfo
    stream gives it away) or an old Excel 97-2003 .xls: each needs its own remedy."""
    tail = b""
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            if _ENCRYPTION_INFO in tail + block:
                return ("is password-protected (encrypted with a password to open it), so "
                        "it cannot be read; in Excel clear the password (File > Info > "
                        "Protect Workbook > Encrypt with Password) and save it, or save an "
                        "unprotected copy as an Excel Workbook (.xlsx)")
            tail = block[-len(_ENCRYPTION_INFO):]
    return ("is an old Excel 97-2003 workbook (.xls), not an .xlsx workbook; open it and "
            f"{SAVE_AS_XLSX}")


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as stream:
        sample = stream.read(4096)
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return b"\x00" not in sample
    return True


def _what_zip_holds(names: set[str]) -> str:
    if "content.xml" in names and "mimetype" in names:
        return (f"is an OpenDocument file that is not a spreadsheet (a text document?); "
                f"{SAVE_AS_XLSX}")
    if "word/document.xml" in names:
        return "is a Word document, not an .xlsx workbook"
    if "xl/workbook.bin" in names:
        return ("is an Excel Binary Workbook (.xlsb), not an .xlsx workbook; save it from "
                "Excel as an Excel Workbook (.xlsx)")
    if "ppt/presentation.xml" in names:
        return "is a PowerPoint file, not an .xlsx workbook"
    return "is a zip archive that holds no Excel workbook (no xl/workbook.xml)"


