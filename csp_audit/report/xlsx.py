"""The Excel action plan: one row per finding that needs action, for a manager to work from.

Takes the plain report context (csp_audit/report/context.py), never the database. Every
value from the data is written as text, so a reason such as `=HYPERLINK(...)` can never
become a formula in the officer's spreadsheet. The file is byte-identical for the same
context: fixed workbook properties (dated the audit's as-of day) and fixed zip timestamps.
"""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from csp_audit.report.carry import MANAGER_COLUMNS, CarriedPlan
from csp_audit.report.clean import EXCEL_HEADER_CHARS, excel_cell, excel_header

ACTION_STATUSES = ("red", "amber", "waived")
"""Statuses that need someone to act: red and amber, and waived (never green, rules.md:
the waiver expires and the gap behind it remains)."""
PROGRESS_CHOICES = ("Not started", "In progress", "Done")
SPARE_ROWS = 50
"""Rows below the findings that keep the validations, for actions the partnership adds."""
MAX_EVIDENCE_LINES = 40
"""Evidence lines per cell; the rest are counted (an Excel cell holds 32,767 characters)."""
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# (header, width) in sheet order; the last four are for the partnership to fill in.
PLAN_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Rule", 16),
    ("Title", 30),
    ("Area", 18),
    ("Status", 12),
    ("Reason", 55),
    ("Source", 38),
    ("Evidence", 50),
    ("Guidance", 50),
    ("Owner", 20),
    ("Action", 40),
    ("Due date", 13),
    ("Progress", 14),
)
TAG_STYLES = {  # GOV.UK Frontend tag colours: text on fill, at least 4.5:1 contrast.
    "red": ("651B1B", "F4D7D7"),
    "amber": ("7A3C1C", "FFEE80"),
    "green": ("083D29", "CFE4DC"),
    "waived": ("0F385C", "D2E2F1"),
    "not_applicable": ("282D30", "E5E6E7"),
}
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0B0C0C")
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
THIN = Side(style="thin", color="B1B4B6")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def put_text(cell: Cell, value: str | None) -> None:
    """Write `value` as a plain string, never a formula, even when it starts with `=`;
    cleaned for a cell (csp_audit/report/clean.py: visible, within Excel's length)."""
    if value is None or value == "":
        return
    text = ILLEGAL_CHARACTERS_RE.sub("", excel_cell(str(value)))
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True


def action_findings(context: dict[str, Any]) -> list[dict[str, Any]]:
    """Findings that need action, worst first, keeping the run's order within a status."""
    order = {status: i for i, status in enumerate(ACTION_STATUSES)}
    chosen = [f for f in context["findings"] if f["status"] in order]
    return sorted(chosen, key=lambda f: order[f["status"]])


def sources_text(finding: dict[str, Any]) -> str:
    return "\n".join(
        f"{s['cite']} ({s['url']})" if s.get("url") else s["cite"] for s in finding["sources"]
    )


def evidence_text(finding: dict[str, Any]) -> str:
    lines = []
    for item in finding["evidence"]:
        where = item.get("sheet") or ""
        if where and item.get("row") is not None:
            where += f" row {item['row']}"
        lines.append(f"{where}: {item['record']}" if where else str(item["record"]))
    shown = lines[:MAX_EVIDENCE_LINES]
    if len(lines) > len(shown):
        shown.append(f"… and {len(lines) - len(shown)} more (see the HTML report)")
    withheld = finding.get("evidence_withheld") or 0
    if withheld:
        records = "record" if withheld == 1 else "records"
        shown.append(f"{withheld} restricted {records} left out of this public version")
    return "\n".join(shown)


def reason_text(finding: dict[str, Any]) -> str:
    waiver = finding.get("waiver")
    if not waiver:
        return finding["reason"]
    approved = f", approved by {waiver['approved_by']}" if waiver.get("approved_by") else ""
    return (
        f"{finding['reason']}\nWaiver until {waiver['expires_label']}{approved}: "
        f"{waiver['reason']}"
    )


