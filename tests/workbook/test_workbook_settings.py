"""What a workbook's own settings say about its cells (issues 12 and 11): the 1904 date
system, rows and columns hidden in a register, and dates formatted as a month and year."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from support.builders import minimal_workbook_sheets, write_workbook
from support.libreoffice import resave_through_libreoffice
from support.validation import texts

from csp_audit.workbook.formats import is_month_year_format
from csp_audit.workbook.validate import Validation, validate_workbook

SERIAL_1904 = (date(2024, 6, 13) - date(1904, 1, 1)).days
"""13 June 2024 as a serial day number in the 1904 date system (43,994)."""


def _validate(tmp_path: Path, change: Callable[[openpyxl.Workbook], None],
              sheets: dict[str, list[list[object]]] | None = None) -> Validation:
    base = write_workbook(tmp_path / "base.xlsx", sheets or minimal_workbook_sheets())
    book = openpyxl.load_workbook(base)
    change(book)
    book.save(tmp_path / "book.xlsx")
    return validate_workbook(tmp_path / "book.xlsx")


def test_a_serial_number_in_a_1904_workbook_is_the_right_day(tmp_path: Path) -> None:
    def change(book: openpyxl.Workbook) -> None:
        book.epoch = CALENDAR_MAC_1904
        cell = book["Meetings"]["B2"]
        cell.value, cell.number_format = SERIAL_1904, "General"
    result = _validate(tmp_path, change)
    assert result.ok, texts(result, "error")
    assert result.records.meetings[0].date == date(2024, 6, 13)


def test_a_serial_typed_as_text_in_a_1904_workbook_is_the_right_day(tmp_path: Path) -> None:
    def change(book: openpyxl.Workbook) -> None:
        book.epoch = CALENDAR_MAC_1904
        book["Meetings"]["B2"].value = str(SERIAL_1904)
    result = _validate(tmp_path, change)
    assert result.records.meetings[0].date == date(2024, 6, 13)


def test_date_cells_of_a_1904_workbook_keep_their_days(tmp_path: Path) -> None:
    """calamine converts date-formatted cells itself; they must not move either way."""
    result = _validate(tmp_path, lambda book: setattr(book, "epoch", CALENDAR_MAC_1904))
    assert result.ok, texts(result, "error")
    typed = [row[1] for row in minimal_workbook_sheets()["Meetings"][1:]]
    assert [m.date for m in result.records.meetings] == typed
    assert result.records.meetings[0].minutes_published == date(2024, 7, 11)


def test_a_serial_number_in_a_1900_workbook_is_unchanged(tmp_path: Path) -> None:
    def change(book: openpyxl.Workbook) -> None:
        cell = book["Meetings"]["B2"]
        cell.value, cell.number_format = 45456, "General"
    assert _validate(tmp_path, change).records.meetings[0].date == date(2024, 6, 13)


def test_hidden_rows_and_columns_of_a_register_are_warned_and_read(tmp_path: Path) -> None:
    def change(book: openpyxl.Workbook) -> None:
        sheet = book["Meetings"]
        sheet.row_dimensions[3].hidden = True
        sheet.column_dimensions["D"].hidden = True
        sheet.column_dimensions["Z"].hidden = True  # empty: nothing to say
    result = _validate(tmp_path, change)
    assert result.ok, texts(result, "error")
    assert [m.meeting_id for m in result.records.meetings][:2] == ["B-2024-06", "B-2024-09"]
    assert result.records.meetings[0].title == "Strategic board"
    assert any("Meetings: sheet 'Meetings' hides row 3 and column D (hidden or filtered "
               "out); their content is read like any other" in w
               for w in texts(result, "warning")), texts(result, "warning")


def test_a_workbook_hiding_nothing_says_nothing_of_hidden_rows(tmp_path: Path) -> None:
    result = _validate(tmp_path, lambda book: None)
    assert not any("hides" in w for w in texts(result, "warning"))


def test_a_date_shown_as_month_and_year_is_the_first_with_a_warning(tmp_path: Path) -> None:
    def change(book: openpyxl.Workbook) -> None:
        book["Meetings"]["B2"].number_format = "mmm-yy"
        book["Meetings"]["G2"].number_format = "mmmm yyyy"
    result = _validate(tmp_path, change)
    assert result.ok, texts(result, "error")
    meeting = result.records.meetings[0]
    assert meeting.date == date(2024, 6, 1)
    assert meeting.minutes_circulated == date(2024, 6, 1)
    assert meeting.papers_circulated == date(2024, 6, 6)
    warnings = texts(result, "warning")
    assert any("Meetings!B2: date shows only a month and a year, so 1 June 2024 is assumed "
               "(the cell holds 13 June 2024)" in w for w in warnings), warnings
    assert any("Meetings!G2: minutes_circulated shows only a month and a year" in w
               for w in warnings), warnings


def test_month_and_year_formats_are_told_from_dates_and_times() -> None:
    for code in ("mmm-yy", "mmmm yyyy", "MMM\\-YY", "[$-809]mmmm yyyy;@", "mm/yyyy"):
        assert is_month_year_format(code), code
    for code in ("dd/mm/yyyy", "General", "yyyy-mm-dd", "h:mm", "d-mmm-yy", "0.00",
                 '"Day" dd mmm yyyy', "mm:ss"):
        assert not is_month_year_format(code), code


def test_the_settings_are_read_as_libreoffice_calc_saves_them(tmp_path: Path) -> None:
    """Calc writes `date1904="true"`, `mmm\\-yy` and `hidden="false"` on visible rows."""
    def change(book: openpyxl.Workbook) -> None:
        book.epoch = CALENDAR_MAC_1904
        sheet = book["Meetings"]
        sheet["B2"].value, sheet["B2"].number_format = SERIAL_1904, "General"
        sheet["G2"].number_format = "mmm-yy"
        sheet.row_dimensions[3].hidden = True
    base = write_workbook(tmp_path / "base.xlsx", minimal_workbook_sheets())
    book = openpyxl.load_workbook(base)
    change(book)
    book.save(tmp_path / "calc.xlsx")
    result = validate_workbook(resave_through_libreoffice(tmp_path / "calc.xlsx"))
    assert result.ok, texts(result, "error")
    meeting = result.records.meetings[0]
    assert (meeting.date, meeting.minutes_circulated) == (date(2024, 6, 13), date(2024, 6, 1))
    warnings = texts(result, "warning")
    assert any("sheet 'Meetings' hides row 3 (hidden" in w for w in warnings), warnings
    assert any("Meetings!G2: minutes_circulated shows only a month and a year, so 1 June "
               "2024 is assumed" in w for w in warnings), warnings
