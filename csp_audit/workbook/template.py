"""Write a ready-to-fill partnership workbook for `csp-audit template`.

Everything here is driven by `csp_audit.model.contract`, so the template, the reader and the
Guide sheet describe the same columns and cannot drift apart. A person fills the template
in Excel or LibreOffice: the drop-downs offer the contract's values, date columns show
dd/mm/yyyy, and the Guide sheet explains every column in plain English.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from datetime import date
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from csp_audit.model.contract import PARTNERSHIP_FIELDS, SHEETS, TOOL_SHEETS, Column, Sheet
from csp_audit.workbook.sheets import column_letter

GUIDE_SHEET, LISTS_SHEET = TOOL_SHEETS
DATE_FORMAT = "DD/MM/YYYY"
YES_NO = ("yes", "no")
LAST_ROW = 2000
"""Drop-downs cover rows 2 to LAST_ROW: far more than a partnership records in a decade."""

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")


def write_template(path: Path, example: bool = False, overwrite: bool = True) -> None:
    """Write the template to `path` atomically: a failed write never leaves half a file.

    Without `overwrite` a file already at `path` (perhaps a filled-in workbook) is kept and
    FileExistsError raised."""
    save_atomically(build_template(example), Path(path), overwrite)


def save_atomically(workbook: Workbook, path: Path, overwrite: bool = True) -> None:
    """Save to a temporary file beside `path`, then rename it over `path` (or, without
    `overwrite`, link it there, which fails when `path` exists, even one made meanwhile)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                         dir=path.parent if str(path.parent) else ".")
    os.close(handle)
    try:
        # NOTE: saved in memory first: openpyxl leaves its zip open when a write fails (a
        # full disk), and the zip's finaliser then prints a traceback after our error.
        buffer = BytesIO()
        workbook.save(buffer)
        with open(temporary, "wb") as stream:
            stream.write(buffer.getvalue())
        os.chmod(temporary, 0o666 & ~_umask())
        if overwrite:
            os.replace(temporary, path)
        else:
            _link_new(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _link_new(temporary: str, path: Path) -> None:
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if path.exists():
            raise FileExistsError(17, "File exists", str(path)) from None
        os.replace(temporary, path)


def _umask() -> int:
    """The process umask (mkstemp makes files private; a template should not be)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def build_template(example: bool = False) -> Workbook:
    """The template as an openpyxl workbook: Guide, every contract sheet, hidden Lists."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    _write_guide(workbook.create_sheet(GUIDE_SHEET))
    lists = _write_lists(workbook.create_sheet(LISTS_SHEET))
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet.name)
        _write_headers(worksheet, sheet)
        if sheet.name == "Partnership":
            _write_partnership(worksheet, lists, example)
        else:
            _add_validations(worksheet, sheet.columns, lists)
            if example:
                _append_rows(worksheet, sheet, EXAMPLE_ROWS.get(sheet.name, ()))
    workbook[LISTS_SHEET].sheet_state = "hidden"
    workbook.move_sheet(LISTS_SHEET, offset=len(SHEETS))
    workbook.active = 0
    return workbook


def _list_columns() -> Iterable[Column]:
    yield from (c for c in PARTNERSHIP_FIELDS if c.type == "enum")
    for sheet in SHEETS:
        yield from (c for c in sheet.columns if c.type == "enum")


def _write_lists(worksheet: Worksheet) -> dict[tuple[str, ...], str]:
    """One column per distinct list of choices; returns choices -> absolute range."""
    ranges: dict[tuple[str, ...], str] = {}
    for column in _list_columns():
        if column.choices in ranges:
            continue
        index = len(ranges) + 1
        letter = column_letter(index - 1)  # openpyxl counts from 1
        worksheet.cell(row=1, column=index, value=column.name).font = HEADER_FONT
        for row, choice in enumerate(column.choices, start=2):
            worksheet.cell(row=row, column=index, value=choice)
        last = len(column.choices) + 1
        ranges[column.choices] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${last}"
        worksheet.column_dimensions[letter].width = max(len(c) for c in column.choices) + 2
    return ranges


def _write_headers(worksheet: Worksheet, sheet: Sheet) -> None:
    for index, column in enumerate(sheet.columns, start=1):
        cell = worksheet.cell(row=1, column=index, value=column.name)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.comment = Comment(_explain(column), "csp-audit", width=320, height=110)
        letter = column_letter(index - 1)  # openpyxl counts from 1
        worksheet.column_dimensions[letter].width = _width(column)
        if column.type == "date":
            worksheet.column_dimensions[letter].number_format = DATE_FORMAT
    worksheet.freeze_panes = "A2"