def style_header(sheet: Worksheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = TOP_WRAP
        cell.border = GRID
        sheet.column_dimensions[get_column_letter(index)].width = width


def add_validations(sheet: Worksheet, first: int, last: int) -> None:
    """Owner and Action free text within a length, Due date a date, Progress a drop-down."""
    column = {header: get_column_letter(i) for i, (header, _) in enumerate(PLAN_COLUMNS, 1)}

    def span(header: str) -> str:
        return f"{column[header]}{first}:{column[header]}{last}"

    owner = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="255",
                           allow_blank=True, promptTitle="Owner",
                           prompt="Who is responsible: a named post or organisation.",
                           errorTitle="Owner", error="Keep the owner under 255 characters.")
    action = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="2000",
                            allow_blank=True, promptTitle="Action",
                            prompt="What will be done to make this rule green.",
                            errorTitle="Action", error="Keep the action under 2,000 characters.")
    due = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)",
                         formula2="DATE(2100,12,31)", allow_blank=True, promptTitle="Due date",
                         prompt="A date, for example 31/03/2026.", errorTitle="Due date",
                         error="Enter a date, for example 31/03/2026.")
    progress = DataValidation(type="list", formula1=f'"{",".join(PROGRESS_CHOICES)}"',
                              allow_blank=True, promptTitle="Progress",
                              prompt="Choose: " + ", ".join(PROGRESS_CHOICES) + ".",
                              errorTitle="Progress",
                              error="Choose one of: " + ", ".join(PROGRESS_CHOICES) + ".")
    for validation, header in ((owner, "Owner"), (action, "Action"), (due, "Due date"),
                               (progress, "Progress")):
        validation.showInputMessage = True
        validation.showErrorMessage = True
        validation.add(span(header))
        sheet.add_data_validation(validation)
    for row in range(first, last + 1):
        sheet[f"{column['Due date']}{row}"].number_format = "DD/MM/YYYY"


