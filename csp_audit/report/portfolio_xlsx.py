"""The portfolio as an Excel workbook: a "By rule" sheet of counts and a "Matrix" sheet of
partnerships x rules, each status in words on its tag colour (never colour alone).

Takes the plain portfolio context (csp_audit/report/portfolio.py); byte-identical for the
same context, as the single action plan is.
"""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from csp_audit.report.xlsx import (
    HEADER_FILL,
    HEADER_FONT,
    TAG_STYLES,
    TOP_WRAP,
    fixed_zip,
    put_text,
)

NOT_CHECKED = "–"
FILLS = {status: (Font(bold=True, color=text), PatternFill("solid", fgColor=fill))
         for status, (text, fill) in TAG_STYLES.items()}


def _header(sheet: Worksheet, titles: list[str], widths: list[int]) -> None:
    sheet.append(titles)
    for index, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, TOP_WRAP
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B2"


def _tag(sheet: Worksheet, row: int, column: int, status: str, label: str) -> None:
    cell = sheet.cell(row=row, column=column)
    put_text(cell, label)
    cell.font, cell.fill = FILLS[status]


def write_by_rule(sheet: Worksheet, context: dict[str, Any]) -> None:
    statuses = [s["label"] for s in context["statuses"]]
    _header(sheet, ["Rule", "Title", "Area", *statuses, "Not checked"],
            [22, 50, 24, *([12] * len(statuses)), 12])
    for number, rule in enumerate(context["rules"], start=2):
        for column, value in enumerate((rule["rule_id"], rule["title"], rule["area_title"]), 1):
            put_text(sheet.cell(row=number, column=column), value)
        for column, count in enumerate(rule["counts"], start=4):
            sheet.cell(row=number, column=column, value=count["count"])
        sheet.cell(row=number, column=4 + len(rule["counts"]), value=rule["not_checked"])


def write_matrix(sheet: Worksheet, context: dict[str, Any]) -> None:
    rule_ids = [rule["rule_id"] for rule in context["rules"]]
    _header(sheet, ["Partnership", "Code", "Year", "Overall", *rule_ids],
            [40, 16, 10, 12, *([16] * len(rule_ids))])
    for number, partnership in enumerate(context["partnerships"], start=2):
        for column, value in enumerate((partnership["name"], partnership["code"],
                                        partnership["year"]), start=1):
            put_text(sheet.cell(row=number, column=column), value)
        _tag(sheet, number, 4, partnership["overall"], partnership["overall_label"])
        for column, cell in enumerate(partnership["cells"], start=5):
            if cell is None:
                put_text(sheet.cell(row=number, column=column), NOT_CHECKED)
            else:
                _tag(sheet, number, column, cell["status"], cell["label"])


def build_workbook(context: dict[str, Any]) -> Workbook:
    workbook = Workbook()
    by_rule = workbook.active
    by_rule.title = "By rule"
    write_by_rule(by_rule, context)
    write_matrix(workbook.create_sheet("Matrix"), context)
    properties = workbook.properties
    properties.creator = f"csp-audit {context['tool_version']}"
    properties.lastModifiedBy = properties.creator
    properties.title = f"Portfolio audit {context['year_label']} ({context['version_label']})"
    if context["as_of"]:
        stamp = datetime.combine(date.fromisoformat(context["as_of"]), datetime.min.time())
        properties.created = properties.modified = stamp
    return workbook


def render_portfolio_xlsx(context: dict[str, Any], path: Path) -> Path:
    buffer = BytesIO()
    with ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(build_workbook(context), archive).save()
    path.write_bytes(fixed_zip(buffer.getvalue()))
    return path