def _width(column: Column) -> float:
    """Wide enough for the header (and its drop-down arrow), the choices and the example."""
    texts = [column.name + "    ", column.example, *column.choices]
    if column.type == "date":
        texts.append("dd/mm/yyyy  ")
    return min(max(12, *(len(t) + 2 for t in texts)), 45)


def _validation(column: Column, lists: Mapping[tuple[str, ...], str]) -> DataValidation | None:
    """A drop-down for an enumerated or yes/no column; a warning (not a stop) on other
    values, because the reader also accepts synonyms such as `RA` or a tick."""
    if column.type == "enum":
        formula, allowed = lists[column.choices], ", ".join(column.choices)
    elif column.type == "yesno":
        formula, allowed = '"' + ",".join(YES_NO) + '"', "yes or no"
    else:
        return None
    return DataValidation(
        type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
        errorStyle="warning", errorTitle=column.name[:32],
        error=f"Expected {allowed}."[:255],
    )


def _add_validations(worksheet: Worksheet, columns: Iterable[Column],
                     lists: Mapping[tuple[str, ...], str]) -> None:
    for index, column in enumerate(columns, start=1):
        validation = _validation(column, lists)
        if validation is not None:
            letter = column_letter(index - 1)  # openpyxl counts from 1
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            worksheet.add_data_validation(validation)


def _write_partnership(worksheet: Worksheet, lists: Mapping[tuple[str, ...], str],
                       example: bool) -> None:
    """One row per setting, its default already filled in; drop-downs on enum settings."""
    for row, field in enumerate(PARTNERSHIP_FIELDS, start=2):
        worksheet.cell(row=row, column=1, value=field.name)
        value = EXAMPLE_PARTNERSHIP.get(field.name) if example else None
        cell = worksheet.cell(row=row, column=2, value=value or field.default)
        cell.number_format = "@"
        worksheet.cell(row=row, column=1).comment = Comment(
            _explain(field), "csp-audit", width=320, height=90)
        validation = _validation(field, lists)
        if validation is not None:
            validation.add(f"B{row}")
            worksheet.add_data_validation(validation)
    worksheet.column_dimensions["B"].width = 45