def write_action_plan(sheet: Worksheet, context: dict[str, Any]) -> None:
    sheet.append([header for header, _ in PLAN_COLUMNS])
    style_header(sheet, [width for _, width in PLAN_COLUMNS])
    area_titles = {area["id"]: area["title"] for area in context["areas"]}
    carried: CarriedPlan = context.get("carried_plan") or CarriedPlan()
    findings = planned_findings(context, carried)
    for row, finding in enumerate(findings, start=2):
        values = (
            finding["rule_id"],
            finding["title"],
            area_titles.get(finding["area"], finding["area"]),
            finding["status_label"],
            reason_text(finding),
            sources_text(finding),
            evidence_text(finding),
            finding["guidance"],
        )
        for column, value in enumerate(values, start=1):
            put_text(sheet.cell(row=row, column=column), value)
        put_entries(sheet, row, carried.by_rule.get(finding["rule_id"], {}))
        for column in range(1, len(PLAN_COLUMNS) + 1):
            cell = sheet.cell(row=row, column=column)
            cell.alignment = TOP_WRAP
            cell.border = GRID
        text_colour, fill = TAG_STYLES[finding["status"]]
        tag = sheet.cell(row=row, column=4)
        tag.font = Font(bold=True, color=text_colour)
        tag.fill = PatternFill("solid", fgColor=fill)
    planned = {finding["rule_id"] for finding in findings}
    kept = [{"Rule": rule, **entries} for rule, entries in carried.by_rule.items()
            if rule not in planned] + list(carried.added_rows)
    for row, values in enumerate(kept, start=len(findings) + 2):
        for column, (header, _) in enumerate(PLAN_COLUMNS, start=1):
            if header not in MANAGER_COLUMNS:
                put_text(sheet.cell(row=row, column=column), _shown(values.get(header)))
        put_entries(sheet, row, values)
    last = len(findings) + len(kept) + 1
    add_validations(sheet, 2, last + SPARE_ROWS)
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(PLAN_COLUMNS))}{max(last, 2)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    right = excel_header(context["version_label"], 40)
    sheet.oddHeader.right.text = right
    # NOTE: Excel refuses a header over 255 characters, its codes (&C, &R) included.
    sheet.oddHeader.center.text = excel_header(f"{context['partnership']['name']}: action plan",
                                               EXCEL_HEADER_CHARS - len(right) - 8)
    sheet.oddFooter.center.text = "Page &P of &N"


def planned_findings(context: dict[str, Any], carried: CarriedPlan) -> list[dict[str, Any]]:
    """The findings that need action, then those a person wrote entries for in the plan
    before that no longer need action (a rule now green keeps its "Done")."""
    chosen = action_findings(context)
    ids = {finding["rule_id"] for finding in chosen}
    return chosen + [f for f in context["findings"]
                     if f["rule_id"] in carried.by_rule and f["rule_id"] not in ids]


def put_entries(sheet: Worksheet, row: int, entries: dict[str, object]) -> None:
    """A person's Owner, Action, Due date and Progress, carried from the plan before: text as
    text (never a formula), a due date as a date."""
    for column, (header, _) in enumerate(PLAN_COLUMNS, start=1):
        if header not in MANAGER_COLUMNS or entries.get(header) is None:
            continue
        value = entries[header]
        cell = sheet.cell(row=row, column=column)
        if header == "Due date" and isinstance(value, date):
            cell.value = value
        else:
            put_text(cell, _shown(value))


def _shown(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value.isoformat() if isinstance(value, date) else str(value)


def summary_rows(context: dict[str, Any]) -> list[tuple[str, str]]:
    period = context["period"]
    checklists = "\n".join(
        f"{c['title'] or c['id']} (version {c['version']})" for c in context["checklists"]
    )
    return [
        ("Partnership", context["partnership"]["name"]),
        ("Code", context["partnership"]["code"]),
        ("Reporting year", f"{context['year']} ({period['start_label']} to "
                           f"{period['end_label']})"),
        ("As of", context["as_of_label"]),
        ("Version", context["version_label"]),
        ("About this version", context["version_note"]),
        ("Checklists", checklists),
        ("csp-audit version", context["tool_version"]),
        ("Overall rating", context["overall_label"]),
        ("Rules checked", str(context["total"])),
        ("Actions in the plan", str(len(action_findings(context)))),
        *warnings_rows(context),
    ]


def warnings_rows(context: dict[str, Any]) -> list[tuple[str, str]]:
    """The run's warnings about the input, when it has any (public: those it may show)."""
    lines = list(context["warnings"])
    withheld = context["warnings_withheld"]
    if withheld:
        what = ("warning names a restricted record and is" if withheld == 1
                else "warnings name restricted records and are")
        lines.append(f"{withheld} {what} left out of this version")
    return [("Warnings about the input", "\n".join(lines))] if lines else []


def write_summary(sheet: Worksheet, context: dict[str, Any]) -> None:
    sheet.append(["Item", "Value"])
    style_header(sheet, [24, 80])
    for label, value in summary_rows(context):
        sheet.append([label])
        put_text(sheet.cell(row=sheet.max_row, column=2), value)
    overall_row = next(i for i, row in enumerate(summary_rows(context), start=2)
                       if row[0] == "Overall rating")
    text_colour, fill = TAG_STYLES[context["overall"]]
    sheet.cell(row=overall_row, column=2).font = Font(bold=True, color=text_colour)
    sheet.cell(row=overall_row, column=2).fill = PatternFill("solid", fgColor=fill)
    sheet.append([])
    sheet.append(["Status", "Rules"])
    heading = sheet.max_row
    for column in (1, 2):
        sheet.cell(row=heading, column=column).font = HEADER_FONT
        sheet.cell(row=heading, column=column).fill = HEADER_FILL
    for count in context["counts"]:
        sheet.append([count["label"], count["count"]])
        text_colour, fill = TAG_STYLES[count["status"]]
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, color=text_colour)
        sheet.cell(row=sheet.max_row, column=1).fill = PatternFill("solid", fgColor=fill)
    for row in sheet.iter_rows(min_row=2, max_col=2):
        for cell in row:
            cell.alignment = TOP_WRAP
    for cell in sheet["A"][1:]:
        if cell.value and cell.row < heading:
            cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.oddFooter.center.text = "Page &P of &N"


def build_workbook(context: dict[str, Any]) -> Workbook:
    workbook = Workbook()
    plan = workbook.active
    plan.title = "Action plan"
    write_action_plan(plan, context)
    write_summary(workbook.create_sheet("Summary"), context)
    name = context["partnership"]["name"]
    stamp = datetime.combine(date.fromisoformat(context["as_of"]), datetime.min.time())
    properties = workbook.properties
    properties.creator = f"csp-audit {context['tool_version']}"
    properties.lastModifiedBy = properties.creator
    properties.title = ILLEGAL_CHARACTERS_RE.sub(
        "", excel_cell(f"{name}: action plan {context['year']}", EXCEL_HEADER_CHARS))
    properties.subject = f"Community Safety Partnership audit, {context['version_label']}"
    properties.keywords = context["version"]
    properties.created = stamp
    properties.modified = stamp
    return workbook


def fixed_zip(raw: bytes) -> bytes:
    """Rewrite the .xlsx zip with fixed entry timestamps, so reruns are byte-identical."""
    out = BytesIO()
    with ZipFile(BytesIO(raw)) as source, ZipFile(out, "w", ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def render_xlsx(context: dict[str, Any], path: Path) -> Path:
    """Write the action plan workbook for `context` to `path`."""
    buffer = BytesIO()
    with ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(build_workbook(context), archive).save()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(fixed_zip(buffer.getvalue()))
    return path
