"""Workbooks as LibreOffice Calc and committee systems write them (item 6 of issue 11): an
.ods, an .xlsx saved by Calc, a folder of one CSV per sheet, Calc's lock file, a register
under a near-miss sheet name, attendance headed by meeting dates, Notes columns."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from support.builders import minimal_workbook_sheets, write_workbook
from support.commands import run as cli
from support.libreoffice import CSV_EVERY_SHEET, convert, resave_through_libreoffice
from support.validation import run, texts

from csp_audit.workbook.validate import validate_workbook


def _summary(result) -> tuple:  # noqa: ANN001 - a Validation
    records = result.records
    return (records.partnership.code, len(records.members), len(records.meetings),
            sorted((a.meeting_id, a.organisation, a.status) for a in records.attendance),
            [d.kind for d in records.documents], [m.date for m in records.meetings])


def test_an_ods_saved_by_libreoffice_loads_like_the_xlsx(tmp_path: Path) -> None:
    xlsx = write_workbook(tmp_path / "book.xlsx", minimal_workbook_sheets())
    ods = convert(xlsx, "ods", tmp_path / "calc")
    from_xlsx, from_ods = validate_workbook(xlsx), validate_workbook(ods)
    assert from_ods.ok, texts(from_ods, "error")
    assert _summary(from_ods) == _summary(from_xlsx)


def test_an_xlsx_saved_by_libreoffice_loads(tmp_path: Path) -> None:
    xlsx = write_workbook(tmp_path / "book.xlsx", minimal_workbook_sheets())
    expected = _summary(validate_workbook(xlsx))
    resave_through_libreoffice(xlsx)
    result = validate_workbook(xlsx)
    assert result.ok, texts(result, "error")
    assert _summary(result) == expected


def _csv_folder(folder: Path) -> Path:
    folder.mkdir()
    for name, rows in minimal_workbook_sheets().items():
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8-sig") as stream:
            writer = csv.writer(stream)
            for row in rows:
                writer.writerow(["" if v is None else f"{v:%d/%m/%Y}" if isinstance(v, date)
                                 else v for v in row])
    return folder


def test_a_folder_of_one_csv_per_sheet_is_a_workbook(tmp_path: Path) -> None:
    folder = _csv_folder(tmp_path / "export")
    expected = _summary(validate_workbook(write_workbook(tmp_path / "book.xlsx",
                                                         minimal_workbook_sheets())))
    result = validate_workbook(folder)
    assert result.ok, texts(result, "error")
    assert _summary(result) == expected
    loaded = cli("load", folder, "--db", tmp_path / "audit.db")
    assert loaded.exit_code == 0, loaded.output


SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "sefton.xlsx"


def test_every_sheet_saved_as_csv_by_libreoffice_is_a_workbook(tmp_path: Path) -> None:
    xlsx = tmp_path / "sefton.xlsx"
    xlsx.write_bytes(SAMPLE.read_bytes())
    folder = convert(xlsx, CSV_EVERY_SHEET, tmp_path / "csv")
    assert (folder / "sefton-Meetings.csv").exists()
    result = validate_workbook(folder)
    assert result.ok, texts(result, "error")
    assert _summary(result) == _summary(validate_workbook(xlsx))


def test_csv_saved_in_us_locale_is_refused_saying_day_first(tmp_path: Path) -> None:
    xlsx = tmp_path / "sefton.xlsx"
    xlsx.write_bytes(SAMPLE.read_bytes())
    folder = convert(xlsx, CSV_EVERY_SHEET, tmp_path / "csv", lang="en_US.UTF-8")
    errors = texts(validate_workbook(folder), "error")
    assert any("papers_circulated: 04/27/2022 is not a date that exists (dates are day "
               "first: 27/04/2022?)" in e for e in errors), errors


def test_libreoffices_lock_file_is_skipped_like_excels(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "book.xlsx", minimal_workbook_sheets())
    lock = tmp_path / ".~lock.book.xlsx#"
    lock.write_text(",Community Safety Manager,laptop,06.12.2025 09:12,file:///home/csm/"
                    ".config/libreoffice/4;")
    both = cli("validate", book, lock)
    assert both.exit_code == 0, both.output
    assert f"{book} may be open in LibreOffice (.~lock.book.xlsx# is beside it)" in both.stderr
    assert "is the lock file LibreOffice keeps while book.xlsx is open; it is not a " \
           "workbook, so it is skipped" in both.stderr
    alone = cli("validate", lock)
    assert alone.exit_code == 2
    assert "is the lock file LibreOffice keeps while book.xlsx is open" in alone.output


def test_a_register_under_a_near_miss_name_is_read_and_said(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Attendance Register"] = sheets.pop("Attendance")
    result = run(tmp_path, sheets)
    assert result.ok
    assert len(result.records.attendance) == 7
    assert "attendance" in result.records.partnership.registers
    assert any("sheet 'Attendance Register' is read as the Attendance sheet" in w
               for w in texts(result, "warning"))


def test_a_sheet_named_nothing_like_a_register_gets_a_did_you_mean(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Board attendance"] = sheets.pop("Attendance")
    warnings = texts(run(tmp_path, sheets), "warning")
    assert any("sheet 'Board attendance' is not part of the workbook contract; ignored; did "
               "you mean 'Attendance'?" in w for w in warnings), warnings


def test_matrix_attendance_headed_by_meeting_dates(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    sheets["Attendance"] = [
        ["Organisation", date(2024, 6, 13), "12/09/2024", "Notes"],
        ["Testshire Council", "Attended", "P", "chair"],
        ["Testshire Police", "Apols", "DNA", None],
    ]
    result = run(tmp_path, sheets)
    assert result.ok, texts(result, "error")
    assert not texts(result, "warning")
    assert sorted((a.meeting_id, a.organisation, a.status)
                  for a in result.records.attendance) == [
        ("B-2024-06", "Testshire Council", "present"),
        ("B-2024-06", "Testshire Police", "apologies"),
        ("B-2024-09", "Testshire Council", "present"),
        ("B-2024-09", "Testshire Police", "absent")]


def test_notes_columns_are_read_quietly(tmp_path: Path) -> None:
    sheets = minimal_workbook_sheets()
    for name in ("Members", "Meetings", "Documents"):
        sheets[name][0].append("Notes")
        sheets[name][1].append("checked against the minutes")
    result = run(tmp_path, sheets)
    assert result.ok and not texts(result, "warning")
