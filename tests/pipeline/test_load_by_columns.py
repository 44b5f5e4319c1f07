"""`load` reads a clean workbook column by column (workbook/columns.py) and any other cell by
cell: both store the same rows and give the same outcome (rows per sheet, every problem
worded the same), on SQLite and PostgreSQL. Each workbook is loaded both ways into one
database and every table compared; which way each was read is checked too, so the
comparison is never of the cell-by-cell reader with itself."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import inspect, text
from support.builders import minimal_workbook_sheets, with_rows, write_workbook
from support.databases import connected
from support.libreoffice import resave_through_libreoffice

from csp_audit.pipeline import load as load_module
from csp_audit.pipeline.load import LoadOutcome, load_workbooks, validate_for_load
from csp_audit.rules.input_warnings import RuleIds
from csp_audit.store.connect import open_database
from csp_audit.workbook import validate as validate_module

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample_data").glob("*.xlsx"))
Sheets = dict[str, list[list[object]]]


def _clean(sheets: Sheets) -> None:
    """The minimal workbook with the loop registers, notes, blank rows and title rows."""
    sheets["Members"][0].append("aliases")
    sheets["Members"][1].append("TC; Testshire BC")
    sheets["Meetings"].insert(0, ["Testshire CSP meetings"])
    sheets["Meetings"].insert(1, [])
    sheets["Agenda"][0].append("notes")
    with_rows(sheets, "Agenda", [[None, None, None, None, "a note on a row of its own"], [],
                                 ["b-2024-09", "  Serious violence duty  ", "serious violence",
                                  "no", "checked"]])
    with_rows(sheets, "Actions", [["action_id", "rule_id", "action", "owner", "due", "status",
                                   "done"],
                                  ["A-1", "NAT-PUBLIC-MEETING", "Hold a public meeting", "Chair",
                                   date(2025, 1, 31), "in progress", None],
                                  [7, None, "Refresh the plan", None, None, "done",
                                   date(2024, 11, 1)]])
    with_rows(sheets, "DHR recommendations", [
        ["case_ref", "number", "recommendation", "due", "status"],
        ["dhr-2023-01", 1, "Train front-line staff", date(2025, 3, 31), "open"]])
    with_rows(sheets, "Recommendations", [
        ["recommendation_id", "made_by", "made_on", "recommendation", "accepted"],
        ["R-1", "pcc", date(2024, 5, 1), "Publish the minutes", "y"]])


def _loose_names(sheets: Sheets) -> None:
    """Names as people paste them: other case and spacing, an alias, a synonym (`Apols`), a
    meeting named by its date, signatories in their own spelling, ticks for yes."""
    _clean(sheets)
    with_rows(sheets, "Attendance", [
        ["b-2024-09", "  testshire   FIRE and rescue service", "Apols", "✓"],
        [date(2024, 10, 3), "TC", "present", None],
        ["P-2024-10", "Testshire-Police", "sent apols", "n"]])
    sheets["Documents"][3][8] = "testshire council;TESTSHIRE POLICE\nprobation service"


def _text_dates(sheets: Sheets) -> None:
    """Dates typed as text in every form the contract reads."""
    sheets["Meetings"][1][1] = "13/06/2024"
    sheets["Meetings"][2][1] = "12 September 2024"
    sheets["Meetings"][3][1] = "2024-10-03"
    sheets["Members"][5][7] = "1 Apr 2022"


def _placeholder(sheets: Sheets) -> None:
    sheets["Meetings"][2][7] = "TBC"


def _near_sheet(sheets: Sheets) -> None:
    sheets["Meetngs"] = sheets.pop("Meetings")


def _minutes_too_soon(sheets: Sheets) -> None:
    sheets["Meetings"][1][6] = date(2024, 6, 1)


def _matrix(sheets: Sheets) -> None:
    sheets["Attendance"] = [["organisation", "B-2024-06", "B-2024-09"],
                            ["Testshire Council", "P", "P"],
                            ["Testshire Police", "S", "A"]]


def _doubled(sheets: Sheets) -> None:
    with_rows(sheets, "Attendance", [["B-2024-06", "Testshire Council", "apologies", None]])


def _errors(sheets: Sheets) -> None:
    sheets["Meetings"][1][1] = "31/02/2024"
    with_rows(sheets, "Attendance", [["B-1999-01", "Testshire Council", "present", None]])


def _unknown_column(sheets: Sheets) -> None:
    sheets["Meetings"][0].append("venue")
    sheets["Meetings"][1].append("Town hall")


def _unknown_waiver(sheets: Sheets) -> None:
    sheets["Waivers"][1][0] = "NAT-NO-SUCH-RULE"


def _duplicate_id(sheets: Sheets) -> None:
    with_rows(sheets, "Documents", [["SA-2024", "annual_report", "Again", None, None, None,
                                     None, None, None, None, None, None]])


CASES: dict[str, tuple[Callable[[Sheets], None], bool]] = {
    "minimal": (lambda sheets: None, True),
    "loop registers, notes, blank and title rows": (_clean, True),
    "names and words as people type them": (_loose_names, True),
    "dates typed as text": (_text_dates, True),
    "a date not known yet (warning)": (_placeholder, False),
    "a sheet named nearly as a register (warning)": (_near_sheet, False),
    "minutes before the meeting (warning)": (_minutes_too_soon, False),
    "matrix attendance": (_matrix, False),
    "one body in two rows (warning)": (_doubled, False),
    "an unknown column (warning)": (_unknown_column, False),
    "a waiver of no rule (warning)": (_unknown_waiver, False),
    "a repeated id (error)": (_duplicate_id, False),
    "an impossible date and an unknown meeting (errors)": (_errors, False),
}


def _built(tmp_path: Path, case: str) -> Path:
    change, _ = CASES[case]
    sheets = minimal_workbook_sheets()
    change(sheets)
    return write_workbook(tmp_path / "testshire.xlsx", sheets)


def _month_only(tmp_path: Path) -> Path:
    """A date cell formatted to show only its month (read as the 1st, with a warning)."""
    path = write_workbook(tmp_path / "testshire.xlsx", minimal_workbook_sheets())
    book = load_workbook(path)
    book["Meetings"]["B2"].number_format = "mmm-yy"
    book.save(path)
    return path


def _csv_folder(tmp_path: Path) -> Path:
    """The minimal workbook as a folder of CSV files, dates as day-first text."""
    folder = tmp_path / "testshire"
    folder.mkdir()
    for name, rows in minimal_workbook_sheets().items():
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as file:
            csv.writer(file).writerows(
                [f"{v:%d/%m/%Y}" if isinstance(v, date) else v for v in row] for row in rows)
    return folder


def _content(db: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in insertion order, less what differs between two loads of one
    workbook: row ids and the time of loading; of the imports, the latest."""
    with connected(db) as conn:
        content = {}
        for table in sorted(inspect(conn).get_table_names()):
            names = [c["name"] for c in inspect(conn).get_columns(table)]
            kept = ", ".join(f'"{name}"' for name in names if name not in ("id", "loaded_at"))
            order = '"id"' if "id" in names else "1"
            rows = [tuple(row) for row in conn.execute(
                text(f"SELECT {kept} FROM {table} ORDER BY {order}"))]
            content[table] = rows[-1:] if table == "import_record" else rows
        return content


