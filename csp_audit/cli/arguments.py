"""The options' checks the commands share: each value parsed, or refused with exit 2
before any work (`fail`), with a warning or a note on stderr where a value is taken but
could be misread.

Kept out of `app.py` so the module holding the commands stays short; like it, this imports
the heavy libraries only inside the functions that need them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from csp_audit.cli.printing import echo, fail, report_input_error
from csp_audit.model.errors import InputError

if TYPE_CHECKING:
    from csp_audit.rules.checklists import Library


def read_checklists(folders: list[Path] | None, outcome: str) -> Library:
    """The shipped checklists and the user's --checklists folders, or exit 2 listing every
    problem in them."""
    from csp_audit.rules.checklists import Library

    try:
        return Library(folders or ())
    except InputError as error:
        raise report_input_error(error, outcome) from None


def parse_as_of(text: str | None) -> date | None:
    """--as-of in any form a workbook date cell accepts (31/03/2025, 2025-03-31...)."""
    if text is None:
        return None
    from csp_audit.workbook.cells import DATE_EXPECTED, CellError, parse_date

    try:
        day = parse_date(text)
    except CellError as error:
        detail = f"{error.detail}; " if error.detail else ""
        raise fail(f"error: --as-of {text!r} is not a date ({detail}expected "
                   f"{error.expected})") from None
    if day is None:
        raise fail(f"error: --as-of is blank (expected {DATE_EXPECTED})")
    today = date.today()
    if day > today:
        from csp_audit.model.periods import long_date

        raise fail(f"error: --as-of {long_date(day)} is after today ({long_date(today)}): "
                   "an audit is made as of a day that has come, or every deadline still "
                   "ahead would count as missed")
    return day


def note_single_year(year: str | None) -> None:
    """`--year 2024` is the year that starts in 2024 (2024-25 for an April year), which some
    would read as 2023-24: say on stderr which year it is, so the output is not misread."""
    text = (year or "").strip()
    if not (len(text) == 4 and text.isdigit()):
        return
    first = int(text)
    echo(f"note: --year {first} is each partnership's reporting year that starts in "
               f"{first}: {first}-{(first + 1) % 100:02d} (1 April {first} to 31 March "
               f"{first + 1}) for a year from April, {first} for a calendar year; for April "
               f"{first - 1} to March {first} write --year {first - 1}-{first % 100:02d}",
               err=True)


def choice(option: str, value: str, choices: tuple[str, ...]) -> str:
    """An option's value matched to its choices ignoring case (RED is red)."""
    from csp_audit.model.errors import did_you_mean

    folded = value.strip().casefold()
    if folded not in choices:
        raise fail(f"error: {option} {value!r}: choose {', '.join(choices[:-1])} or "
                   f"{choices[-1]}{did_you_mean(value, choices)}")
    return folded


def workbooks_to_read(workbooks: list[Path]) -> list[Path]:
    """The workbooks given, each once, less Excel's and LibreOffice's lock files
    (`~$name.xlsx`, `.~lock.name.xlsx#`, written beside a workbook while it is open), each
    skipped with a warning, so `load *.xlsx` works
    while someone edits one; when nothing else was given they stay, to be refused for what
    they are."""
    from csp_audit.workbook.files import is_excel_lock_file, lock_beside, lock_file_message

    once: dict[Path, Path] = {}
    for path in workbooks:
        if once.setdefault(path.resolve(), path) is not path:
            echo(f"warning: {path} is given twice; it is read once", err=True)
    workbooks = list(once.values())
    locks = {path for path in workbooks if is_excel_lock_file(path)}
    rest = [path for path in workbooks if path not in locks]
    for path in rest:
        lock = lock_beside(path)
        if lock is not None:
            program = "Excel" if lock.name.startswith("~$") else "LibreOffice"
            echo(f"warning: {path} may be open in {program} ({lock.name} is beside it): "
                 "what is read is the workbook as last saved, without changes not yet "
                       "saved there", err=True)
    if not locks or not rest:
        return workbooks
    for path in sorted(locks, key=workbooks.index):
        echo(f"warning: {path}: {lock_file_message(path)}, so it is skipped", err=True)
    return rest


def check_year_form(year: str | None) -> None:
    """--year's form and range, refused before a workbook is loaded (whether it fits each
    partnership's year start is known only once they are)."""
    if year is None:
        return
    from csp_audit.model.errors import UsageError
    from csp_audit.model.periods import parse_year

    try:
        parse_year(year)
    except UsageError as error:
        raise fail(f"error: {error}") from None


def check_out_folder(out: Path) -> None:
    """--out is a folder, made when missing: a file in its place (or in a parent's place)
    is a mistyped --out, said before anything is loaded or audited."""
    if out.exists() and not out.is_dir():
        raise fail(f"error: --out {out} is a file, not a folder")
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                raise fail(f"error: --out {out}: {parent} is a file, not a folder")
            return


def require_database(db: str) -> None:
    """check and report read what `load` stored: a SQLite file that does not exist is a
    mistyped --db, not a new database to create (only load and audit create one)."""
    from csp_audit.store.sqlite import sqlite_file

    path = sqlite_file(db)
    if path is None or Path(path).exists():
        return
    if "file:" in path and "://" in db:
        raise fail(f"error: no database at {path}: SQLite reads a file: name as a URI only "
                   "with ?uri=true (sqlite:///file:PATH?uri=true)")
    raise fail(f"error: no database at {path}: load a workbook first (csp-audit load "
               f"WORKBOOK... --db {path})")


def parse_within(text: str) -> int:
    """--within as days: `90d`, `6w` or a bare number of days."""
    import re

    found = re.fullmatch(r"\s*(\d{1,4})\s*([dw]?)\s*", text.casefold())
    if found is None:
        raise fail(f"error: --within {text!r} is not a number of days (expected e.g. 90d, "
                   "6w or 30)")
    return int(found[1]) * (7 if found[2] == "w" else 1)


def write_file(path: Path, data: bytes) -> None:
    """Write `data` whole: to a temporary file beside `path`, then renamed over it, so a
    failed write leaves no half a file."""
    import os
    import tempfile

    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                         dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