def _append_rows(worksheet: Worksheet, sheet: Sheet,
                 rows: Iterable[Mapping[str, object]]) -> None:
    for values in rows:
        worksheet.append([values.get(column.name) for column in sheet.columns])
        for cell in worksheet[worksheet.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT


def _allowed(column: Column) -> str:
    if column.type == "enum":
        return ", ".join(column.choices)
    if column.type == "yesno":
        return "yes or no (also y/n, true/false, 1/0, ✓/✗); blank = not recorded"
    if column.type == "date":
        return "a date: dd/mm/yyyy, or text such as 13 June 2024"
    if column.type == "list":
        return "organisation names as in Members, separated by ;"
    return "text"


def _explain(column: Column) -> str:
    notes = [column.guide, f"Allowed: {_allowed(column)}."]
    if column.required:
        notes.append("Required.")
    if column.unique:
        notes.append("Must be unique.")
    if column.default is not None:
        default = {True: "yes", False: "no"}.get(column.default, column.default)
        notes.append(f"Blank means {default}.")
    return " ".join(notes)


GUIDE_INTRO = (
    "How to fill in this workbook",
    "One workbook holds one partnership's records, usually several years of them. "
    "Partnership, Members and Meetings are required; the other sheets are optional, but a "
    "missing sheet means 'nothing recorded', which the audit treats as no evidence.",
    "Write one row per record under the headers. Drop-down lists offer the accepted values; "
    "dates are day first (dd/mm/yyyy); yes/no cells also accept y/n and ticks.",
    "Never write people's names: record organisations, roles and job titles only. Mark a row "
    "restricted = yes to keep it out of public reports (DHR and ASB case rows are restricted "
    "unless you say no).",
    "Attendance may also be kept as a matrix: organisations down column A, one column per "
    "meeting headed by its meeting_id (or its date), cells P (present), S (substitute), A "
    "(apologies) or X (absent).",
    "Words as you type them are understood: attended, apols, DNA, present - virtual; fire & "
    "rescue, ICB, CCG, YOS, probation trust, housing association; a value that is not "
    "understood is refused with 'did you mean'. A topic or document kind off the list loads "
    "with a warning, unless your own checklist declares it (topics:, document_kinds:) for "
    "its rules to read. Ambiguous words (Public Health, late) are read one way with a warning.",
    "Organisation names match ignoring case, spacing, hyphens, punctuation and quote styles; "
    "put the abbreviations used in minutes in the Members sheet's aliases column (RBC; "
    "Riverside Council). Two rows for one body at one meeting count as one, the best of them.",
    "A date not known yet (TBC, n/a, -, not yet) is read as blank with a warning. Dates that "
    "make no sense (minutes published before the meeting, papers after it, real dates mixed "
    "with day-first text) are warned about: set the locale to English (UK) in Windows "
    "(Excel) or in LibreOffice Calc (Tools > Options > Language Settings > Languages).",
    "Save as .xlsx from Excel, or as .xlsx or .ods from LibreOffice Calc; a folder of CSV "
    "files, one per sheet (Meetings.csv, ...), is read as a workbook too. Columns headed "
    "Notes or Comments are yours: they are read quietly and not loaded.",
    "Check your work with: csp-audit validate this-workbook.xlsx",
)
GUIDE_HEADERS = ("sheet", "column", "what to write", "allowed values", "required")


def _write_guide(worksheet: Worksheet) -> None:
    worksheet.append([GUIDE_INTRO[0]])
    worksheet["A1"].font = Font(bold=True, size=14)
    for paragraph in GUIDE_INTRO[1:]:
        worksheet.append([paragraph])
        worksheet.merge_cells(start_row=worksheet.max_row, start_column=1,
                              end_row=worksheet.max_row, end_column=len(GUIDE_HEADERS))
        worksheet.cell(row=worksheet.max_row, column=1).alignment = WRAP
        worksheet.row_dimensions[worksheet.max_row].height = 32
    worksheet.append([])
    worksheet.append(list(GUIDE_HEADERS))
    header_row = worksheet.max_row
    for cell in worksheet[header_row]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for sheet in SHEETS:
        worksheet.append([sheet.name, "", sheet.guide, "", "yes" if sheet.required else ""])
        worksheet.cell(row=worksheet.max_row, column=1).font = HEADER_FONT
        columns = PARTNERSHIP_FIELDS if sheet.name == "Partnership" else sheet.columns
        for column in columns:
            required = "yes" if column.required else ""
            worksheet.append(["", column.name, column.guide, _allowed(column), required])
    for row in worksheet.iter_rows(min_row=header_row):
        for cell in row:
            cell.alignment = WRAP
    for letter, width in zip("ABCDE", (18, 22, 60, 45, 10), strict=True):
        worksheet.column_dimensions[letter].width = width
    worksheet.freeze_panes = f"A{header_row + 1}"


EXAMPLE_PARTNERSHIP = {
    "name": "Exampleshire Community Safety Partnership",
    "code": "exampleshire",
    "checklist": "",
}

EXAMPLE_ROWS: dict[str, tuple[dict[str, object], ...]] = {
    "Members": (
        {"organisation": "Exampleshire Council", "role": "responsible_authority",
         "sector": "council", "voting": "yes", "representative": "Chief Executive",
         "senior": "yes", "deputy": "Director of Communities"},
        {"organisation": "Exampleshire Police", "role": "responsible_authority",
         "sector": "police", "voting": "yes", "representative": "Chief Superintendent",
         "senior": "yes", "deputy": "Superintendent (Partnerships)"},
        {"organisation": "Exampleshire Fire and Rescue Service",
         "role": "responsible_authority", "sector": "fire", "voting": "yes",
         "representative": "Area Manager", "senior": "yes", "deputy": "Station Manager"},
        {"organisation": "NHS Exampleshire Integrated Care Board",
         "role": "responsible_authority", "sector": "health", "voting": "yes",
         "representative": "Director of Public Health", "senior": "yes"},
        {"organisation": "Probation Service", "role": "responsible_authority",
         "sector": "probation", "voting": "yes",
         "representative": "Head of Probation Delivery Unit", "senior": "yes",
         "deputy": "Senior Probation Officer"},
        {"organisation": "Office of the Police and Crime Commissioner", "role": "co_opted",
         "sector": "pcc", "voting": "no", "representative": "Chief Executive",
         "senior": "yes", "from": date(2024, 4, 1)},
    ),
    "Meetings": (
        {"meeting_id": "B-2024-06", "date": date(2024, 6, 13), "body": "board",
         "title": "Strategic board", "quorate": "yes",
         "papers_circulated": date(2024, 6, 5), "minutes_circulated": date(2024, 6, 20),
         "minutes_published": date(2024, 7, 1), "open_to_public": "no",
         "chair_elected": "yes", "restricted": "no", "chair": "Exampleshire Police",
         "vice_chair": "Exampleshire Council", "vice_chair_elected": "yes",
         "papers_published": date(2024, 6, 6)},
        {"meeting_id": "T-2024-09", "date": date(2024, 9, 10), "body": "task_group",
         "title": "Domestic abuse task group", "group": "Domestic Abuse Task Group"},
        {"meeting_id": "P-2024-10", "date": date(2024, 10, 8), "body": "public",
         "title": "Community safety public meeting", "open_to_public": "yes",
         "papers_circulated": date(2024, 9, 24), "minutes_published": date(2024, 10, 22)},
        {"meeting_id": "S-2024-11", "date": date(2024, 11, 19), "body": "scrutiny",
         "title": "Crime and disorder committee: annual review of the partnership",
         "open_to_public": "yes"},
    ),
    "Attendance": tuple(
        {"meeting_id": meeting, "organisation": organisation, "status": status}
        for meeting, statuses in (
            ("B-2024-06", ("present", "present", "substitute", "present", "apologies")),
            ("P-2024-10", ("present", "present", "present", "present", "present")),
        )
        for organisation, status in zip(
            ("Exampleshire Council", "Exampleshire Police",
             "Exampleshire Fire and Rescue Service", "NHS Exampleshire Integrated Care Board",
             "Probation Service"), statuses, strict=True)
    ),
    "Agenda": (
        {"meeting_id": "B-2024-06", "item": "Declarations of interest",
         "topic": "declarations_of_interest", "restricted": "no"},
        {"meeting_id": "B-2024-06", "item": "Quarterly performance report",
         "topic": "performance", "restricted": "no", "decision": "no"},
        {"meeting_id": "B-2024-06", "item": "Domestic abuse task group: progress report",
         "topic": "domestic_abuse", "restricted": "no", "decision": "no",
         "group": "Domestic Abuse Task Group"},
        {"meeting_id": "B-2024-06", "item": "Domestic homicide review update",
         "topic": "domestic_abuse", "restricted": "yes"},
    ),
    "Documents": (
        {"document_id": "SA-2024", "kind": "strategic_assessment",
         "title": "Strategic assessment 2024", "approved": date(2024, 6, 13)},
        {"document_id": "PLAN-2024-27", "kind": "partnership_plan",
         "title": "Community safety partnership plan 2024-27", "approved": date(2024, 6, 13),
         "published": date(2024, 7, 1), "covers_from": date(2024, 4, 1),
         "covers_to": date(2027, 3, 31), "sent_to_pcc": date(2024, 7, 3),
         "url": "https://www.example.gov.uk/community-safety/plan"},
        {"document_id": "ISP-2024", "kind": "information_sharing_protocol",
         "title": "Information sharing protocol", "approved": date(2024, 6, 13),
         "signatories": "Exampleshire Council; Exampleshire Police; "
         "Exampleshire Fire and Rescue Service; NHS Exampleshire Integrated Care Board; "
         "Probation Service"},
    ),
    "DHR": (
        {"case_ref": "DHR-2024-01", "notified": date(2024, 5, 7), "decision": "commission",
         "decision_date": date(2024, 5, 28), "home_office_informed": date(2024, 5, 30),
         "chair_appointed": date(2024, 7, 1), "first_panel": date(2024, 8, 6),
         "qa_outcome": "pending", "restricted": "yes"},
    ),
    "ASB case reviews": (
        {"case_ref": "ASB-2024-01", "received": date(2024, 9, 2), "threshold_met": "yes",
         "threshold_decided": date(2024, 9, 10), "review_completed": date(2024, 10, 8),
         "outcome_notified": date(2024, 10, 10), "restricted": "yes"},
    ),
    "Reports": (
        {"date": date(2024, 7, 15), "to": "Exampleshire Health and Wellbeing Board",
         "what": "Annual report 2023-24", "topic": "performance"},
    ),
    "Waivers": (
        {"rule_id": "HM-SKILLS-REVIEW",
         "reason": "Skills review deferred while the board's membership is refreshed",
         "approved_by": "Chair of the partnership", "approved_on": date(2024, 9, 1),
         "expires": date(2025, 6, 30)},
    ),
}
"""Illustrative rows for `--example`: one fictional partnership, consistent across sheets
(attendance names members and meetings; the ISP's signatories are members)."""