def _said(outcomes: list[LoadOutcome]) -> list[tuple[Any, ...]]:
    return [(o.path, o.code, o.ok, o.rows, o.problems, o.name) for o in outcomes]


def _both_ways(db: str, paths: list[Path], monkeypatch: pytest.MonkeyPatch,
               **options: Any) -> None:
    """Load `paths` read by columns where clean, then cell by cell, into `db`: the same
    tables and the same outcomes (the database made first, as a refusal makes none)."""
    open_database(db).dispose()
    by_columns = load_workbooks(paths, db, **options)
    stored = _content(db)
    with monkeypatch.context() as patched:
        patched.setattr(validate_module, "read_columns", lambda grids: None)
        by_cells = load_workbooks(paths, db, **options)
    assert _content(db) == stored
    assert _said(by_cells) == _said(by_columns)


def _read_by_columns(path: Path) -> bool:
    return validate_for_load(path, RuleIds()).columns is not None


@pytest.mark.parametrize("case", list(CASES))
def test_a_workbook_loads_the_same_rows_by_columns_as_by_cells(
        db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    path = _built(tmp_path, case)
    assert _read_by_columns(path) is CASES[case][1]
    _both_ways(db, [path], monkeypatch)


@pytest.mark.parametrize("build, clean", [(_month_only, False), (_csv_folder, True)],
                         ids=["a month-only date cell (warning)", "a CSV folder"])
def test_odd_files_load_the_same_rows_by_columns_as_by_cells(
        db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        build: Callable[[Path], Path], clean: bool) -> None:
    path = build(tmp_path)
    assert _read_by_columns(path) is clean
    _both_ways(db, [path], monkeypatch)


def test_the_samples_load_the_same_rows_by_columns_as_by_cells(
        db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """All five at once, so the columns cross from worker processes when there are cores;
    richmond keeps its attendance as a matrix, read cell by cell."""
    assert [_read_by_columns(path) for path in SAMPLES] == [
        path.stem != "richmond" for path in SAMPLES]
    _both_ways(db, SAMPLES, monkeypatch)


def test_waivers_are_not_checked_against_the_rules_when_told_not_to(
        db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _built(tmp_path, "a waiver of no rule (warning)")
    assert load_module._nothing_to_say(RuleIds(waivers=False), _columns_of(path))
    _both_ways(db, [path], monkeypatch, check_waivers=False)


def test_a_workbook_saved_by_libreoffice_loads_the_same_rows_by_columns_as_by_cells(
        db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = resave_through_libreoffice(_built(tmp_path, "names and words as people type them"))
    assert _read_by_columns(path)
    _both_ways(db, [path], monkeypatch)


def _columns_of(path: Path) -> Any:
    from csp_audit.workbook.columns import read_columns
    from csp_audit.workbook.sheets import read_sheets

    return read_columns(read_sheets(path))
